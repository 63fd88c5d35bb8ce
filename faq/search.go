package faq

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// pageSize is the number of hits on a results page; maxPage keeps deep
// pages from costing more than they are worth.
const (
	pageSize = 10
	maxPage  = 50
)

type searchView struct {
	Page
	Total         int
	Hits          []HitView
	Facets        []FacetView
	Category      string
	AllURL        string // the search without the category filter
	Correction    string
	CorrectionURL string
	Pages         []PageLink
	PrevURL       string
	NextURL       string
	Categories    []CategoryCard // shown when nothing was found
	Searched      bool
}

// HitView is a search result.
type HitView struct {
	Title    string
	URL      string
	Snippet  template.HTML
	Category string
	Guide    bool
}

// FacetView is a category filter with its count.
type FacetView struct {
	Title  string
	URL    string
	Count  int
	Active bool
}

// PageLink is a link to a page of results.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// search shows search results with snippets, category filters and pages.
// Nothing found gives a spelling suggestion, the categories and the way to
// contact us, and is recorded like every search.
func (s *Site) search(c *gin.Context) {
	locale := c.MustGet(localeKey).(loket.Locale)
	// Search looks at the first MaxQueryLength characters; show those.
	text := clipText(strings.TrimSpace(c.Query("q")), loket.MaxQueryLength)
	category := c.Query("category")
	page, _ := strconv.Atoi(c.Query("page"))
	page = min(max(page, 1), maxPage)
	p := s.page(c, "")
	p.Query, p.NoIndex = text, true
	p.Title = p.T("search.title")
	p.Alternates = s.homeAlternates(c)
	v := searchView{Page: p, Category: category}
	if text == "" {
		s.view(c, http.StatusOK, "search", v)
		return
	}
	res, err := s.lib.Search(c.Request.Context(), loket.Query{Text: text, Locale: locale, Category: category,
		Offset: (page - 1) * pageSize, Limit: pageSize})
	if err != nil {
		s.fail(c, err)
		return
	}
	if page == 1 {
		s.record(c.Request.Context(), &loket.Event{Type: loket.EventSearch, Channel: loket.ChannelWeb, Locale: locale,
			Session: web.Visitor(c), Query: text, Results: res.Total, Data: map[string]string{"category": category}})
	}
	v.Searched = true
	v.Title = p.T("search.title.query", text)
	s.fillResults(&v, res, text, category, page)
	s.view(c, http.StatusOK, "search", v)
}

func (s *Site) fillResults(v *searchView, res *loket.Result, text, category string, page int) {
	link := func(cat string, page int) string {
		q := url.Values{"q": {text}}
		if cat != "" {
			q.Set("category", cat)
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		return v.URL("/search") + "?" + q.Encode()
	}
	v.Total = res.Total
	for _, h := range res.Hits {
		hv := HitView{Title: h.Meta.Title, URL: h.Meta.URL + "?from=search", Snippet: h.Snippet, Guide: h.Meta.Kind == loket.KindGuide}
		if cat := s.categoryOf(v.Locale, h.Meta.Category); cat != nil {
			hv.Category = cat.Title
		}
		v.Hits = append(v.Hits, hv)
	}
	for _, f := range res.Facets {
		if cat := s.categoryOf(v.Locale, f.Category); cat != nil {
			v.Facets = append(v.Facets, FacetView{Title: cat.Title, URL: link(f.Category, 1), Count: f.Count, Active: f.Category == category})
		}
	}
	v.AllURL = link("", 1)
	if res.Correction != "" {
		v.Correction = res.Correction
		v.CorrectionURL = v.URL("/search") + "?" + url.Values{"q": {res.Correction}}.Encode()
	}
	pages := min((res.Total+pageSize-1)/pageSize, maxPage)
	for n := max(1, page-4); n <= min(pages, page+4); n++ {
		v.Pages = append(v.Pages, PageLink{Number: n, URL: link(category, n), Current: n == page})
	}
	if page > 1 {
		v.PrevURL = link(category, page-1)
	}
	if page < pages {
		v.NextURL = link(category, page+1)
	}
	if res.Total == 0 {
		v.Categories = s.categoryCards(v.Locale)
	}
}
