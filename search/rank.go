package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum/levenshtein"

	"github.com/loket/loket"
)

// Ranking. Each field is scored with BM25 on its own statistics and the
// field scores are added with these weights; the best single phrasing (the
// title or one customer question) adds phrasingWeight times its own BM25.
// The weights were chosen on the evaluation sets in docs/benchmarks.md and
// hold for any knowledge base: they say what a field means, not what a set
// contains.
var fieldWeight = [numFields]float64{
	fTitle:     2,
	fQuestions: 3,
	fTags:      1.5,
	fBody:      1,
}

const (
	phrasingWeight = 2.0
	bm25K1         = 1.2
	bm25B          = 0.75
	synonymWeight  = 1.0 // a synonym counts as the word itself
	typoWeight1    = 0.6 // a known word one edit away from an unknown one
	typoWeight2    = 0.4 // two edits away, for long words
	maxTypoAlts    = 3
)

// alt is a term that may stand for a query word, with the weight of its
// matches and, once the query is prepared, its weighted inverse document
// frequency in each field and among phrasings.
type alt struct {
	id        uint32
	term      string
	weight    float64
	fieldIDF  [numFields]float64
	phraseIDF float64
}

// slot is one word of the query with the terms that may stand for it.
type slot struct {
	word   string  // the analysed word as typed
	weight float64 // 1 for the question, less for words of the conversation before it
	alts   []alt
}

// parsedQuery is a query analysed for one language.
type parsedQuery struct {
	lang       string
	slots      []slot
	correction string      // the query with unknown words spelled as known ones, or ""
	terms      []queryTerm // every alt of every slot, sorted by term id
	unknown    int         // words no visible document contains, nor anything like them
}

// queryTerm points from a term id to the alt it belongs to.
type queryTerm struct {
	id   uint32
	slot int
	alt  *alt
}

// parseQuery analyses text for lang: every distinct term becomes a slot
// with its synonyms; a term the index does not know gets its nearest known
// spellings instead. Words of context (earlier turns of a conversation)
// that the text lacks join as slots of half weight.
func (ix *Index) parseQuery(st *state, lang, text, context string, aud loket.Audience, fuzzy fuzzyLookup) *parsedQuery {
	pq := &parsedQuery{lang: lang}
	coll := st.collections[lang]
	vocab := coll.vocabulary(aud)
	seen := map[string]bool{}
	w := words{ix: ix, st: st, lang: lang, vocab: vocab, fuzzy: fuzzy, seen: seen, pq: pq}
	folded, fixed, last := w.add(text, 1)
	if fixed != nil {
		pq.correction = strings.ToLower(string(append(fixed, folded[last:]...)))
	}
	if context != "" {
		w.add(clip(context, loket.MaxQueryLength), contextWeight)
	}
	pq.prepare(coll)
	return pq
}

// contextWeight is how much a word of the conversation so far counts
// against a word of the question itself.
const contextWeight = 0.5

// words adds the words of texts to a parsed query.
type words struct {
	ix    *Index
	st    *state
	lang  string
	vocab func(id uint32) int32
	fuzzy fuzzyLookup
	seen  map[string]bool
	pq    *parsedQuery
}

// add analyses text into slots of the given weight. It returns the folded
// text and, when a word was spelled as a known one, the corrected text up
// to offset last.
func (w *words) add(text string, weight float64) (folded, fixed []byte, last int) {
	folded = fold(text)
	for _, tok := range w.ix.analyzer(w.lang).Analyze(folded) {
		term := string(tok.Term)
		if w.seen[term] || len(w.pq.slots) >= maxTerms {
			continue
		}
		w.seen[term] = true
		s := slot{word: term, weight: weight}
		if id, known := w.ix.dict.lookup(term); known && w.vocab(id) > 0 {
			s.alts = append(s.alts, alt{id: id, term: term, weight: weight})
		}
		for _, syn := range w.st.synonymTerms[w.lang][term] {
			if sid, ok := w.ix.dict.lookup(syn); ok {
				s.alts = append(s.alts, alt{id: sid, term: syn, weight: weight * synonymWeight})
			}
		}
		if len(s.alts) == 0 && utf8.RuneCountInString(term) >= 4 && w.fuzzy != nil {
			s.alts = w.fuzzy(w.lang, term, w.vocab)
			for i := range s.alts {
				s.alts[i].weight *= weight
			}
			if len(s.alts) > 0 && weight == 1 {
				fixed = append(append(fixed, folded[last:tok.Start]...), w.ix.dict.surface(s.alts[0].id)...)
				last = tok.End
			}
		}
		switch {
		case len(s.alts) > 0:
			w.pq.slots = append(w.pq.slots, s)
		case weight == 1:
			w.pq.unknown++
		}
	}
	return folded, fixed, last
}

