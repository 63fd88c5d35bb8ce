package loket

import (
	"context"
	"html/template"
	"time"
)

// Query is a search for articles and guides. The audience is not part of the
// query: it belongs to the Library a channel was handed, so that no caller can
// widen it.
type Query struct {
	Text string
	// Context is what came before in a conversation (the customer's
	// previous question); its words count half as much as Text's.
	Context  string
	Locale   Locale // "" searches every locale
	Category string // "" searches every category
	Kind     Kind   // "" searches articles and guides
	Offset   int    // hits to skip, for pagination
	Limit    int    // hits to return; 0 means DefaultLimit
}

// DefaultLimit is the number of hits a Query returns when it sets no Limit;
// MaxLimit is the most it may ask for.
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

// MaxQueryLength is the number of characters of a query text that search
// looks at; the rest is ignored, never an error.
const MaxQueryLength = 500

// Result is one page of search hits.
type Result struct {
	Hits   []Hit
	Total  int     // hits in all pages
	Facets []Facet // categories of all hits, most frequent first
	// Correction is the query with words the knowledge base does not know
	// spelled as words it does ("did you mean"), or "" when all were known.
	Correction string
	Took       time.Duration
}

// Hit is one article or guide found by a search. Callers load the document
// itself through the Library when they need more than this.
type Hit struct {
	Meta  *Meta
	Score float64 // for ordering hits of one search; not comparable across searches
	// Confidence says from 0 to 1 how well the document answers the query,
	// comparable across searches and knowledge bases: channels use it to
	// decide whether an answer is good enough to give.
	Confidence float64
	Snippet    template.HTML // escaped text around the matched terms, which are in <mark>
}

// Facet counts the hits in one category.
type Facet struct {
	Category string
	Count    int
}

// Suggestion is a title or customer question that starts like what is being
// typed, with the document it belongs to.
type Suggestion struct {
	Text string // the title or question that matched
	Meta *Meta
}

// Searcher finds articles and guides.
type Searcher interface {
	// Search returns the hits for q. Any text is a valid query: query syntax
	// is taken literally, overlong text is cut to MaxQueryLength, and an empty
	// text returns no hits. Returns EINVALID for a negative Offset or Limit.
	Search(ctx context.Context, q Query) (*Result, error)
	// Suggest returns up to limit suggestions for a partly typed query in a
	// locale, for search-as-you-type.
	Suggest(ctx context.Context, locale Locale, prefix string, limit int) ([]Suggestion, error)
}

// PassageQuery asks for the passages that best answer a question.
type PassageQuery struct {
	Text    string
	Context string // the conversation before the question, as in Query
	Locale  Locale
	Limit   int // 0 means 5
}

// Passage is a section of an article that may answer a question.
type Passage struct {
	Article *Article
	Section Section
	Score   float64 // orders the passages of one query
	// Confidence is the article's confidence for the question (see Hit).
	Confidence float64
}

// Library is the knowledge base as one audience sees it: search plus lookup.
// A Library for the public audience never returns internal content from any
// method; it answers ENOTFOUND as if the content did not exist.
type Library interface {
	Searcher
	// Audience returns the audience this library serves.
	Audience() Audience
	// Site returns the site settings of the content being served.
	Site() Site
	// Categories returns the categories of a locale that hold visible
	// documents, in the editors' order.
	Categories(locale Locale) []Category
	// Passages returns the sections of visible articles that best answer a
	// question, best first: the best sections of the best few articles.
	Passages(ctx context.Context, q PassageQuery) ([]Passage, error)
	// Locales returns the locales that have content, default locale first.
	Locales() []Locale
	// Article returns the article. Returns ENOTFOUND if there is none with
	// that ID in that locale, or if it is not visible to this audience.
	Article(locale Locale, id string) (*Article, error)
	// Guide returns the guided flow. Returns ENOTFOUND like Article.
	Guide(locale Locale, id string) (*Guide, error)
	// Articles returns the visible articles matching f, sorted by title.
	Articles(f ArticleFilter) []*Article
	// Guides returns the visible guides in a locale, sorted by title.
	Guides(locale Locale) []*Guide
	// Translations returns the visible documents of the given kind and ID in
	// other locales than the given one.
	Translations(kind Kind, locale Locale, id string) []*Meta
}

// Category groups articles and guides on the help site.
type Category struct {
	Slug        string
	Title       string
	Description string
}

// ArticleFilter selects articles for listings.
type ArticleFilter struct {
	Locale   Locale // required
	Category string // "" for all categories
}
