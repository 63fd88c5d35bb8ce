package loket

import (
	"html/template"
	"time"
)

// Kind tells articles and guided flows apart.
type Kind string

const (
	// KindArticle is a Markdown article.
	KindArticle Kind = "article"
	// KindGuide is a guided flow: a decision tree of steps.
	KindGuide Kind = "guide"
)

// Meta is what articles and guides share: the front matter and where the
// document lives. Documents with the same ID in different locales are
// translations of each other.
type Meta struct {
	Kind     Kind
	ID       string   // stable identifier, unique per locale ("internet/storing")
	Locale   Locale   // the document's language
	Title    string   // required
	Audience Audience // public (default) or internal
	Category string   // optional category slug
	Tags     []string
	// Questions are the phrasings customers use; they weigh heavily in search.
	Questions []string
	// Voice is a short answer, one or two sentences, spoken on the phone.
	Voice   string
	Related []string  // IDs of related articles in the same locale
	Updated time.Time // zero when the front matter gives no date
	Owner   string
	Boost   float64 // ranking multiplier set by editors; 1 is neutral

	URL   string         // where the help site serves it ("/nl/articles/internet/storing")
	Path  string         // file path below the content folder, with forward slashes
	Extra map[string]any // front-matter keys Loket does not know, kept as written
}

// Key identifies the document across kinds and locales.
func (m *Meta) Key() Key { return Key{Kind: m.Kind, Locale: m.Locale, ID: m.ID} }

// Article is one published help article in one locale. An Article is
// immutable once loaded; a content change produces new values.
type Article struct {
	Meta
	HTML     template.HTML // rendered and sanitised body
	Text     string        // plain text of the body, for indexing and snippets
	Summary  string        // the first paragraph as plain text
	Sections []Section     // the body split at its headings, for passages
}

// Section is a part of an article below one heading: the unit the answer
// engine retrieves and cites. The text before the first heading is a section
// with an empty Heading.
type Section struct {
	Anchor  string // the heading's id attribute, "" for the lead section
	Heading string
	Level   int // heading level, 0 for the lead section
	Text    string
}

// Key identifies one article or guide in one locale.
type Key struct {
	Kind   Kind
	Locale Locale
	ID     string
}

// String returns "article:nl:internet/storing".
func (k Key) String() string { return string(k.Kind) + ":" + string(k.Locale) + ":" + k.ID }
