package search

import (
	"context"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/loket/loket"
)

const (
	maxSuggestWords = 8
	maxSuggestions  = 20
	gramMax         = 20 // the longest edge n-gram indexed
)

// suggest completes a partly typed query from the titles and customer
// questions of the documents aud may read. Every typed word must start a
// word of the title or question; the last one may be unfinished.
func (ix *Index) suggest(ctx context.Context, locale loket.Locale, prefix string, limit int, aud loket.Audience) ([]loket.Suggestion, error) {
	if limit <= 0 || limit > maxSuggestions {
		limit = min(max(limit, 5), maxSuggestions)
	}
	words := suggestWords(ix, clip(prefix, 200))
	if len(words) == 0 {
		return nil, nil
	}
	st := ix.state.Load()
	var perLang []query.Query
	alts := map[string][]string{}
	for _, lang := range searchLanguages(st, locale) {
		var must []query.Query
		for _, w := range words {
			// A typed word also finds its synonyms: "paswoord" suggests
			// "Wachtwoord vergeten".
			ws := append([]string{w}, st.synonymWords[lang][w]...)
			alts[w] = append(alts[w], ws[1:]...)
			var any []query.Query
			for _, x := range ws {
				any = append(any, termQuery(fieldSuggest+"_"+lang, clipWord(x), 1))
			}
			must = append(must, bleve.NewDisjunctionQuery(any...))
		}
		perLang = append(perLang, bleve.NewConjunctionQuery(must...))
	}
	q := query.NewBooleanQueryForQueryString(
		[]query.Query{filterQuery(loket.Query{Locale: locale}, aud), bleve.NewDisjunctionQuery(perLang...)}, nil, nil)
	res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, limit*3, 0, false))
	if err != nil {
		return nil, loket.Errorf(loket.EUNAVAILABLE, "suggestions are not available: %v", err)
	}
	type scored struct {
		loket.Suggestion
		score float64
	}
	var out []scored
	for _, h := range res.Hits {
		e, ok := st.entries[h.ID]
		if !ok || !aud.Allows(e.meta.Audience) {
			continue
		}
		text, title := suggestionText(e.meta, words, alts)
		if text == "" {
			continue
		}
		s := h.Score * e.meta.Boost
		if title {
			s *= 1.5 // a title says best what the document is about
		}
		out = append(out, scored{loket.Suggestion{Text: text, Meta: e.meta}, s})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	res2 := make([]loket.Suggestion, 0, min(limit, len(out)))
	for i := 0; i < len(out) && i < limit; i++ {
		res2 = append(res2, out[i].Suggestion)
	}
	return res2, nil
}

// suggestWords analyses typed text into the lower-case, folded words the
// suggestion field is matched against; one-letter words are left out.
func suggestWords(ix *Index, text string) []string {
	var out []string
	for _, tok := range ix.mapping.AnalyzerNamed(analyzerSuggestQuery).Analyze([]byte(text)) {
		w := string(tok.Term)
		if len([]rune(w)) < 2 {
			continue
		}
		out = append(out, w)
		if len(out) == maxSuggestWords {
			break
		}
	}
	return out
}

// clipWord cuts a word to the longest edge n-gram indexed.
func clipWord(w string) string {
	if r := []rune(w); len(r) > gramMax {
		return string(r[:gramMax])
	}
	return w
}

// suggestionText returns the title, or else the first question, in which
// every typed word (or one of its synonyms) starts a word; and whether it
// is the title.
func suggestionText(m *loket.Meta, words []string, alts map[string][]string) (string, bool) {
	if startsWords(m.Title, words, alts) {
		return m.Title, true
	}
	for _, q := range m.Questions {
		if startsWords(q, words, alts) {
			return q, false
		}
	}
	return "", false
}

func startsWords(text string, words []string, alts map[string][]string) bool {
	fields := strings.FieldsFunc(strings.ToLower(string(fold(text))), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	for _, w := range words {
		found := false
		for _, f := range fields {
			for _, x := range append([]string{w}, alts[w]...) {
				if strings.HasPrefix(f, x) {
					found = true
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}
