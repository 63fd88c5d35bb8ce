package search

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/loket/loket"
)

const (
	maxTerms      = 32  // query words looked at; the rest are ignored
	minCandidates = 100 // hits fetched from Bleve before reranking
)

// search runs q for a reader of audience aud. Bleve finds the candidates,
// applies the audience, locale, category and kind filters and counts the
// categories; the candidates are then ranked by score (see rank.go) times
// the editor's boost.
func (ix *Index) search(ctx context.Context, q loket.Query, aud loket.Audience) (*loket.Result, error) {
	start := time.Now()
	run, err := ix.find(ctx, q, aud)
	if err != nil || run == nil {
		return &loket.Result{Took: time.Since(start)}, err
	}
	out := &loket.Result{Total: run.total, Facets: run.facets, Correction: correction(run.queries)}
	if q.Offset < len(run.hits) {
		for _, h := range run.hits[q.Offset:min(len(run.hits), q.Offset+run.limit)] {
			e := run.st.entries[docID(h.Meta)]
			h.Snippet = ix.snippet(e, run.queries[e.lang()], run.st.collections[e.lang()])
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
	hits    []loket.Hit // ranked candidates
	total   int
	facets  []loket.Facet
	limit   int
}

// find ranks the candidates for q. It returns nil, without error, when the
// query holds no searchable word.
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
	tq := textQuery(queries, st)
	if tq == nil {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(filterQuery(q, aud), tq), max(minCandidates, 2*(q.Offset+limit)), 0, false)
	req.AddFacet(fieldCategory, bleve.NewFacetRequest(fieldCategory, 50))
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, loket.Errorf(loket.EUNAVAILABLE, "search is not available: %v", err)
	}
	return &searchRun{st: st, queries: queries, hits: rank(st, queries, res.Hits, aud),
		total: int(res.Total), facets: facets(res), limit: limit}, nil
}

// parseQueries analyses text for every language searched.
func (ix *Index) parseQueries(st *state, text, context string, locale loket.Locale, aud loket.Audience) (map[string]*parsedQuery, error) {
	out := map[string]*parsedQuery{}
	if text == "" {
		return out, nil
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, loket.Errorf(loket.EUNAVAILABLE, "search is not available: %v", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, loket.Errorf(loket.EUNAVAILABLE, "search is not available: %v", err)
	}
	defer r.Close()
	fuzzy := ix.fuzzyTerms(r)
	for _, lang := range searchLanguages(st, locale) {
		if pq := ix.parseQuery(st, lang, text, context, aud, fuzzy); len(pq.slots) > 0 {
			out[lang] = pq
		}
	}
	return out, nil
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

// filterQuery restricts a search to what aud may read, and to the locale,
// category and kind asked for.
func filterQuery(q loket.Query, aud loket.Audience) query.Query {
	var must []query.Query
	if aud != loket.AudienceInternal {
		must = append(must, termQuery(fieldAudience, string(loket.AudiencePublic), 0))
	}
	if q.Locale != "" {
		must = append(must, termQuery(fieldLocale, string(q.Locale), 0))
	}
	if q.Category != "" {
		must = append(must, termQuery(fieldCategory, q.Category, 0))
	}
	if q.Kind != "" {
		must = append(must, termQuery(fieldKind, string(q.Kind), 0))
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

func termQuery(field, value string, boost float64) query.Query {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}

var bleveFields = [numFields]string{fTitle: fieldTitle, fQuestions: fieldQuestion, fTags: fieldTags, fBody: fieldBody}

// textQuery finds the candidates: documents with any of the query's terms
// (or their synonyms, which Bleve expands) in any text field. Terms found in
// a large share of the documents ("de", "the", "mijn") are left out when the
// query has rarer ones: they would make Bleve visit nearly every document,
// and ranking still counts them. It returns nil when no query holds a term.
func textQuery(queries map[string]*parsedQuery, st *state) query.Query {
	var should []query.Query
	for lang, pq := range queries {
		coll := st.collections[lang]
		rare := 0
		for _, s := range pq.slots {
			if !coll.frequent(s.alts) {
				rare++
			}
		}
		for f, name := range bleveFields {
			for _, s := range pq.slots {
				if rare > 0 && coll.frequent(s.alts) {
					continue
				}
				for _, a := range s.alts {
					should = append(should, termQuery(name+"_"+lang, a.term, fieldWeight[f]*a.weight))
				}
			}
		}
	}
	if len(should) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(should...)
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

// rank orders Bleve's candidates by their score times the editor's boost.
// Bleve's own score only breaks ties. Hits for documents the audience may
// not read, or that left the snapshot meanwhile, are dropped.
func rank(st *state, queries map[string]*parsedQuery, raw search.DocumentMatchCollection, aud loket.Audience) []loket.Hit {
	hits := make([]loket.Hit, 0, len(raw))
	for _, m := range raw {
		e, ok := st.entries[m.ID]
		if !ok || !aud.Allows(e.meta.Audience) {
			continue
		}
		s, conf := 1e-3*m.Score, 0.0
		if pq := queries[e.lang()]; pq != nil {
			coll := st.collections[e.lang()]
			s += coll.score(pq, e.profile)
			conf = coll.confidence(pq, e.profile)
		}
		hits = append(hits, loket.Hit{Meta: e.meta, Score: s * e.meta.Boost, Confidence: conf})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Meta.Key().String() < hits[j].Meta.Key().String()
	})
	return hits
}

func facets(res *bleve.SearchResult) []loket.Facet {
	fr, ok := res.Facets[fieldCategory]
	if !ok || fr.Terms == nil {
		return nil
	}
	var out []loket.Facet
	for _, t := range fr.Terms.Terms() {
		if t.Term != "" {
			out = append(out, loket.Facet{Category: t.Term, Count: t.Count})
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