// prepare computes what scoring needs of each term once per query rather
// than once per candidate.
func (pq *parsedQuery) prepare(c *collection) {
	if c == nil {
		return
	}
	for i := range pq.slots {
		for j := range pq.slots[i].alts {
			a := &pq.slots[i].alts[j]
			for f := range a.fieldIDF {
				a.fieldIDF[f] = fieldWeight[f] * a.weight * idf(c.docs, c.df(f, a.id))
			}
			a.phraseIDF = phrasingWeight * a.weight * idf(c.phrasings, c.phraseDF(a.id))
			pq.terms = append(pq.terms, queryTerm{id: a.id, slot: i, alt: a})
		}
	}
	slices.SortFunc(pq.terms, func(x, y queryTerm) int { return cmp.Compare(x.id, y.id) })
}

// fuzzyLookup returns the terms of vocab near an unknown one.
type fuzzyLookup func(lang, term string, vocab func(id uint32) int32) []alt

// fuzzyTerms finds, through the index's term dictionaries, the known terms
// within one edit of term (two for words of eight letters or more).
func (ix *Index) fuzzyTerms(r index.IndexReader, lang, term string, vocab func(id uint32) int32) []alt {
	dist := 1
	if utf8.RuneCountInString(term) >= 8 {
		dist = 2
	}
	best := map[string]uint8{}
	found := func(t string, d uint8) {
		if old, ok := best[t]; !ok || d < old {
			best[t] = d
		}
	}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		if err := fuzzySegments(snap, lang, term, dist, found); err == nil {
			return ix.rankTypoAlts(vocab, best)
		}
		clear(best)
	}
	rf, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	for _, f := range fuzzyFields {
		d, err := rf.FieldDictFuzzy(f+"_"+lang, term, dist, "")
		if err != nil {
			continue
		}
		for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
			found(e.Term, e.EditDistance)
		}
		d.Close()
	}
	return ix.rankTypoAlts(vocab, best)
}

// fuzzyFields are the fields whose words are looked up as spellings.
var fuzzyFields = []string{fieldTitle, fieldQuestion, fieldBody}

// levBuilders make the automata of words within edit distance 1 and 2.
// Making a builder takes a while; each is made once, when first needed.
var levBuilders = sync.OnceValues(func() ([3]*levenshtein.LevenshteinAutomatonBuilder, error) {
	var out [3]*levenshtein.LevenshteinAutomatonBuilder
	for d := 1; d <= 2; d++ {
		b, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(d), true)
		if err != nil {
			return out, err
		}
		out[d] = b
	}
	return out, nil
})

// fuzzySegments calls found with every term of the fuzzy fields of lang
// within dist edits of term, walking the segments' term dictionaries
// with one automaton. Bleve's FieldDictFuzzy builds the automaton again
// for every field, and starts a goroutine per segment, which made
// spelling lookups the costliest part of a search with a typo.
func fuzzySegments(snap *scorch.IndexSnapshot, lang, term string, dist int, found func(string, uint8)) error {
	builders, err := levBuilders()
	if err != nil {
		return err
	}
	dfa, err := builders[dist].BuildDfa(term, uint8(dist))
	if err != nil {
		return err
	}
	for _, seg := range snap.Segments() {
		for _, f := range fuzzyFields {
			d, err := seg.Segment().Dictionary(f + "_" + lang)
			if err != nil {
				return err
			}
			if d == nil {
				continue
			}
			it := d.AutomatonIterator(dfa, nil, nil)
			for {
				e, err := it.Next()
				if err != nil {
					return err
				}
				if e == nil {
					break
				}
				found(e.Term, e.EditDistance)
			}
		}
	}
	return nil
}

