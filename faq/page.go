package faq

import (
	"encoding/json"
	"html/template"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// Page is what every page shows: the header, the footer and the head
// elements. Each page's view model embeds it.
type Page struct {
	Locale      loket.Locale
	Title       string // the page's own title; the site name is added
	Description string
	Canonical   string      // absolute URL of this page
	Alternates  []Alternate // the same page in other locales, for hreflang and the switch
	JSONLD      template.JS // structured data, or ""
	OGType      string      // OpenGraph type: website or article
	CSRF        string
	Query       string // what the search box shows
	Site        SiteInfo
	NoIndex     bool // keep search engines out (search results, forms)

	tr web.Translator
}

// Alternate is a page in another locale.
type Alternate struct {
	Locale loket.Locale
	URL    string // absolute
	Name   string // the language's own name: "Nederlands", "English"
	ReadIn string // "Read this article in English", in that language
}

// SiteInfo is the site as the header, footer and contact options show it.
type SiteInfo struct {
	Name      string
	LogoURL   string
	StyleURL  string
	Phone     string
	PhoneHref template.URL // tel: link; html/template only allows it as a typed URL
	Email     string
	Hours     []HoursLine
	OpenNow   bool
	HasHours  bool
}

// HoursLine is one line of opening hours: "maandag t/m vrijdag 08:00-20:00".
type HoursLine struct{ Days, Times string }

// T returns interface text in the page's locale.
func (p Page) T(key string, args ...any) string { return p.tr.T(key, args...) }

// Date formats a date in the page's locale: "14 oktober 2026".
func (p Page) Date(d time.Time) string { return p.tr.Date(d) }

// Lang is the page's html lang attribute.
func (p Page) Lang() string { return string(p.Locale) }

// URL returns a path of the site in the page's locale: "/nl" + path.
func (p Page) URL(path string) string { return "/" + string(p.Locale) + path }

// page returns the common part of a page for a request.
func (s *Site) page(c *gin.Context, title string) Page {
	locale := c.MustGet(localeKey).(loket.Locale)
	site := s.lib.Site()
	p := Page{
		Locale: locale, Title: title, OGType: "website",
		CSRF: s.opts.Visitors.Token(c),
		Site: s.siteInfo(site, locale),
		tr:   s.messages.For(locale),
	}
	p.Canonical = s.absolute(c, c.Request.URL.Path)
	return p
}

// alternates lists the locales that have content at path(locale), for
// hreflang links and the language switch.
func (s *Site) alternates(c *gin.Context, path func(loket.Locale) (string, bool)) []Alternate {
	var out []Alternate
	for _, l := range s.lib.Locales() {
		if p, ok := path(l); ok {
			tr := s.messages.For(l)
			out = append(out, Alternate{Locale: l, URL: s.absolute(c, p), Name: tr.T("language.name"), ReadIn: tr.T("article.in")})
		}
	}
	return out
}

// homeAlternates are the home pages of every locale.
func (s *Site) homeAlternates(c *gin.Context) []Alternate {
	return s.alternates(c, func(l loket.Locale) (string, bool) { return "/" + string(l) + "/", true })
}

// absolute turns a path into a URL on the public address of the site.
func (s *Site) absolute(c *gin.Context, path string) string {
	return web.AbsoluteURL(c, s.opts.BaseURL, path)
}

// jsonLD encodes structured data for a <script type="application/ld+json">.
// json.Marshal escapes <, > and &, so the data cannot end the script.
func jsonLD(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// view writes a page: rendered once into a buffer, then sent.
func (s *Site) view(c *gin.Context, status int, name string, data any) {
	body, err := s.render.Render(name, data)
	if err != nil {
		s.logger.Error("render page", "page", name, "err", err)
		c.String(500, "Internal error.")
		return
	}
	web.HTML(c, status, body)
}
