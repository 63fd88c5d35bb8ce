package search

import (
	"cmp"
	"context"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/loket/loket"
)

const (
	maxSuggestWords = 8
	maxSuggestions  = 20
	titleBonus      = 1.5 // a title says best what the document is about
)

// suggestions is the prefix index of one field language: the phrasings
// (titles and customer questions) of its documents, best first, and their
// distinct words in order, each with the phrasings it occurs in. It is
// made anew for every snapshot and never changed.
type suggestions struct {
	phrasings []suggestion
	words     []string   // sorted
	postings  [][]uint32 // per word: indexes into phrasings, ascending
}

// suggestion is one phrasing that can be suggested.
type suggestion struct {
	e     *entry
	text  string
	score float64 // how good a suggestion it is, whatever was typed
}

// suggest completes a partly typed query from the titles and customer
// questions of the documents aud may read. Every typed word, or one of its
// synonyms, must start a word of the title or question; one suggestion per
// document, its best phrasing.
func (ix *Index) suggest(_ context.Context, locale loket.Locale, prefix string, limit int, aud loket.Audience) ([]loket.Suggestion, error) {
	if limit <= 0 || limit > maxSuggestions {
		limit = min(max(limit, 5), maxSuggestions)
	}
	words := suggestWords(ix, clip(prefix, 200))
	if len(words) == 0 {
		return nil, nil
	}
	st := ix.state.Load()
	keep := func(e *entry) bool {
		return aud.Allows(e.meta.Audience) && (locale == "" || e.meta.Locale == locale)
	}
	var found []suggestion
	for _, lang := range searchLanguages(st, locale) {
		if s := st.suggestions[lang]; s != nil {
			found = append(found, s.find(words, st.synonymWords[lang], keep, limit)...)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := make([]loket.Suggestion, 0, min(limit, len(found)))
	for i := 0; i < len(found) && i < limit; i++ {
		out = append(out, loket.Suggestion{Text: found[i].text, Meta: found[i].e.meta})
	}
	return out, nil
}

// find returns the best phrasings, at most limit and one per document, in
// which every word (or a synonym) starts a word, of documents keep accepts.
func (s *suggestions) find(words []string, synonyms map[string][]string, keep func(*entry) bool, limit int) []suggestion {
	var match []uint64
	for _, w := range words {
		set := make([]uint64, (len(s.phrasings)+63)/64)
		for _, x := range append([]string{w}, synonyms[w]...) {
			lo, hi := s.prefixRange(x)
			for _, p := range s.postings[lo:hi] {
				for _, i := range p {
					set[i/64] |= 1 << (i % 64)
				}
			}
		}
		if match == nil {
			match = set
			continue
		}
		for i := range match {
			match[i] &= set[i]
		}
	}
	var out []suggestion
	seen := map[*entry]bool{}
	for i, word := range match {
		for word != 0 {
			p := s.phrasings[i*64+bits.TrailingZeros64(word)]
			word &= word - 1
			if seen[p.e] || !keep(p.e) {
				continue
			}
			seen[p.e] = true
			if out = append(out, p); len(out) == limit {
				return out
			}
		}
	}
	return out
}

// prefixRange returns the range of words that start with prefix.
func (s *suggestions) prefixRange(prefix string) (int, int) {
	lo := sort.SearchStrings(s.words, prefix)
	hi := lo + sort.Search(len(s.words)-lo, func(i int) bool { return !strings.HasPrefix(s.words[lo+i], prefix) })
	return lo, hi
}

// newSuggestions makes the prefix index of every language of st.
func (ix *Index) newSuggestions(st *state) map[string]*suggestions {
	type phrasing struct {
		suggestion
		words []string
	}
	byLang := map[string][]phrasing{}
	for _, e := range st.entries {
		if e.phrasingWords == nil {
			e.phrasingWords = ix.phrasingWords(e.meta)
		}
		texts := append([]string{e.meta.Title}, e.meta.Questions...)
		for k, words := range e.phrasingWords {
			if len(words) > 0 {
				p := phrasing{suggestion{e: e, text: texts[k], score: e.meta.Boost}, words}
				if k == 0 {
					p.score *= titleBonus
				}
				byLang[e.lang()] = append(byLang[e.lang()], p)
			}
		}
	}
	out := map[string]*suggestions{}
	for lang, ps := range byLang {
		total := 0
		for _, p := range ps {
			total += len(p.words)
		}
		avg := float64(total) / float64(len(ps))
		for i := range ps {
			// Shorter phrasings first, as BM25 would rank them: the typed
			// words are more of what they say.
			ps[i].score *= saturate(1, lengthNorm(len(ps[i].words), avg))
		}
		slices.SortStableFunc(ps, func(a, b phrasing) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return strings.Compare(a.e.id, b.e.id)
		})
		s := &suggestions{phrasings: make([]suggestion, len(ps))}
		words := make([][]string, len(ps))
		for i, p := range ps {
			s.phrasings[i], words[i] = p.suggestion, p.words
		}
		s.index(words)
		out[lang] = s
	}
	return out
}

// reuseSuggestions returns the suggestions of old for next when the change
// between them left every title, question, boost, audience and locale as
// it was, as saving an article's body does: the same phrasings in the same
// order, pointing at next's entries. Making them anew took most of the
// time of such a reload at 10,000 articles. It reports false when they
// must be made anew.
func reuseSuggestions(old, next *state, changed []*entry) (map[string]*suggestions, bool) {
	if old.suggestions == nil || len(old.entries) != len(next.entries) {
		return nil, false
	}
	moved := make(map[*entry]*entry, len(changed))
	for _, e := range changed {
		prev := old.entries[e.id]
		if prev == nil || !samePhrasings(prev.meta, e.meta) {
			return nil, false
		}
		moved[prev] = e
	}
	out := make(map[string]*suggestions, len(old.suggestions))
	for lang, s := range old.suggestions {
		ns := &suggestions{phrasings: slices.Clone(s.phrasings), words: s.words, postings: s.postings}
		for i := range ns.phrasings {
			if e, ok := moved[ns.phrasings[i].e]; ok {
				ns.phrasings[i].e = e
			}
		}
		out[lang] = ns
	}
	return out, true
}

// samePhrasings reports whether two versions of a document are suggested
// alike.
func samePhrasings(a, b *loket.Meta) bool {
	return a.Title == b.Title && slices.Equal(a.Questions, b.Questions) && a.Boost == b.Boost &&
		a.Audience == b.Audience && a.Locale == b.Locale && a.Kind == b.Kind
}

// index lists the distinct words of the phrasings, each with the
// phrasings it occurs in; words[i] are the words of phrasing i.
func (s *suggestions) index(words [][]string) {
	byWord := map[string][]uint32{}
	for i, ws := range words {
		for _, w := range ws {
			if l := byWord[w]; len(l) == 0 || l[len(l)-1] != uint32(i) {
				byWord[w] = append(l, uint32(i))
			}
		}
	}
	s.words = slices.Sorted(maps.Keys(byWord))
	s.postings = make([][]uint32, len(s.words))
	for i, w := range s.words {
		s.postings[i] = byWord[w]
	}
}

// phrasingWords returns the words of a document's title and of each of its
// questions, as suggestWords analyses typed text.
func (ix *Index) phrasingWords(m *loket.Meta) [][]string {
	a := ix.mapping.AnalyzerNamed(analyzerSuggestQuery)
	out := make([][]string, 0, 1+len(m.Questions))
	for _, text := range append([]string{m.Title}, m.Questions...) {
		words := []string{}
		for _, tok := range analyzeFast(a, []byte(text)) {
			words = append(words, string(tok.Term))
		}
		out = append(out, words)
	}
	return out
}

// suggestWords analyses typed text into the lower-case, folded words
// suggestions are matched against; one-letter words are left out.
func suggestWords(ix *Index, text string) []string {
	var out []string
	for _, tok := range analyzeFast(ix.mapping.AnalyzerNamed(analyzerSuggestQuery), []byte(text)) {
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