// rankTypoAlts keeps the nearest, most frequent spellings in vocab.
func (ix *Index) rankTypoAlts(vocab func(id uint32) int32, found map[string]uint8) []alt {
	type cand struct {
		alt
		dist uint8
		df   int32
	}
	var cands []cand
	for term, d := range found {
		id, ok := ix.dict.lookup(term)
		if !ok || vocab(id) == 0 {
			continue
		}
		w := typoWeight1
		if d >= 2 {
			w = typoWeight2
		}
		cands = append(cands, cand{alt{id: id, term: term, weight: w}, d, vocab(id)})
	}
	for i := 1; i < len(cands); i++ { // insertion sort: a handful of candidates
		for j := i; j > 0 && typoLess(cands[j].dist, cands[j].df, cands[j].term, cands[j-1].dist, cands[j-1].df, cands[j-1].term); j-- {
			cands[j], cands[j-1] = cands[j-1], cands[j]
		}
	}
	out := make([]alt, 0, maxTypoAlts)
	for i := 0; i < len(cands) && i < maxTypoAlts; i++ {
		out = append(out, cands[i].alt)
	}
	return out
}

func typoLess(d1 uint8, df1 int32, t1 string, d2 uint8, df2 int32, t2 string) bool {
	if d1 != d2 {
		return d1 < d2
	}
	if df1 != df2 {
		return df1 > df2
	}
	return t1 < t2
}

// score is the relevance of a document to the query: BM25 per field with
// field weights, plus the best phrasing.
func (c *collection) score(q *parsedQuery, p *profile) float64 {
	if c == nil || c.docs == 0 {
		return 0
	}
	s := 0.0
	for f := 0; f < numFields; f++ {
		b := &p.fields[f]
		s += q.bagScore(b, lengthNorm(b.length, float64(c.length[f])/float64(c.docs)), f)
	}
	avg := float64(c.phraseLen) / float64(max(c.phrasings, 1))
	best := 0.0
	for k := range p.phrasings {
		b := &p.phrasings[k]
		best = max(best, q.bagScore(b, lengthNorm(b.length, avg), -1))
	}
	return s + best
}

// bagScore adds up, over the query's slots, the BM25 contribution of the
// best-matching term of each slot in b: in field f, or as a phrasing when f
// is -1. Both lists are sorted by term id: a short bag is merged with the
// query terms, a long one is searched for each of them.
func (q *parsedQuery) bagScore(b *bag, norm float64, f int) float64 {
	if b.length == 0 || len(q.terms) == 0 {
		return 0
	}
	var best [maxTerms]float64
	add := func(qt *queryTerm, tf uint16) {
		w := qt.alt.phraseIDF
		if f >= 0 {
			w = qt.alt.fieldIDF[f]
		}
		best[qt.slot] = max(best[qt.slot], w*saturate(float64(tf), norm))
	}
	if len(b.ids) > 8*len(q.terms) {
		for i := range q.terms {
			if k, ok := slices.BinarySearch(b.ids, q.terms[i].id); ok {
				add(&q.terms[i], b.tfs[k])
			}
		}
	} else {
		for i, k := 0, 0; i < len(q.terms) && k < len(b.ids); {
			switch {
			case q.terms[i].id < b.ids[k]:
				i++
			case q.terms[i].id > b.ids[k]:
				k++
			default:
				for j := i; j < len(q.terms) && q.terms[j].id == b.ids[k]; j++ {
					add(&q.terms[j], b.tfs[k])
				}
				for i < len(q.terms) && q.terms[i].id == b.ids[k] {
					i++
				}
				k++
			}
		}
	}
	s := 0.0
	for i := range q.slots {
		s += best[i]
	}
	return s
}

func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// lengthNorm is BM25's length normalisation of a text of length terms.
func lengthNorm(length int, avg float64) float64 {
	if avg <= 0 {
		avg = 1
	}
	return bm25K1 * (1 - bm25B + bm25B*float64(length)/avg)
}

func saturate(tf, norm float64) float64 {
	return tf * (bm25K1 + 1) / (tf + norm)
}

