package faq

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists the home pages, categories, articles and guides of every
// locale, with their translations. Only public content: it is built from the
// public library.
func (s *Site) sitemap(c *gin.Context) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	add := func(path, lastmod string, alternates func(loket.Locale) (string, bool)) {
		u := sitemapURL{Loc: s.absolute(c, path), LastMod: lastmod}
		for _, a := range s.alternates(c, alternates) {
			u.Links = append(u.Links, xhtmlLink{Rel: "alternate", Hreflang: string(a.Locale), Href: a.URL})
		}
		set.URLs = append(set.URLs, u)
	}
	for _, l := range s.lib.Locales() {
		add("/"+string(l)+"/", "", func(o loket.Locale) (string, bool) { return "/" + string(o) + "/", true })
		for _, cat := range s.lib.Categories(l) {
			slug := cat.Slug
			add("/"+string(l)+"/categories/"+slug, "", func(o loket.Locale) (string, bool) {
				return "/" + string(o) + "/categories/" + slug, s.categoryOf(o, slug) != nil
			})
		}
		for _, a := range s.lib.Articles(loket.ArticleFilter{Locale: l}) {
			lastmod := ""
			if !a.Updated.IsZero() {
				lastmod = a.Updated.Format("2006-01-02")
			}
			id := a.ID
			add(a.URL, lastmod, func(o loket.Locale) (string, bool) {
				t, err := s.lib.Article(o, id)
				if err != nil {
					return "", false
				}
				return t.URL, true
			})
		}
		for _, g := range s.lib.Guides(l) {
			id := g.ID
			add(g.URL, "", func(o loket.Locale) (string, bool) {
				t, err := s.lib.Guide(o, id)
				if err != nil {
					return "", false
				}
				return t.URL, true
			})
		}
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		s.logger.Error("sitemap", "err", err)
		c.Status(http.StatusInternalServerError)
		return
	}
	c.Data(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), out...))
}

// robots lets search engines read the site but not the API, the agent panel,
// search results or forms.
func (s *Site) robots(c *gin.Context) {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /agent/\n")
	for _, l := range s.lib.Locales() {
		b.WriteString("Disallow: /" + string(l) + "/search\nDisallow: /" + string(l) + "/contact\n")
	}
	b.WriteString("\nSitemap: " + s.absolute(c, "/sitemap.xml") + "\n")
	c.String(http.StatusOK, b.String())
}
