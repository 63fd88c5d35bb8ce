package content

import (
	"time"

	"github.com/loket/loket"
)

// Snapshot is one consistent, immutable view of a knowledge base: the
// published articles and guides, their categories and synonyms, and every
// problem found while loading. A content change produces a new Snapshot;
// documents that did not change are shared between the two.
type Snapshot struct {
	Articles    []*loket.Article // published, sorted by locale and id
	Guides      []*loket.Guide   // published, sorted by locale and id
	Drafts      int              // documents with draft: true, not published
	Files       int              // Markdown files found
	Diagnostics []Diagnostic     // errors and warnings, sorted by path and line
	Site        loket.Site       // from site.yml, or DefaultSite
	LoadedAt    time.Time
	Stats       LoadStats // the work the load that made this snapshot did

	locales    []loket.Locale
	categories map[loket.Locale][]Category
	synonyms   map[loket.Locale][]SynonymGroup
	articles   map[docKey]*loket.Article
	guides     map[docKey]*loket.Guide
}

// LoadStats tells how much work a load did. A load after a small change
// reads, parses and links a few files, however large the knowledge base.
type LoadStats struct {
	// Full is true when the load looked at every file of the folder: a
	// first load, Load, or a change that LoadChange could not narrow down.
	Full bool `json:"full"`
	// Checked counts the Markdown files whose size and modification time
	// were compared with the previous load's.
	Checked int `json:"checked"`
	// Read counts the files read because their size or modification time
	// changed; Parsed those of them parsed because their content changed.
	Read   int `json:"read"`
	Parsed int `json:"parsed"`
	// Linked counts the published documents whose links, related
	// documents and endings were resolved again.
	Linked int `json:"linked"`
}

type docKey struct {
	locale loket.Locale
	id     string
}

// Article returns the published article, or nil.
func (s *Snapshot) Article(locale loket.Locale, id string) *loket.Article {
	return s.articles[docKey{locale, id}]
}

// Guide returns the published guide, or nil.
func (s *Snapshot) Guide(locale loket.Locale, id string) *loket.Guide {
	return s.guides[docKey{locale, id}]
}

// Meta returns the front matter of the published document with key k, or nil.
func (s *Snapshot) Meta(k loket.Key) *loket.Meta {
	switch k.Kind {
	case loket.KindArticle:
		if a := s.Article(k.Locale, k.ID); a != nil {
			return &a.Meta
		}
	case loket.KindGuide:
		if g := s.Guide(k.Locale, k.ID); g != nil {
			return &g.Meta
		}
	}
	return nil
}

// Locales returns the locales that have published documents, the default
// locale first.
func (s *Snapshot) Locales() []loket.Locale { return s.locales }

// Categories returns the categories of a locale in the order of its
// categories.yml, followed by categories documents use but the file lacks.
func (s *Snapshot) Categories(locale loket.Locale) []Category { return s.categories[locale] }

// Synonyms returns the synonym groups of a locale.
func (s *Snapshot) Synonyms(locale loket.Locale) []SynonymGroup { return s.synonyms[locale] }

// Errors returns the number of error diagnostics.
func (s *Snapshot) Errors() int { return countErrors(s.Diagnostics) }

// Documents returns the front matter of every published article and guide.
func (s *Snapshot) Documents() []*loket.Meta {
	out := make([]*loket.Meta, 0, len(s.Articles)+len(s.Guides))
	for _, a := range s.Articles {
		out = append(out, &a.Meta)
	}
	for _, g := range s.Guides {
		out = append(out, &g.Meta)
	}
	return out
}
