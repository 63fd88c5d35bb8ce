package agentdesk

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// Page is what every panel page shows: the header with the user, and the
// interface text in the agent's language.
type Page struct {
	Title  string
	User   *loket.User
	CSRF   string
	Locale loket.Locale // the panel's language
	Query  string
	Nav    string // the current section, for the menu
	tr     web.Translator
}

// T returns interface text in the panel's language.
func (p Page) T(key string, args ...any) string { return p.tr.T(key, args...) }

// Date formats a date in the panel's language.
func (p Page) Date(t time.Time) string { return p.tr.Date(t) }

// Lang is the html lang attribute.
func (p Page) Lang() string { return string(p.Locale) }

// CanEdit reports whether the user may see the editors' pages.
func (p Page) CanEdit() bool { return p.User != nil && p.User.Role.Includes(loket.RoleEditor) }

// page returns the common part of a panel page, titled by a message key.
func (d *Desk) page(c *gin.Context, titleKey string) Page {
	locale := d.panelLocale(c)
	p := Page{User: currentUser(c), Locale: locale, tr: d.messages.For(locale)}
	if p.User != nil {
		p.CSRF = d.csrfToken(c)
	} else {
		p.CSRF = d.visitors.Token(c)
	}
	p.Title = p.T(titleKey)
	return p
}

// panelLocale is the agent's language: Dutch unless the browser prefers
// English.
func (d *Desk) panelLocale(c *gin.Context) loket.Locale {
	for _, part := range []string{c.GetHeader("Accept-Language")} {
		if len(part) >= 2 && (part[:2] == "en") {
			return "en"
		}
	}
	return "nl"
}

// view renders a panel page.
func (d *Desk) view(c *gin.Context, status int, name string, data any) {
	body, err := d.render.Render(name, data)
	if err != nil {
		d.opts.Logger.Error("render panel page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "Internal error.")
		return
	}
	c.Header("Cache-Control", "no-store")
	web.HTML(c, status, body)
}

type errorView struct {
	Page
	Status  int
	Message string
}

// errorPage renders a panel error page.
func (d *Desk) errorPage(c *gin.Context, status int) {
	key := "agent.error." + strconv.Itoa(status)
	if !d.messages.Has(key) {
		key = "agent.error.500"
	}
	p := d.page(c, key)
	d.view(c, status, "error", errorView{Page: p, Status: status, Message: p.T(key + ".text")})
}

// fail answers a failed request, logging internal errors once.
func (d *Desk) fail(c *gin.Context, err error) {
	if loket.ErrorCode(err) == loket.EINTERNAL {
		d.opts.Logger.Error("panel request failed", "path", c.Request.URL.Path, "err", err)
	}
	if len(c.Request.URL.Path) > len("/agent/api/") && c.Request.URL.Path[:len("/agent/api/")] == "/agent/api/" {
		web.Error(c, d.opts.Logger, err)
		return
	}
	d.errorPage(c, web.Status(err))
}
