package search

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

	"github.com/loket/loket"
)

var folder = asciifolding.New()

// fold replaces accented letters by their plain form, as the analyzers do
// first, so that token offsets point into the folded text.
func fold(s string) []byte { return folder.Filter([]byte(s)) }

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

func newBag(dict *dictionary, a analysis.Analyzer, texts ...string) bag {
	counts := map[uint32]int{}
	n := 0
	for _, t := range texts {
		folded := fold(t)
		for _, tok := range a.Analyze(folded) {
			counts[dict.id(string(tok.Term), string(folded[tok.Start:tok.End]))]++
			n++
		}
	}
	b := bag{ids: make([]uint32, 0, len(counts)), length: n}
	for id := range counts {
		b.ids = append(b.ids, id)
	}
	slices.Sort(b.ids)
	b.tfs = make([]uint16, len(b.ids))
	for i, id := range b.ids {
		b.tfs[i] = uint16(min(counts[id], 65535))
	}
	return b
}

// profile is what the ranker knows of one document: a bag per field, and a
// bag per phrasing (the title and each customer question).
type profile struct {
	fields    [numFields]bag
	phrasings []bag
}

func newProfile(dict *dictionary, a analysis.Analyzer, e entry) *profile {
	m := e.meta
	p := &profile{}
	p.fields[fTitle] = newBag(dict, a, m.Title)
	p.fields[fQuestions] = newBag(dict, a, strings.Join(m.Questions, "\n"))
	p.fields[fTags] = newBag(dict, a, strings.Join(m.Tags, "\n"))
	p.fields[fBody] = newBag(dict, a, e.text)
	p.phrasings = append(p.phrasings, p.fields[fTitle])
	for _, q := range m.Questions {
		p.phrasings = append(p.phrasings, newBag(dict, a, q))
	}
	return p
}

// collection holds the statistics BM25 needs for the documents of one
// language: per field, how many documents contain each term and their total
// length; the same over phrasings; and over all fields together, for typo
// detection and spelling suggestions.
type collection struct {
	docs      int
	df        [numFields]map[uint32]int32
	length    [numFields]int64
	phrasings int
	phraseDF  map[uint32]int32
	phraseLen int64
	anyDF     map[uint32]int32
	publicDF  map[uint32]int32 // anyDF over public documents only
}

func newCollection() *collection {
	c := &collection{phraseDF: map[uint32]int32{}, anyDF: map[uint32]int32{}, publicDF: map[uint32]int32{}}
	for f := range c.df {
		c.df[f] = map[uint32]int32{}
	}
	return c
}

func (c *collection) clone() *collection {
	n := *c
	for f := range c.df {
		n.df[f] = maps.Clone(c.df[f])
	}
	n.phraseDF = maps.Clone(c.phraseDF)
	n.anyDF = maps.Clone(c.anyDF)
	n.publicDF = maps.Clone(c.publicDF)
	return &n
}

// add counts p in the statistics, or removes it when sign is -1.
func (c *collection) add(p *profile, public bool, sign int32) {
	c.docs += int(sign)
	all := map[uint32]bool{}
	for f := range p.fields {
		b := &p.fields[f]
		c.length[f] += int64(sign) * int64(b.length)
		for _, id := range b.ids {
			bump(c.df[f], id, sign)
			all[id] = true
		}
	}
	for id := range all {
		bump(c.anyDF, id, sign)
		if public {
			bump(c.publicDF, id, sign)
		}
	}
	for i := range p.phrasings {
		b := &p.phrasings[i]
		c.phrasings += int(sign)
		c.phraseLen += int64(sign) * int64(b.length)
		for _, id := range b.ids {
			bump(c.phraseDF, id, sign)
		}
	}
}

func bump(m map[uint32]int32, id uint32, by int32) {
	if m[id] += by; m[id] <= 0 {
		delete(m, id)
	}
}

// updateCollections derives the statistics of next from those of old,
// analysing only documents that changed. Statistics are copied, never
// changed in place, because searches read the old ones meanwhile.
func (ix *Index) updateCollections(old, next *state) map[string]*collection {
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
		if n, ok := next.entries[id]; !ok || n.meta != e.meta {
			get(e.lang()).add(e.profile, e.public(), -1)
		}
	}
	for id, e := range next.entries {
		if o, ok := old.entries[id]; ok && o.meta == e.meta {
			e.profile = o.profile
		} else {
			e.profile = newProfile(ix.dict, ix.analyzer(e.lang()), e)
			get(e.lang()).add(e.profile, e.public(), 1)
		}
		next.entries[id] = e
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
// documents, not even as a spelling suggestion.
func (c *collection) vocabulary(aud loket.Audience) map[uint32]int32 {
	if aud == loket.AudienceInternal {
		return c.anyDF
	}
	return c.publicDF
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
		if float64(c.anyDF[a.id]) <= frequentShare*float64(c.docs) {
			return false
		}
	}
	return true
}
