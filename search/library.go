package search

import (
	"context"
	"slices"
	"sort"
	"sync/atomic"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

// Library returns the knowledge base as audience aud sees it. A public
// Library cannot return internal content from any of its methods: the
// audience is fixed here, below every channel, and no query can widen it.
func (ix *Index) Library(aud loket.Audience) loket.Library {
	if aud != loket.AudienceInternal {
		aud = loket.AudiencePublic
	}
	return &library{ix: ix, aud: aud}
}

type library struct {
	ix  *Index
	aud loket.Audience
	// last is the view of the snapshot served last. Pages ask for the
	// locales and categories on every request; working them out from every
	// document each time cost milliseconds per page at 10,000 articles.
	last atomic.Pointer[libraryView]
}

// libraryView is what an audience sees of one snapshot, sorted for listing.
type libraryView struct {
	snap       *content.Snapshot
	locales    []loket.Locale
	categories map[loket.Locale][]loket.Category            // those with documents the audience sees
	articles   map[loket.Locale][]*loket.Article            // by title
	byCategory map[loket.Locale]map[string][]*loket.Article // by title
	guides     map[loket.Locale][]*loket.Guide              // by title
}

// view returns the view of the snapshot in service, making it when the
// snapshot changed. Two requests racing after a reload may both make it;
// either result is right.
func (l *library) view() *libraryView {
	snap := l.ix.Snapshot()
	if v := l.last.Load(); v != nil && v.snap == snap {
		return v
	}
	v := newLibraryView(snap, l.aud)
	l.last.Store(v)
	return v
}

func newLibraryView(snap *content.Snapshot, aud loket.Audience) *libraryView {
	v := &libraryView{snap: snap, categories: map[loket.Locale][]loket.Category{},
		articles: map[loket.Locale][]*loket.Article{}, guides: map[loket.Locale][]*loket.Guide{}}
	used := map[loket.Locale]map[string]bool{}
	use := func(m *loket.Meta) {
		if used[m.Locale] == nil {
			used[m.Locale] = map[string]bool{}
		}
		if m.Category != "" {
			used[m.Locale][m.Category] = true
		}
	}
	for _, a := range snap.Articles {
		if aud.Allows(a.Audience) {
			v.articles[a.Locale] = append(v.articles[a.Locale], a)
			use(&a.Meta)
		}
	}
	for _, g := range snap.Guides {
		if aud.Allows(g.Audience) {
			v.guides[g.Locale] = append(v.guides[g.Locale], g)
			use(&g.Meta)
		}
	}
	for _, loc := range snap.Locales() {
		if used[loc] == nil {
			continue
		}
		v.locales = append(v.locales, loc)
		for _, c := range snap.Categories(loc) {
			if used[loc][c.Slug] {
				v.categories[loc] = append(v.categories[loc], c)
			}
		}
	}
	v.byCategory = map[loket.Locale]map[string][]*loket.Article{}
	for loc, as := range v.articles {
		sort.SliceStable(as, func(i, j int) bool { return as[i].Title < as[j].Title })
		cats := map[string][]*loket.Article{}
		for _, a := range as {
			cats[a.Category] = append(cats[a.Category], a)
		}
		v.byCategory[loc] = cats
	}
	for _, gs := range v.guides {
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].Title < gs[j].Title })
	}
	return v
}

func (l *library) Audience() loket.Audience { return l.aud }

func (l *library) Search(ctx context.Context, q loket.Query) (*loket.Result, error) {
	return l.ix.search(ctx, q, l.aud)
}

func (l *library) Suggest(ctx context.Context, locale loket.Locale, prefix string, limit int) ([]loket.Suggestion, error) {
	return l.ix.suggest(ctx, locale, prefix, limit, l.aud)
}

func (l *library) Site() loket.Site { return l.ix.Snapshot().Site }

func (l *library) Passages(ctx context.Context, q loket.PassageQuery) ([]loket.Passage, error) {
	return l.ix.passages(ctx, q, l.aud)
}

func (l *library) Categories(locale loket.Locale) []loket.Category {
	return slices.Clone(l.view().categories[locale])
}

func (l *library) Locales() []loket.Locale {
	return slices.Clone(l.view().locales)
}

func (l *library) Article(locale loket.Locale, id string) (*loket.Article, error) {
	a := l.ix.Snapshot().Article(locale, id)
	if a == nil || !l.aud.Allows(a.Audience) {
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no article %q in %s", id, locale)
	}
	return a, nil
}

func (l *library) Guide(locale loket.Locale, id string) (*loket.Guide, error) {
	g := l.ix.Snapshot().Guide(locale, id)
	if g == nil || !l.aud.Allows(g.Audience) {
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no guide %q in %s", id, locale)
	}
	return g, nil
}

func (l *library) Articles(f loket.ArticleFilter) []*loket.Article {
	v := l.view()
	if f.Category != "" {
		return slices.Clone(v.byCategory[f.Locale][f.Category])
	}
	return slices.Clone(v.articles[f.Locale])
}

func (l *library) Guides(locale loket.Locale) []*loket.Guide {
	return slices.Clone(l.view().guides[locale])
}

func (l *library) Translations(kind loket.Kind, locale loket.Locale, id string) []*loket.Meta {
	snap := l.ix.Snapshot()
	var out []*loket.Meta
	for _, loc := range snap.Locales() {
		if loc == locale {
			continue
		}
		if m := snap.Meta(loket.Key{Kind: kind, Locale: loc, ID: id}); m != nil && l.aud.Allows(m.Audience) {
			out = append(out, m)
		}
	}
	return out
}
