package faq

import (
	"context"
	"html/template"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// DocLink is a link to an article or guide in a list.
type DocLink struct {
	Title   string
	URL     string
	Summary string
	Snippet template.HTML // search snippet, escaped with <mark>s
	Guide   bool
}

// CategoryCard is a category on the home page.
type CategoryCard struct {
	Title       string
	Description string
	URL         string
	Count       int
}

type homeView struct {
	Page
	Categories []CategoryCard
	Popular    []DocLink
	Guides     []DocLink
}

// home is the front page: search, categories, the most read articles and
// the guided flows.
func (s *Site) home(c *gin.Context) {
	p := s.page(c, "")
	p.Description = p.T("home.description", p.Site.Name)
	p.Alternates = s.homeAlternates(c)
	p.JSONLD = jsonLD(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite", "name": p.Site.Name, "url": s.absolute(c, p.URL("/")),
		"inLanguage": string(p.Locale),
		"potentialAction": map[string]any{
			"@type": "SearchAction", "target": s.absolute(c, p.URL("/search")) + "?q={query}", "query-input": "required name=query",
		},
	})
	v := homeView{Page: p, Categories: s.categoryCards(p.Locale), Popular: s.popularArticles(c.Request.Context(), p.Locale, 6)}
	for _, g := range s.lib.Guides(p.Locale) {
		v.Guides = append(v.Guides, DocLink{Title: g.Title, URL: g.URL, Guide: true})
	}
	s.view(c, http.StatusOK, "home", v)
}

func (s *Site) categoryCards(locale loket.Locale) []CategoryCard {
	counts := map[string]int{}
	for _, a := range s.lib.Articles(loket.ArticleFilter{Locale: locale}) {
		counts[a.Category]++
	}
	for _, g := range s.lib.Guides(locale) {
		counts[g.Category]++
	}
	var out []CategoryCard
	for _, cat := range s.lib.Categories(locale) {
		out = append(out, CategoryCard{Title: cat.Title, Description: cat.Description,
			URL: "/" + string(locale) + "/categories/" + cat.Slug, Count: counts[cat.Slug]})
	}
	return out
}

// popularArticles returns the articles read most in the last 30 days; when
// there are too few views yet, the articles editors boosted fill the list.
func (s *Site) popularArticles(ctx context.Context, locale loket.Locale, n int) []DocLink {
	var out []DocLink
	seen := map[string]bool{}
	add := func(a *loket.Article) {
		if len(out) < n && !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, DocLink{Title: a.Title, URL: a.URL, Summary: a.Summary})
		}
	}
	for _, id := range s.popular.ids(ctx, locale) {
		if a, err := s.lib.Article(locale, id); err == nil {
			add(a)
		}
	}
	all := s.lib.Articles(loket.ArticleFilter{Locale: locale})
	sort.SliceStable(all, func(i, j int) bool { return all[i].Boost > all[j].Boost })
	for _, a := range all {
		add(a)
	}
	return out
}

// popularCache keeps the most viewed article ids per locale for a few
// minutes, so that the home page does not count events on every request.
type popularCache struct {
	views loket.ViewCounter
	now   func() time.Time

	mu      sync.Mutex
	entries map[loket.Locale]popularEntry
}

type popularEntry struct {
	at  time.Time
	ids []string
}

func newPopularCache(v loket.ViewCounter, now func() time.Time) *popularCache {
	return &popularCache{views: v, now: now, entries: map[loket.Locale]popularEntry{}}
}

func (p *popularCache) ids(ctx context.Context, locale loket.Locale) []string {
	if p.views == nil {
		return nil
	}
	p.mu.Lock()
	e, ok := p.entries[locale]
	p.mu.Unlock()
	if ok && p.now().Sub(e.at) < 5*time.Minute {
		return e.ids
	}
	views, err := p.views.MostViewed(ctx, locale, p.now().Add(-30*24*time.Hour), 20)
	if err != nil {
		return e.ids
	}
	e = popularEntry{at: p.now()}
	for _, v := range views {
		e.ids = append(e.ids, v.ArticleID)
	}
	p.mu.Lock()
	p.entries[locale] = e
	p.mu.Unlock()
	return e.ids
}
