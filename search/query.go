package search

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/loket/loket"
)

const (
	maxTerms      = 32  // query words looked at; the rest are ignored
	minCandidates = 100 // candidates ranked, at least
)

// search runs q for a reader of audience aud: the matching documents are
// found and counted per category, and the best of them ranked by score
// (see rank.go) times the editor's boost (see candidate.go).
func (ix *Index) search(ctx context.Context, q loket.Query, aud loket.Audience) (*loket.Result, error) {
	start := time.Now()
	run, err := ix.find(ctx, q, aud)
	if err != nil || run == nil {
		return &loket.Result{Took: time.Since(start)}, err
	}
	out := &loket.Result{Total: run.total, Facets: run.facets, Correction: correction(run.queries)}
	if q.Offset < len(run.hits) {
		markers := map[string]*marker{}
		for _, h := range run.hits[q.Offset:min(len(run.hits), q.Offset+run.limit)] {
			e := run.st.entries[docID(h.Meta)]
			lang := e.lang()
			m, ok := markers[lang]
			if !ok {
				m = newMarker(ix.analyzer(lang), run.queries[lang], run.st.collections[lang])
				markers[lang] = m
			}
			h.Snippet = snippet(e, m)
			out.Hits = append(out.Hits, h)
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// searchRun is a search before its hits are cut to a page: what search and
// passages share.
type searchRun struct {
	st      *state
	queries map[string]*parsedQuery
	hits    []loket.Hit // the ranked hits up to the end of the page asked for
	total   int
	facets  []loket.Facet
	limit   int
}

// maxFacets is the number of categories counted at most.
const maxFacets = 50

// find ranks the hits for q up to the end of the page it asks for. It
// returns nil, without error, when the query holds no searchable word.
// Only the hits of that page get a confidence.
func (ix *Index) find(ctx context.Context, q loket.Query, aud loket.Audience) (*searchRun, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return nil, loket.Errorf(loket.EINVALID, "offset and limit must not be negative")
	}
	limit := q.Limit
	if limit == 0 {
		limit = loket.DefaultLimit
	}
	limit = min(limit, loket.MaxLimit)
	st := ix.state.Load()
	queries, err := ix.parseQueries(st, clip(q.Text, loket.MaxQueryLength), q.Context, q.Locale, aud)
	if err != nil {
		return nil, err
	}
	if len(queries) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, loket.Errorf(loket.EUNAVAILABLE, "search is not available: %v", err)
	}
	sc, _ := ix.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	all := 0
	for _, c := range st.collections {
		all += c.docs
	}
	f := ix.newFilter(q, aud)
	m := &matches{n: max(minCandidates, 2*(q.Offset+limit)), facets: map[uint32]int{}}
	for _, lang := range sortedKeys(queries) {
		st.collections[lang].match(queries[lang], &f, all, sc, m)
	}
	ix.scratch.Put(sc)
	run := &searchRun{st: st, queries: queries, total: m.total, facets: ix.facets(m.facets), limit: limit}
	for i, s := range rank(m.best) {
		if i == q.Offset+limit {
			break
		}
		h := loket.Hit{Meta: s.e.meta, Score: s.score}
		if i >= q.Offset {
			h.Confidence = s.coll.confidence(s.pq, s.e.profile)
		}
		run.hits = append(run.hits, h)
	}
	return run, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// facets lists the categories counted, most frequent first.
func (ix *Index) facets(counts map[uint32]int) []loket.Facet {
	out := make([]loket.Facet, 0, len(counts))
	for c, n := range counts {
		if name := ix.labels.term(c); name != "" {
			out = append(out, loket.Facet{Category: name, Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Category < out[j].Category
	})
	if len(out) == 0 {
		return nil
	}
	return out[:min(len(out), maxFacets)]
}

// parseQueries analyses text for every language searched.
func (ix *Index) parseQueries(st *state, text, context string, locale loket.Locale, aud loket.Audience) (map[string]*parsedQuery, error) {
	out := map[string]*parsedQuery{}
	if text == "" {
		return out, nil
	}
	// The index is read only to look up spellings of unknown words, which
	// most queries have none of.
	var reader index.IndexReader
	var readErr error
	defer func() {
		if reader != nil {
			reader.Close()
		}
	}()
	fuzzy := func(lang, term string, vocab func(id uint32) int32) []alt {
		if reader == nil && readErr == nil {
			reader, readErr = ix.reader()
		}
		if readErr != nil {
			return nil
		}
		return ix.fuzzyTerms(reader, lang, term, vocab)
	}
	for _, lang := range searchLanguages(st, locale) {
		if pq := ix.parseQuery(st, lang, text, context, aud, fuzzy); len(pq.slots) > 0 {
			out[lang] = pq
		}
	}
	if readErr != nil {
		return nil, loket.Errorf(loket.EUNAVAILABLE, "search is not available: %v", readErr)
	}
	return out, nil
}

// reader opens a reader of the Bleve index.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// correction returns a "did you mean" spelling of the query: only when no
// language searched knew all its words, and then from the first language
// that could correct it.
func correction(queries map[string]*parsedQuery) string {
	langs := make([]string, 0, len(queries))
	for lang, pq := range queries {
		if pq.correction == "" {
			return ""
		}
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	if len(langs) == 0 {
		return ""
	}
	return queries[langs[0]].correction
}

// searchLanguages returns the field languages a query in locale searches.
func searchLanguages(st *state, locale loket.Locale) []string {
	if locale != "" {
		return []string{fieldLanguage(locale.Language())}
	}
	seen := map[string]bool{}
	var out []string
	for _, l := range st.snap.Locales() {
		lang := fieldLanguage(l.Language())
		if !seen[lang] {
			seen[lang] = true
			out = append(out, lang)
		}
	}
	return out
}

// clip trims s and cuts it to at most n runes.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
