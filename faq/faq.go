// Package faq serves the public help site: home, categories, articles,
// guided flows, search, the contact page that offers answers before the
// contact options, sitemap and robots.txt, and the public JSON API for
// search and suggestions. It only ever sees the knowledge base through a
// public loket.Library, so internal content cannot reach it.
//
// Every page works without JavaScript; the script only adds suggestions as
// you type and inline feedback. Pages are rendered from templates parsed at
// start, in the locale named by the URL (/nl/..., /en/...).
package faq

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/templates"
	"github.com/loket/loket/web"
)

// Options configure the help site.
type Options struct {
	Library  loket.Library // must be a public library
	Events   loket.EventStore
	Votes    loket.FeedbackStore
	Views    loket.ViewCounter
	Handoffs loket.HandoffStore
	Visitors *web.Visitors
	Logger   *slog.Logger
	Now      func() time.Time
	// BaseURL is the public address of the site ("https://help.example.nl"),
	// for canonical links, the sitemap and structured data. When empty it is
	// taken from each request.
	BaseURL string
	// CORSOrigins may call the JSON API from a browser: exact origins, or
	// "*" for any.
	CORSOrigins []string
	// Search, Suggest and Forms limit requests per client and minute; nil
	// means unlimited.
	Search, Suggest, Forms *web.Limiter
	// ChatURL, when set, is offered among the contact options.
	ChatURL string
}

// Site is the help site. Create it with New and add its routes with
// Register.
type Site struct {
	opts     Options
	lib      loket.Library
	logger   *slog.Logger
	now      func() time.Time
	render   *web.Renderer
	messages *web.Messages
	assets   *web.Assets
	brand    *brand
	popular  *popularCache
}

// New parses the templates and messages and returns the help site. It fails
// when a template or message file is broken, so that such a mistake stops
// start-up rather than a request.
func New(opts Options) (*Site, error) {
	if opts.Library == nil || opts.Library.Audience() != loket.AudiencePublic {
		return nil, fmt.Errorf("faq: the help site needs a public library")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Site{opts: opts, lib: opts.Library, logger: opts.Logger, now: opts.Now, brand: newBrand()}
	var err error
	if s.messages, err = web.LoadMessages(templates.Messages(), "en"); err != nil {
		return nil, err
	}
	if s.assets, err = web.LoadAssets(templates.Static(), "/static/"); err != nil {
		return nil, err
	}
	if s.render, err = web.NewRenderer(templates.Pages(), s.funcs()); err != nil {
		return nil, err
	}
	s.popular = newPopularCache(opts.Views, opts.Now)
	return s, nil
}

func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": s.assets.URL,
		"add":   func(a, b int) int { return a + b },
		// pair passes a page and a list to a shared template.
		"pair": func(p Page, items any) pair { return pair{p, items} },
	}
}

// pair is what the shared templates "breadcrumbs" and "doclist" get.
type pair struct {
	Page  Page
	Items any
}

// Register adds the help site's routes to r.
func (s *Site) Register(r gin.IRouter) {
	r.GET("/", s.chooseLocale)
	r.GET("/static/*file", s.assets.Handler())
	r.GET("/site/style.css", s.siteStyle)
	r.GET("/site/logo", s.siteLogo)
	r.GET("/robots.txt", s.robots)
	r.GET("/sitemap.xml", s.sitemap)

	api := r.Group("/api/v1", web.CORS(s.opts.CORSOrigins, "GET, OPTIONS", "Content-Type"), s.opts.Visitors.Middleware())
	preflight := func(c *gin.Context) { c.Status(http.StatusNoContent) }
	for _, p := range []string{"/search", "/suggest", "/openapi.json"} {
		api.OPTIONS(p, preflight)
	}
	api.GET("/search", s.limit(s.opts.Search), s.apiSearch)
	api.GET("/suggest", s.limit(s.opts.Suggest), s.apiSuggest)
	api.GET("/openapi.json", s.openAPI)

	l := r.Group("/:locale", s.locale, s.opts.Visitors.Middleware())
	l.GET("/", s.home)
	l.GET("/categories/:slug", s.category)
	l.GET("/articles/*id", s.article)
	l.POST("/articles/*id", s.limit(s.opts.Forms), s.csrf, s.feedback)
	l.GET("/guides/*id", s.guide)
	l.GET("/search", s.limit(s.opts.Search), s.search)
	l.GET("/contact", s.contact)
	l.POST("/contact", s.limit(s.opts.Forms), s.csrf, s.contactAnswers)
	l.POST("/contact/send", s.limit(s.opts.Forms), s.csrf, s.contactSend)
	l.GET("/contact/sent", s.contactSent)
}

// NotFound renders the "page not found" page, for the engine's NoRoute.
func (s *Site) NotFound(c *gin.Context) {
	s.errorPage(c, http.StatusNotFound, s.defaultLocale(c))
}

// record writes an event; a failure is logged, never shown: the customer
// came for an answer, not for our statistics.
func (s *Site) record(ctx context.Context, e *loket.Event) {
	if s.opts.Events == nil {
		return
	}
	if err := s.opts.Events.RecordEvent(ctx, e); err != nil {
		s.logger.Error("record event", "type", e.Type, "err", err)
	}
}

// limit answers 429 when the client has sent too many requests.
func (s *Site) limit(l *web.Limiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l.Allow(c.ClientIP()) {
			c.Next()
			return
		}
		c.Header("Retry-After", "60")
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			web.Error(c, s.logger, loket.Errorf(loket.ERATELIMIT, "Too many requests; try again in a minute."))
			return
		}
		loc, _ := c.Get(localeKey)
		locale, _ := loc.(loket.Locale)
		if locale == "" {
			locale = s.defaultLocale(c)
		}
		s.errorPage(c, http.StatusTooManyRequests, locale)
		c.Abort()
	}
}

// csrf refuses a form post without the visitor's token.
func (s *Site) csrf(c *gin.Context) {
	if s.opts.Visitors.CheckToken(c) {
		c.Next()
		return
	}
	s.errorPage(c, http.StatusForbidden, c.MustGet(localeKey).(loket.Locale))
	c.Abort()
}
