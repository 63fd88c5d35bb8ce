package faq

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// errorView is the page for 403, 404, 429 and 500: what went wrong in plain
// words, and the ways on (search, home, contact).
type errorView struct {
	Page
	Status  int
	Heading string
	Message string
}

// errorPage renders an error page in locale.
func (s *Site) errorPage(c *gin.Context, status int, locale loket.Locale) {
	if _, ok := c.Get(localeKey); !ok {
		c.Set(localeKey, locale)
	}
	key := "error." + strconv.Itoa(status)
	if !s.messages.Has(key + ".title") {
		key = "error.500"
	}
	p := s.page(c, "")
	p.Title = p.T(key + ".title")
	p.NoIndex = true
	p.Alternates = s.homeAlternates(c)
	v := errorView{Page: p, Status: status, Heading: p.T(key + ".title"), Message: p.T(key + ".text")}
	s.view(c, status, "error", v)
}

// notFound renders 404 for a request whose locale is known.
func (s *Site) notFound(c *gin.Context) {
	s.errorPage(c, http.StatusNotFound, c.MustGet(localeKey).(loket.Locale))
}
