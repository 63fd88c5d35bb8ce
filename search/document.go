package search

import (
	"sort"

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

// entry is one indexed article or guide: its front matter and its text.
type entry struct {
	meta    *loket.Meta
	text    string   // plain text of the body or the guide's steps
	profile *profile // the analysed document, for ranking
}

// public reports whether the entry is public.
func (e entry) public() bool { return e.meta.Audience == loket.AudiencePublic }

// lang returns the field language of the entry.
func (e entry) lang() string { return fieldLanguage(e.meta.Locale.Language()) }

// docID is the Bleve document id of a document: its key as a string.
func docID(m *loket.Meta) string { return m.Key().String() }

// bleveDoc is the document Bleve indexes for e.
func (e entry) bleveDoc() map[string]any {
	lang := e.lang()
	m := e.meta
	suggest := append([]string{m.Title}, m.Questions...)
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
		fieldSuggest + "_" + lang:  suggest,
	}
}
