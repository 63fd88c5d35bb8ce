package agentdesk

import (
	"context"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// The knowledge tools: search over public and internal content (search.go),
// the article view (article.go), the guide runner (guide.go), drafting an
// answer (draft.go) and short links to public articles (link.go). Their
// pages all take ?handoff={id}, the contact the agent is handling, and
// carry it from page to page, so that a link sent or a guide walked is tied
// to that contact.

// knowledgeRoutes adds search, articles, guides and drafts.
func (d *Desk) knowledgeRoutes(g *gin.RouterGroup) {
	g.GET("/search", d.searchPage)
	g.GET("/api/search", d.searchAPI)
	g.GET("/articles/:locale/*id", d.articlePage)
	g.POST("/links", d.checkToken, d.sendLinkForm)
	g.POST("/api/links", d.checkToken, d.sendLinkAPI)
	g.GET("/guides/:locale/*id", d.guidePage)
	g.GET("/draft", d.draftPage)
	g.POST("/api/draft", d.checkToken, d.draftAPI)
}

// linkRoutes adds the short links customers open: /l/{code}.
func (d *Desk) linkRoutes(r gin.IRouter) {
	r.GET("/l/:code", d.followLink)
}

// knowledgeLink is a document as a link in the panel.
type knowledgeLink struct {
	Title    string       `json:"title"`
	URL      string       `json:"url"`
	Locale   loket.Locale `json:"locale"`
	Guide    bool         `json:"guide,omitempty"`
	Internal bool         `json:"internal,omitempty"`
}

// knowledgeURL is the panel's address of a document: /agent/articles/nl/…
// or /agent/guides/nl/…, with the contact being handled, if any.
func knowledgeURL(kind loket.Kind, locale loket.Locale, id string, handoff int64) string {
	seg := "/agent/articles/"
	if kind == loket.KindGuide {
		seg = "/agent/guides/"
	}
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	u := seg + url.PathEscape(string(locale)) + "/" + strings.Join(parts, "/")
	if handoff > 0 {
		u += "?handoff=" + strconv.FormatInt(handoff, 10)
	}
	return u
}

// linkTo returns the link to a document.
func linkTo(m *loket.Meta, handoff int64) knowledgeLink {
	return knowledgeLink{Title: m.Title, URL: knowledgeURL(m.Kind, m.Locale, m.ID, handoff), Locale: m.Locale,
		Guide: m.Kind == loket.KindGuide, Internal: m.Audience == loket.AudienceInternal}
}

// knowledgeLocale returns the locale in the path. Returns ENOTFOUND for
// anything that is not a locale.
func knowledgeLocale(c *gin.Context) (loket.Locale, error) {
	l, err := loket.ParseLocale(c.Param("locale"))
	if err != nil {
		return "", loket.Errorf(loket.ENOTFOUND, "There is no such locale.")
	}
	return l, nil
}

// knowledgeID returns a document's id from a wildcard route parameter.
func knowledgeID(c *gin.Context) string { return strings.Trim(c.Param("id"), "/") }

// knowledgeHandoff returns the contact being handled, from ?handoff= or
// the form field handoff; 0 for none or a malformed number.
func knowledgeHandoff(c *gin.Context) int64 {
	s := c.Query("handoff")
	if s == "" {
		s = c.PostForm("handoff")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// filterLocale returns the locale to search, "" for all: a locale the
// library has content in, or "" for anything else.
func (d *Desk) filterLocale(s string) (loket.Locale, bool) {
	if s == "" {
		return "", true
	}
	for _, l := range d.opts.Library.Locales() {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}

// publicDocLink matches the links inside articles to documents on the help
// site: href="/nl/articles/…" and href="/nl/guides/…". The bodies are
// sanitised, so attributes are always written href="…".
var publicDocLink = regexp.MustCompile(`href="/([a-z]{2}(?:-[A-Za-z]{2})?)/(articles|guides)/`)

// taskBox matches the boxes of task lists ("- [ ] check this"), which the
// sanitiser writes as disabled checkboxes without a name.
var taskBox = regexp.MustCompile(`<input((?: checked="")? disabled="" type="checkbox")>`)

// panelBody prepares a rendered body for the panel: links to documents on
// the help site open in the panel, where internal documents can be read
// too (other links, to external sites, mail or phone, are kept); the boxes
// of task lists get a name for screen readers; and tables, which scroll
// sideways on a narrow screen, can be scrolled with the keyboard.
func panelBody(body template.HTML, tr web.Translator) template.HTML {
	s := publicDocLink.ReplaceAllString(string(body), `href="/agent/$2/$1/`)
	s = taskBox.ReplaceAllString(s, `<input$1 aria-label="`+template.HTMLEscapeString(tr.T("kn.task"))+`">`)
	s = strings.ReplaceAll(s, "<table>", `<div class="kn-table" tabindex="0" role="region" aria-label="`+template.HTMLEscapeString(tr.T("kn.table"))+`"><table>`)
	s = strings.ReplaceAll(s, "</table>", "</table></div>")
	return template.HTML(s)
}

// recordKnowledgeEvent records an event of the panel. The event log serves
// insights: a failure to record is logged and never fails the request.
func (d *Desk) recordKnowledgeEvent(ctx context.Context, e *loket.Event) {
	if d.opts.Events == nil {
		return
	}
	if e.Channel == "" {
		e.Channel = loket.ChannelAgent
	}
	if err := d.opts.Events.RecordEvent(ctx, e); err != nil {
		d.opts.Logger.Warn("record event", "type", e.Type, "err", err)
	}
}

// knowledgeSession is the opaque session an agent's events share: derived
// from the sign-in session, so that it names no one.
func knowledgeSession(c *gin.Context) string {
	token := c.GetString(tokenKey)
	if token == "" {
		return ""
	}
	return "agent:" + hashToken("events:" + token)[:16]
}

// handoffData returns event data with the contact being handled, if any.
func handoffData(data map[string]string, handoff int64) map[string]string {
	if handoff > 0 {
		data["handoff"] = strconv.FormatInt(handoff, 10)
	}
	return data
}

// messageError returns a domain error whose message, already in the
// agent's language, is shown as it is.
func messageError(code, message string) error {
	return &loket.Error{Code: code, Message: message}
}