// synonymTerms analyses synonym groups into a map from each term to the
// terms that may stand for it.
func synonymTerms(a analysis.Analyzer, groups []groupWords) map[string][]string {
	out := map[string][]string{}
	analyse := func(words []string) []string {
		var terms []string
		for _, w := range words {
			if toks := a.Analyze([]byte(w)); len(toks) == 1 {
				terms = append(terms, string(toks[0].Term))
			}
		}
		return terms
	}
	for _, g := range groups {
		syn := analyse(g.synonyms)
		from := syn
		if len(g.input) > 0 {
			from = analyse(g.input)
		}
		for _, f := range from {
			for _, t := range syn {
				if t != f && !contains(out[f], t) {
					out[f] = append(out[f], t)
				}
			}
		}
	}
	return out
}

type groupWords struct{ input, synonyms []string }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// confidence says, from 0 to 1, how well a document answers the query, in
// terms that mean the same in any knowledge base: the share of the query's
// information (its words weighted by rarity) the document contains, and
// how close its best phrasing comes to the query.
func (c *collection) confidence(q *parsedQuery, p *profile) float64 {
	if c == nil || c.docs == 0 || len(q.slots) == 0 {
		return 0
	}
	return confidenceMix(c.coverage(q, p), c.phrasingMatch(q, p))
}

// confidenceMix combines coverage and phrasing match.
// Measured on the evaluation sets with the other set's questions as ones
// the knowledge base cannot answer, the even mix separates answerable from
// unanswerable questions better than either part alone (docs/benchmarks.md).
func confidenceMix(coverage, phrasing float64) float64 {
	return 0.5*coverage + 0.5*phrasing
}

// coverage is the share of the query's rarity-weighted words found anywhere
// in the document. A word no document contains counts as the rarest of all,
// and a misspelling found only in its corrected form counts for less.
func (c *collection) coverage(q *parsedQuery, p *profile) float64 {
	total := float64(q.unknown) * idf(c.docs, 0)
	found := 0.0
	for i := range q.slots {
		sl := &q.slots[i]
		w, hit := 0.0, 0.0
		for _, a := range sl.alts {
			w = max(w, idf(c.docs, c.anyDF(a.id)))
			for f := range p.fields {
				if p.fields[f].tf(a.id) > 0 {
					hit = max(hit, a.weight/sl.weight)
				}
			}
		}
		total += w * sl.weight
		found += w * sl.weight * hit
	}
	if total == 0 {
		return 0
	}
	return found / total
}

// phrasingMatch is the best phrasing's score as a share of what a phrasing
// of average length holding every query word once would score, or the
// largest share of a phrasing the query contains, whichever is more.
func (c *collection) phrasingMatch(q *parsedQuery, p *profile) float64 {
	avg := float64(c.phraseLen) / float64(max(c.phrasings, 1))
	ideal := 0.0
	norm := lengthNorm(int(avg+0.5), avg)
	for i := range q.slots {
		top := 0.0
		for _, a := range q.slots[i].alts {
			top = max(top, a.phraseIDF)
		}
		ideal += top * saturate(1, norm)
	}
	ideal += float64(q.unknown) * phrasingWeight * idf(c.phrasings, 0) * saturate(1, norm)
	if ideal == 0 {
		return 0
	}
	best := 0.0
	for k := range p.phrasings {
		b := &p.phrasings[k]
		best = max(best, q.bagScore(b, lengthNorm(b.length, avg), -1))
	}
	// A long message ("Hallo, ik ben verhuisd en wil weten hoe ik mijn
	// meterstand doorgeef") holds a short customer question more than it
	// matches it: the message's share of the phrasing counts too.
	return max(min(1, best/ideal), c.phrasingContained(q, p))
}

// phrasingContained is the largest share of one phrasing's words, weighted
// by rarity, that the query contains.
func (c *collection) phrasingContained(q *parsedQuery, p *profile) float64 {
	in := map[uint32]float64{}
	for _, qt := range q.terms {
		in[qt.id] = max(in[qt.id], qt.alt.weight)
	}
	best := 0.0
	for k := range p.phrasings {
		b := &p.phrasings[k]
		total, found := 0.0, 0.0
		for _, id := range b.ids {
			w := idf(c.phrasings, c.phraseDF(id))
			total += w
			found += w * in[id]
		}
		if total > 0 {
			best = max(best, found/total)
		}
	}
	return best
}
