package faq

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

const localeKey = "faq.locale"

// locale accepts the locale in the URL when the knowledge base has content
// in it, and answers 404 otherwise.
func (s *Site) locale(c *gin.Context) {
	l, err := loket.ParseLocale(c.Param("locale"))
	if err != nil || !s.hasLocale(l) {
		s.errorPage(c, http.StatusNotFound, s.defaultLocale(c))
		c.Abort()
		return
	}
	if string(l) != c.Param("locale") {
		// One address per page: /NL/ becomes /nl/.
		c.Redirect(http.StatusMovedPermanently, "/"+string(l)+strings.TrimPrefix(c.Request.URL.RequestURI(), "/"+c.Param("locale")))
		c.Abort()
		return
	}
	c.Set(localeKey, l)
	c.Next()
}

func (s *Site) hasLocale(l loket.Locale) bool {
	for _, x := range s.lib.Locales() {
		if x == l {
			return true
		}
	}
	return false
}

// chooseLocale sends / to the home page in the visitor's language.
func (s *Site) chooseLocale(c *gin.Context) {
	c.Header("Vary", "Accept-Language")
	c.Redirect(http.StatusFound, "/"+string(s.defaultLocale(c))+"/")
}

// defaultLocale picks the content locale that best matches the request's
// Accept-Language, or the first locale of the knowledge base.
func (s *Site) defaultLocale(c *gin.Context) loket.Locale {
	locales := s.lib.Locales()
	if len(locales) == 0 {
		return "en"
	}
	for _, want := range acceptLanguages(c.GetHeader("Accept-Language")) {
		for _, l := range locales {
			if strings.EqualFold(string(l), want) {
				return l
			}
		}
		for _, l := range locales {
			if l.Language() == strings.ToLower(strings.SplitN(want, "-", 2)[0]) {
				return l
			}
		}
	}
	return locales[0]
}

// acceptLanguages returns the languages of an Accept-Language header, most
// wanted first.
func acceptLanguages(h string) []string {
	type lang struct {
		tag string
		q   float64
	}
	var langs []lang
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag == "" || tag == "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			langs = append(langs, lang{tag, q})
		}
	}
	sort.SliceStable(langs, func(i, j int) bool { return langs[i].q > langs[j].q })
	out := make([]string, len(langs))
	for i, l := range langs {
		out[i] = l.tag
	}
	return out
}
