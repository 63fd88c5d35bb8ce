package search

import (
	"context"
	"sort"

	"github.com/loket/loket"
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
	snap := l.ix.Snapshot()
	used := map[string]bool{}
	for _, m := range snap.Documents() {
		if m.Locale == locale && m.Category != "" && l.aud.Allows(m.Audience) {
			used[m.Category] = true
		}
	}
	var out []loket.Category
	for _, c := range snap.Categories(locale) {
		if used[c.Slug] {
			out = append(out, c)
		}
	}
	return out
}

func (l *library) Locales() []loket.Locale {
	snap := l.ix.Snapshot()
	var out []loket.Locale
	for _, loc := range snap.Locales() {
		for _, m := range snap.Documents() {
			if m.Locale == loc && l.aud.Allows(m.Audience) {
				out = append(out, loc)
				break
			}
		}
	}
	return out
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
	var out []*loket.Article
	for _, a := range l.ix.Snapshot().Articles {
		if a.Locale == f.Locale && l.aud.Allows(a.Audience) && (f.Category == "" || a.Category == f.Category) {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out
}

func (l *library) Guides(locale loket.Locale) []*loket.Guide {
	var out []*loket.Guide
	for _, g := range l.ix.Snapshot().Guides {
		if g.Locale == locale && l.aud.Allows(g.Audience) {
			out = append(out, g)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out
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
