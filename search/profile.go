package search

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

	"github.com/loket/loket"
)

var folder = asciifolding.New()

// fold replaces accented letters by their plain form, as the analyzers do
// first, so that token offsets point into the folded text.
func fold(s string) []byte {
	if b := []byte(s); isASCII(b) {
		return b
	}
	return folder.Filter([]byte(s))
}

// The scored fields of a document.
const (
	fTitle = iota
	fQuestions
	fTags
	fBody
	numFields
)

// dictionary interns analysed terms as small integers. It only grows; terms
// of removed documents stay, which costs a few bytes each.
type dictionary struct {
	mu       sync.RWMutex
	ids      map[string]uint32
	terms    []string
	surfaces []string // a word as written that analyses to the term
}

func newDictionary() *dictionary { return &dictionary{ids: map[string]uint32{}} }

// id returns the id of term, adding it when new with the written word it
// came from.
func (d *dictionary) id(term, surface string) uint32 {
	d.mu.RLock()
	id, ok := d.ids[term]
	d.mu.RUnlock()
	if ok {
		return id
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if id, ok := d.ids[term]; ok {
		return id
	}
	id = uint32(len(d.terms))
	d.ids[term] = id
	d.terms = append(d.terms, term)
	d.surfaces = append(d.surfaces, strings.ToLower(surface))
	return id
}

// lookup returns the id of a known term.
func (d *dictionary) lookup(term string) (uint32, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	id, ok := d.ids[term]
	return id, ok
}

// term returns the term of an id.
func (d *dictionary) term(id uint32) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.terms[id]
}

// surface returns the written word of a term, for spelling suggestions.
func (d *dictionary) surface(id uint32) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.surfaces[id]
}

// bag is the analysed form of one text: its distinct term ids, sorted, with
// their frequencies, and its length in terms.
type bag struct {
	ids    []uint32
	tfs    []uint16
	length int
}

// tf returns how often term id occurs in the bag.
func (b *bag) tf(id uint32) int {
	i, ok := slices.BinarySearch(b.ids, id)
	if !ok {
		return 0
	}
	return int(b.tfs[i])
}

// fieldIDs holds the term ids of a document's texts as the analysis finds
// them: the title, each question, each tag and the body.
type fieldIDs struct {
	title     []uint32
	questions [][]uint32
	tags      [][]uint32
	body      []uint32
}

// profile is what the ranker knows of one document: a bag per field, and a
// bag per phrasing (the title and each customer question).
type profile struct {
	fields    [numFields]bag
	phrasings []bag
}

func newProfile(ids *fieldIDs) *profile {
	p := &profile{}
	p.fields[fTitle] = bagOf(slices.Clone(ids.title))
	p.fields[fQuestions] = bagOf(slices.Concat(ids.questions...))
	p.fields[fTags] = bagOf(slices.Concat(ids.tags...))
	p.fields[fBody] = bagOf(ids.body)
	p.phrasings = append(p.phrasings, p.fields[fTitle])
	for _, q := range ids.questions {
		p.phrasings = append(p.phrasings, bagOf(q))
	}
	return p
}

// collection holds what BM25 and candidate selection need of the documents
// of one language: per term, the documents that contain it in each field
// (with how often) and how many contain it anywhere; per document, the
// length of each field. Documents are numbered per collection (ordinals),
// and a document keeps its ordinal while its id exists.
//
// A collection is copied, never changed, once searches can see it: clone
// copies the maps, and the first change of a term in a generation copies
// that term's statistics.
type collection struct {
	gen       uint64
	docs      int
	length    [numFields]int64
	phrasings int
	phraseLen int64
	terms     map[uint32]*termStats
	ords      map[string]uint32 // document id → ordinal
	byOrd     []*entry          // nil where the document was removed
	lengths   [numFields][]uint32
	attrs     []docAttrs     // by ordinal
	vocab     [numFields]int // distinct terms per field
}

// termStats is what a collection knows of one term.
type termStats struct {
	fields  [numFields]postings
	any     int32 // documents with the term in any field
	public  int32 // the same, public documents only
	phrases int32 // phrasings with the term
	gen     uint64
}

// postings lists the documents that contain a term in one field, by
// ascending ordinal, with the term's frequency in each.
type postings struct {
	docs []uint32
	tfs  []uint16
}

func newCollection() *collection {
	return &collection{terms: map[uint32]*termStats{}, ords: map[string]uint32{}}
}

func (c *collection) clone() *collection {
	n := *c
	n.gen++
	n.terms = maps.Clone(c.terms)
	n.ords = maps.Clone(c.ords)
	n.byOrd = slices.Clone(c.byOrd)
	for f := range c.lengths {
		n.lengths[f] = slices.Clone(c.lengths[f])
	}
	n.attrs = slices.Clone(c.attrs)
	return &n
}

// term returns the statistics of a term to change, copying them when a
// search may be reading them.
func (c *collection) term(id uint32) *termStats {
	t := c.terms[id]
	switch {
	case t == nil:
		t = &termStats{gen: c.gen}
	case t.gen != c.gen:
		n := *t
		for f := range n.fields {
			n.fields[f] = postings{docs: slices.Clone(t.fields[f].docs), tfs: slices.Clone(t.fields[f].tfs)}
		}
		n.gen = c.gen
		t = &n
	default:
		return t
	}
	c.terms[id] = t
	return t
}

// df returns the number of documents with term id in field f.
func (c *collection) df(f int, id uint32) int {
	if t := c.terms[id]; t != nil {
		return len(t.fields[f].docs)
	}
	return 0
}

// anyDF returns the number of documents with term id in any field.
func (c *collection) anyDF(id uint32) int {
	if t := c.terms[id]; t != nil {
		return int(t.any)
	}
	return 0
}

