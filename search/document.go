package search

import (
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"

	"github.com/loket/loket"
)

func sortedLanguages() []string {
	out := make([]string, 0, len(languages))
	for l := range languages {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// entry is one indexed article or guide: its front matter and its text. An
// entry is shared by the states of successive snapshots while its document
// does not change, and not changed once a search can see it.
type entry struct {
	id      string // the Bleve document id
	meta    *loket.Meta
	text    string   // plain text of the body or the guide's steps
	profile *profile // the analysed document, for ranking
	ord     uint32   // the document's number in its language's collection
	attrs   docAttrs

	phrasingWords [][]string // the words of the title and each question, for suggestions
}

// docAttrs are what filters and facets read of a document, kept by
// ordinal so that a search over thousands of matches need not visit the
// front matter of each. Labels (locale, category, kind) are interned.
type docAttrs struct {
	locale, category, kind uint32
	live, public           bool
}

// newEntry returns the entry of a document.
func newEntry(m *loket.Meta, text string, labels *dictionary) *entry {
	label := func(s string) uint32 { return labels.id(s, "") }
	return &entry{id: docID(m), meta: m, text: text, attrs: docAttrs{
		locale: label(string(m.Locale)), category: label(m.Category), kind: label(string(m.Kind)),
		live: true, public: m.Audience == loket.AudiencePublic,
	}}
}

// public reports whether the entry is public.
func (e *entry) public() bool { return e.meta.Audience == loket.AudiencePublic }

// lang returns the field language of the entry.
func (e *entry) lang() string { return fieldLanguage(e.meta.Locale.Language()) }

// docID is the Bleve document id of a document: its key as a string.
func docID(m *loket.Meta) string { return m.Key().String() }

// bleveDoc is the document Bleve indexes for e.
func (e *entry) bleveDoc() map[string]any {
	lang := e.lang()
	m := e.meta
	return map[string]any{
		typeField:                  docType(lang),
		fieldKind:                  string(m.Kind),
		fieldLocale:                string(m.Locale),
		fieldAudience:              string(m.Audience),
		fieldCategory:              m.Category,
		fieldTitle + "_" + lang:    m.Title,
		fieldQuestion + "_" + lang: m.Questions,
		fieldTags + "_" + lang:     m.Tags,
		fieldBody + "_" + lang:     e.text,
	}
}

// document maps e to a Bleve document whose text fields Loket analyses:
// when Bleve analyses a field, the term ids land in the returned fieldIDs,
// from which the ranking profile is made once Bleve is done. Every text is
// analysed once, for both.
func (ix *Index) document(e *entry) (*document.Document, *fieldIDs, error) {
	doc := document.NewDocument(e.id)
	if err := ix.mapping.MapDocument(doc, e.bleveDoc()); err != nil {
		return nil, nil, fmt.Errorf("index %s: %w", e.meta.Path, err)
	}
	lang := e.lang()
	a := ix.analyzers[lang]
	ids := &fieldIDs{questions: make([][]uint32, len(e.meta.Questions)), tags: make([][]uint32, len(e.meta.Tags))}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok {
			continue
		}
		var dst *[]uint32
		switch tf.Name() {
		case fieldTitle + "_" + lang:
			dst = &ids.title
		case fieldBody + "_" + lang:
			dst = &ids.body
		case fieldQuestion + "_" + lang:
			dst = element(ids.questions, tf.ArrayPositions())
		case fieldTags + "_" + lang:
			dst = element(ids.tags, tf.ArrayPositions())
		}
		if dst == nil {
			continue // a keyword field
		}
		doc.Fields[i] = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(), recorder{a: a, ids: dst})
	}
	return doc, ids, nil
}

// element returns the slot of a list field's element at its array position.
func element(list [][]uint32, pos []uint64) *[]uint32 {
	if len(pos) != 1 || pos[0] >= uint64(len(list)) {
		return nil
	}
	return &list[pos[0]]
}

// recorder is the analyzer of one field of one document: it analyses the
// text for Bleve and keeps the term ids.
type recorder struct {
	a   *analyzer
	ids *[]uint32
}

func (r recorder) Analyze(input []byte) analysis.TokenStream {
	tokens, ids := r.a.analyze(input, true)
	*r.ids = ids
	return tokens
}
