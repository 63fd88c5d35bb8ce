package search

import (
	"container/heap"
	"math"
	"slices"

	"github.com/loket/loket"
)

// Candidate selection. The documents a query matches are those with any of
// its terms (or their synonyms and spellings) in any field; terms found in
// a large share of the documents ("de", "the", "mijn") are left out when
// the query has rarer ones, as they would match nearly everything. One pass
// over the postings of those terms counts the matches and their categories
// and gives each match a quick score: BM25 per field as Bleve computes it,
// times the share of the query's term and field pairs the document has.
// Only the best matches by that score are ranked (see rank.go): the quick
// score prefers documents with more of the query's words, which the
// ranking alone does not, and that choice of candidates gives better
// answers than ranking every match (measured in docs/benchmarks.md).

// scratch is the memory of one search, kept between searches.
type scratch struct {
	quick   []float64 // by ordinal: the quick score, 0 when not matched
	pairs   []uint16  // by ordinal: the term and field pairs matched
	touched []uint32  // the ordinals matched
}

// candidate is a matched document with its quick score.
type candidate struct {
	e     *entry
	quick float64
	coll  *collection
	pq    *parsedQuery
}

// matches is what candidate selection finds for a search: the number of
// matches, per category too, and the n best candidates, in a heap with
// the worst on top.
type matches struct {
	n      int
	best   worstCandidateFirst
	total  int
	facets map[uint32]int // by category label
}

// filter is a search's filters as labels.
type filter struct {
	internal               bool // internal documents may be found
	locale, category, kind uint32
	anyLocale, anyCategory bool
	anyKind                bool
	none                   bool // a filter names a label no document has
}

// newFilter returns the filter of q for a reader of audience aud.
func (ix *Index) newFilter(q loket.Query, aud loket.Audience) filter {
	f := filter{internal: aud == loket.AudienceInternal, anyLocale: q.Locale == "", anyCategory: q.Category == "", anyKind: q.Kind == ""}
	label := func(s string, id *uint32) {
		if s != "" {
			var ok bool
			if *id, ok = ix.labels.lookup(s); !ok {
				f.none = true
			}
		}
	}
	label(string(q.Locale), &f.locale)
	label(q.Category, &f.category)
	label(string(q.Kind), &f.kind)
	return f
}

// allows reports whether a document passes the filter.
func (f *filter) allows(a *docAttrs) bool {
	return a.live && (a.public || f.internal) &&
		(f.anyLocale || a.locale == f.locale) &&
		(f.anyCategory || a.category == f.category) &&
		(f.anyKind || a.kind == f.kind)
}

// match finds the documents of one language that pq matches and f allows,
// with their quick scores.
func (c *collection) match(pq *parsedQuery, f *filter, all int, sc *scratch, out *matches) {
	if c == nil || c.docs == 0 || f.none {
		return
	}
	if len(sc.quick) < len(c.byOrd) {
		sc.quick = make([]float64, len(c.byOrd))
		sc.pairs = make([]uint16, len(c.byOrd))
	}
	rare := 0
	for _, s := range pq.slots {
		if !c.frequent(s.alts) {
			rare++
		}
	}
	pairs := 0
	for i := range pq.slots {
		s := &pq.slots[i]
		if rare > 0 && c.frequent(s.alts) {
			continue
		}
		for j := range s.alts {
			c.quickScore(&s.alts[j], all, sc)
			pairs += numFields
		}
	}
	for _, ord := range sc.touched {
		quick := sc.quick[ord] * float64(sc.pairs[ord]) / float64(pairs)
		sc.quick[ord], sc.pairs[ord] = 0, 0
		a := &c.attrs[ord]
		if !f.allows(a) {
			continue
		}
		out.total++
		out.facets[a.category]++
		if len(out.best) < out.n || quick >= out.best[0].quick {
			out.add(candidate{e: c.byOrd[ord], quick: quick, coll: c, pq: pq})
		}
	}
	sc.touched = sc.touched[:0]
}

// add offers a candidate to the best ones.
func (m *matches) add(c candidate) {
	switch {
	case len(m.best) < m.n:
		heap.Push(&m.best, c)
	case c.better(m.best[0]):
		m.best[0] = c
		heap.Fix(&m.best, 0)
	}
}

// better orders candidates by quick score, then by id.
func (c candidate) better(o candidate) bool {
	if c.quick != o.quick {
		return c.quick > o.quick
	}
	return c.e.id < o.e.id
}

// worstCandidateFirst is a heap of candidates with the worst on top.
type worstCandidateFirst []candidate

func (h worstCandidateFirst) Len() int           { return len(h) }
func (h worstCandidateFirst) Less(i, j int) bool { return h[j].better(h[i]) }
func (h worstCandidateFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstCandidateFirst) Push(x any)        { *h = append(*h, x.(candidate)) }
func (h *worstCandidateFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// quickScore adds term a's part of the quick score to every document that
// has it: in each field, its BM25 as Bleve computes it, times the field's
// weight. Bleve counts documents over the whole index (all languages),
// takes the square root of a term's frequency, squares its inverse
// document frequency and, for the average length of a field, takes its
// number of distinct terms per document.
func (c *collection) quickScore(a *alt, all int, sc *scratch) {
	t := c.terms[a.id]
	if t == nil {
		return
	}
	for f := range t.fields {
		p := &t.fields[f]
		if len(p.docs) == 0 {
			continue
		}
		i := idf(all, len(p.docs))
		w := fieldWeight[f] * a.weight * i * i * bm25K1
		// lengthNorm, with the division taken out of the loop
		avg := max(1, math.Ceil(float64(c.vocab[f])/float64(all)))
		norm0, perTerm := bm25K1*(1-bm25B), bm25K1*bm25B/avg
		lengths := c.lengths[f]
		for k, ord := range p.docs {
			tf := sqrtTF(p.tfs[k])
			if sc.pairs[ord] == 0 {
				sc.touched = append(sc.touched, ord)
			}
			sc.quick[ord] += w * tf / (tf + norm0 + perTerm*float64(lengths[ord]))
			sc.pairs[ord]++
		}
	}
}

var sqrtTable = func() (t [64]float64) {
	for i := range t {
		t[i] = math.Sqrt(float64(i))
	}
	return t
}()

func sqrtTF(tf uint16) float64 {
	if int(tf) < len(sqrtTable) {
		return sqrtTable[tf]
	}
	return math.Sqrt(float64(tf))
}

// rank scores candidates and orders them, best first.
func rank(cands []candidate) []scored {
	out := make([]scored, len(cands))
	for i, c := range cands {
		out[i] = scored{e: c.e, coll: c.coll, pq: c.pq, score: c.coll.score(c.pq, c.e.profile) * c.e.meta.Boost}
	}
	slices.SortFunc(out, func(x, y scored) int {
		if x.better(y) {
			return -1
		}
		return 1
	})
	return out
}

// scored is a candidate with its score.
type scored struct {
	e     *entry
	coll  *collection
	pq    *parsedQuery
	score float64
}

// better orders hits: higher score first, then by id, so that pages of one
// query follow each other.
func (s scored) better(o scored) bool {
	if s.score != o.score {
		return s.score > o.score
	}
	return s.e.id < o.e.id
}
