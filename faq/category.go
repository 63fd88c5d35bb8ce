package faq

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Name string
	URL  string
}

type categoryView struct {
	Page
	Category    loket.Category
	Breadcrumbs []Crumb
	Articles    []DocLink
	Guides      []DocLink
}

// category lists the articles and guides of one category.
func (s *Site) category(c *gin.Context) {
	locale := c.MustGet(localeKey).(loket.Locale)
	slug := c.Param("slug")
	cat := s.categoryOf(locale, slug)
	if cat == nil {
		s.notFound(c)
		return
	}
	p := s.page(c, cat.Title)
	p.Description = cat.Description
	p.Alternates = s.alternates(c, func(l loket.Locale) (string, bool) {
		return "/" + string(l) + "/categories/" + slug, s.categoryOf(l, slug) != nil
	})
	v := categoryView{Page: p, Category: *cat, Breadcrumbs: []Crumb{{p.T("nav.home"), p.URL("/")}, {cat.Title, ""}}}
	for _, a := range s.lib.Articles(loket.ArticleFilter{Locale: locale, Category: slug}) {
		v.Articles = append(v.Articles, DocLink{Title: a.Title, URL: a.URL, Summary: a.Summary})
	}
	for _, g := range s.lib.Guides(locale) {
		if g.Category == slug {
			v.Guides = append(v.Guides, DocLink{Title: g.Title, URL: g.URL, Guide: true})
		}
	}
	v.JSONLD = jsonLD(map[string]any{"@context": "https://schema.org", "@graph": []any{breadcrumbLD(c, s, v.Breadcrumbs)}})
	s.view(c, http.StatusOK, "category", v)
}

// categoryOf returns the category of a document, or nil.
func (s *Site) categoryOf(locale loket.Locale, slug string) *loket.Category {
	for _, x := range s.lib.Categories(locale) {
		if x.Slug == slug {
			return &x
		}
	}
	return nil
}

// breadcrumbLD is the schema.org BreadcrumbList of a trail.
func breadcrumbLD(c *gin.Context, s *Site, crumbs []Crumb) map[string]any {
	var items []map[string]any
	for i, cr := range crumbs {
		item := map[string]any{"@type": "ListItem", "position": i + 1, "name": cr.Name}
		if cr.URL != "" {
			item["item"] = s.absolute(c, cr.URL)
		}
		items = append(items, item)
	}
	return map[string]any{"@type": "BreadcrumbList", "itemListElement": items}
}
