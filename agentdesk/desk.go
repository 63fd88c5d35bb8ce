// Package agentdesk is the agent-assist panel under /agent/: the page agents
// keep open during calls and chats. Agents sign in with a name and
// password (or through a trusted single-sign-on proxy); every page and API
// needs a signed-in user with the right role. The panel searches public and
// internal articles, runs guided flows step by step, drafts answers with
// the answer engine, sends customers short links to public articles, and
// shows the live queue of handoffs with their context, to take one, handle
// it and wrap it up.
package agentdesk

import (
	"fmt"
	"html/template"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/templates"
	"github.com/loket/loket/web"
)

// Options configure the panel.
type Options struct {
	// Library is the knowledge base as agents see it: internal articles
	// included. Public is what customers see: short links must lead there.
	Library loket.Library
	Public  loket.Library
	// Answerer drafts answers over the internal library.
	Answerer loket.Answerer
	Users    loket.UserStore
	Handoffs loket.HandoffStore
	Flags    loket.FlagStore
	Links    loket.LinkStore
	Events   loket.EventStore
	// Key signs form tokens; Secure marks cookies HTTPS-only.
	Key    []byte
	Secure bool
	// SessionTTL bounds a session; 12 hours when zero. IdleTimeout ends a
	// session not used for that long; 2 hours when zero.
	SessionTTL  time.Duration
	IdleTimeout time.Duration
	// ProxyHeader, when set, names a header a trusted reverse proxy fills
	// with the signed-in user's name (single sign-on). Off by default:
	// enable it only behind a proxy that removes the header from clients'
	// requests. The user must exist here and not be disabled.
	ProxyHeader string
	// SignIns limits sign-in attempts per client and minute; nil for none.
	SignIns *web.Limiter
	Logger  *slog.Logger
	Now     func() time.Time
	// BaseURL is the public address of the site, for short links.
	BaseURL string
}

// Desk is the agent panel. Create it with New and add its routes with
// Register.
type Desk struct {
	opts     Options
	render   *web.Renderer
	messages *web.Messages
	assets   *web.Assets
	visitors *web.Visitors
}

// New parses the panel's templates and returns the panel. It fails when a
// template is broken or a store is missing.
func New(opts Options) (*Desk, error) {
	if opts.Library == nil || opts.Library.Audience() != loket.AudienceInternal || opts.Users == nil || opts.Handoffs == nil {
		return nil, fmt.Errorf("agentdesk: needs the internal library, users and handoffs")
	}
	if len(opts.Key) < 32 {
		return nil, fmt.Errorf("agentdesk: the key must be at least 32 bytes")
	}
	if opts.SessionTTL == 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = 2 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	d := &Desk{opts: opts, visitors: web.NewVisitors(opts.Key, opts.Secure)}
	var err error
	if d.messages, err = web.LoadMessages(templates.Messages(), "en"); err != nil {
		return nil, err
	}
	if d.assets, err = web.LoadAssets(templates.Static(), "/agent/static/"); err != nil {
		return nil, err
	}
	if d.render, err = web.NewRenderer(templates.AgentPages(), d.funcs()); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Desk) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": d.assets.URL,
		"add":   func(a, b int) int { return a + b },
	}
}

// Register adds the panel's routes to r: sign-in and sign-out, which anyone
// may reach, and the panel, which needs a signed-in user.
func (d *Desk) Register(r gin.IRouter) {
	r.GET("/agent/static/*file", d.assets.Handler())
	r.GET("/agent", func(c *gin.Context) { c.Redirect(301, "/agent/") })
	open := r.Group("/agent", d.visitors.Middleware(), d.authenticate)
	open.GET("/login", d.loginPage)
	open.POST("/login", d.limitSignIns, d.checkVisitorToken, d.login)
	panel := r.Group("/agent", d.visitors.Middleware(), d.authenticate, d.require(loket.RoleAgent))
	panel.POST("/logout", d.checkToken, d.logout)
	d.routes(panel)
	d.publicRoutes(r)
}