// phraseDF returns the number of phrasings with term id.
func (c *collection) phraseDF(id uint32) int {
	if t := c.terms[id]; t != nil {
		return int(t.phrases)
	}
	return 0
}

// ordinal returns the ordinal of a document id, numbering it when new.
func (c *collection) ordinal(id string) uint32 {
	if o, ok := c.ords[id]; ok {
		return o
	}
	o := uint32(len(c.byOrd))
	c.ords[id] = o
	c.byOrd = append(c.byOrd, nil)
	for f := range c.lengths {
		c.lengths[f] = append(c.lengths[f], 0)
	}
	c.attrs = append(c.attrs, docAttrs{})
	return o
}

// add counts e in the statistics.
func (c *collection) add(e *entry) {
	p := e.profile
	e.ord = c.ordinal(e.id)
	c.byOrd[e.ord] = e
	c.docs++
	for f := range p.fields {
		b := &p.fields[f]
		c.length[f] += int64(b.length)
		c.lengths[f][e.ord] = uint32(b.length)
		for i, id := range b.ids {
			p := &c.term(id).fields[f]
			if len(p.docs) == 0 {
				c.vocab[f]++
			}
			p.insert(e.ord, b.tfs[i])
		}
	}
	c.attrs[e.ord] = e.attrs
	for _, id := range p.distinct() {
		t := c.term(id)
		t.any++
		if e.public() {
			t.public++
		}
	}
	for i := range p.phrasings {
		b := &p.phrasings[i]
		c.phrasings++
		c.phraseLen += int64(b.length)
		for _, id := range b.ids {
			c.term(id).phrases++
		}
	}
}

// remove takes e out of the statistics.
func (c *collection) remove(e *entry) {
	p := e.profile
	c.byOrd[e.ord] = nil
	c.docs--
	for f := range p.fields {
		b := &p.fields[f]
		c.length[f] -= int64(b.length)
		c.lengths[f][e.ord] = 0
		for _, id := range b.ids {
			p := &c.term(id).fields[f]
			if p.delete(e.ord); len(p.docs) == 0 {
				c.vocab[f]--
			}
		}
	}
	c.attrs[e.ord] = docAttrs{}
	for _, id := range p.distinct() {
		t := c.term(id)
		t.any--
		if e.public() {
			t.public--
		}
	}
	for i := range p.phrasings {
		b := &p.phrasings[i]
		c.phrasings--
		c.phraseLen -= int64(b.length)
		for _, id := range b.ids {
			c.term(id).phrases--
		}
	}
	for _, id := range p.distinct() {
		if c.terms[id].any <= 0 {
			delete(c.terms, id)
		}
	}
}

// distinct returns the terms of all fields, each once.
func (p *profile) distinct() []uint32 {
	var all []uint32
	for f := range p.fields {
		all = append(all, p.fields[f].ids...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

func (p *postings) insert(ord uint32, tf uint16) {
	if n := len(p.docs); n == 0 || p.docs[n-1] < ord {
		p.docs = append(p.docs, ord)
		p.tfs = append(p.tfs, tf)
		return
	}
	i, found := slices.BinarySearch(p.docs, ord)
	if found {
		p.tfs[i] = tf
		return
	}
	p.docs = slices.Insert(p.docs, i, ord)
	p.tfs = slices.Insert(p.tfs, i, tf)
}

func (p *postings) delete(ord uint32) {
	if i, found := slices.BinarySearch(p.docs, ord); found {
		p.docs = slices.Delete(p.docs, i, i+1)
		p.tfs = slices.Delete(p.tfs, i, i+1)
	}
}

// updateCollections derives the statistics of next from those of old,
// counting only documents that changed. Statistics are copied, never
// changed in place, because searches read the old ones meanwhile.
func updateCollections(old, next *state) map[string]*collection {
	out := map[string]*collection{}
	get := func(lang string) *collection {
		if c, ok := out[lang]; ok {
			return c
		}
		c := newCollection()
		if prev := old.collections[lang]; prev != nil {
			c = prev.clone()
		}
		out[lang] = c
		return c
	}
	for id, e := range old.entries {
		if n, ok := next.entries[id]; !ok || n != e {
			get(e.lang()).remove(e)
		}
	}
	for id, e := range next.entries {
		if o, ok := old.entries[id]; !ok || o != e {
			get(e.lang()).add(e)
		}
	}
	for lang, c := range old.collections {
		if _, ok := out[lang]; !ok {
			out[lang] = c
		}
	}
	return out
}

// vocabulary returns the document frequencies of the terms a reader of
// audience aud may see: a public reader must not learn the words of internal
// documents, not even as a spelling suggestion. It is nil for a nil
// collection.
func (c *collection) vocabulary(aud loket.Audience) func(id uint32) int32 {
	if c == nil {
		return func(uint32) int32 { return 0 }
	}
	return visibleTerms{c: c, public: aud != loket.AudienceInternal}.df
}

type visibleTerms struct {
	c      *collection
	public bool
}

// df returns the number of visible documents with term id.
func (v visibleTerms) df(id uint32) int32 {
	t := v.c.terms[id]
	switch {
	case t == nil:
		return 0
	case v.public:
		return t.public
	}
	return t.any
}

// frequentShare is the share of documents above which a term does not help
// to find candidates.
const frequentShare = 0.5

// frequent reports whether every term of a slot is in more than
// frequentShare of the documents.
func (c *collection) frequent(alts []alt) bool {
	if c == nil || c.docs < 50 {
		return false
	}
	for _, a := range alts {
		if float64(c.anyDF(a.id)) <= frequentShare*float64(c.docs) {
			return false
		}
	}
	return true
}
