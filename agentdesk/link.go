package agentdesk

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// Short links: an agent sends a customer a public article as /l/{code},
// short enough to read out on the phone. The link names the article, not
// its address: it is looked up in the public library each time it is
// opened, so a link to an article that became internal, or was removed,
// leads nowhere rather than to content customers may not see.

// sendLinkRequest is the body of POST /agent/api/links.
type sendLinkRequest struct {
	Locale  string `json:"locale"`
	ID      string `json:"id"`
	Handoff int64  `json:"handoff"`
}

// sendLinkAPI makes a short link to a public article: POST /agent/api/links
// with {locale, id, handoff} answers 201 {url, code}. An internal article,
// or a body that names no article, is refused with 400; an unknown article
// with 404.
func (d *Desk) sendLinkAPI(c *gin.Context) {
	var req sendLinkRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		d.fail(c, messageError(loket.EINVALID, d.messages.For(d.panelLocale(c)).T("kn.link.bad")))
		return
	}
	l, err := d.createLink(c, req.Locale, req.ID, req.Handoff)
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, sentLink{URL: d.shortLinkURL(c, l.Code), Code: l.Code})
}

// sendLinkForm is sendLinkAPI for the form without scripts: it makes the
// link and shows it on the article's page.
func (d *Desk) sendLinkForm(c *gin.Context) {
	l, err := d.createLink(c, c.PostForm("locale"), c.PostForm("id"), knowledgeHandoff(c))
	if code := loket.ErrorCode(err); code != "" && code != loket.EINTERNAL {
		d.messagePage(c, err)
		return
	} else if err != nil {
		d.fail(c, err)
		return
	}
	q := url.Values{"link": {l.Code}}
	if l.HandoffID > 0 {
		q.Set("handoff", strconv.FormatInt(l.HandoffID, 10))
	}
	c.Redirect(http.StatusSeeOther, knowledgeURL(loket.KindArticle, l.Locale, l.ArticleID, 0)+"?"+q.Encode())
}

// createLink stores a short link to a public article for the signed-in
// agent, tied to a contact when handoff is not 0. The messages of its
// errors are in the agent's language.
func (d *Desk) createLink(c *gin.Context, locale, id string, handoff int64) (*loket.ShortLink, error) {
	ctx := c.Request.Context()
	tr := d.messages.For(d.panelLocale(c))
	if d.opts.Links == nil || d.opts.Public == nil {
		return nil, messageError(loket.EUNAVAILABLE, tr.T("kn.link.off"))
	}
	loc, err := loket.ParseLocale(locale)
	id = strings.Trim(id, "/")
	if err != nil || id == "" || handoff < 0 {
		return nil, messageError(loket.EINVALID, tr.T("kn.link.bad"))
	}
	a, err := d.opts.Public.Article(loc, id)
	if loket.ErrorCode(err) == loket.ENOTFOUND {
		if _, err := d.opts.Library.Article(loc, id); err == nil {
			return nil, messageError(loket.EINVALID, tr.T("kn.link.internal"))
		}
		return nil, messageError(loket.ENOTFOUND, tr.T("kn.link.notfound"))
	}
	if err != nil {
		return nil, err
	}
	if handoff > 0 {
		if _, err := d.opts.Handoffs.FindHandoff(ctx, handoff); loket.ErrorCode(err) == loket.ENOTFOUND {
			return nil, messageError(loket.EINVALID, tr.T("kn.link.nohandoff"))
		} else if err != nil {
			return nil, err
		}
	}
	l := &loket.ShortLink{Locale: a.Locale, ArticleID: a.ID, Agent: currentUser(c).Name, HandoffID: handoff}
	if err := d.opts.Links.CreateShortLink(ctx, l); err != nil {
		return nil, err
	}
	d.recordKnowledgeEvent(ctx, &loket.Event{Type: loket.EventView, Locale: a.Locale, Session: knowledgeSession(c), ArticleID: a.ID,
		Data: handoffData(map[string]string{"action": "link", "kind": string(loket.KindArticle)}, handoff)})
	return l, nil
}

// shortLinkURL is the address customers open: the site's public address,
// or, when none is configured, the address this request came to.
func (d *Desk) shortLinkURL(c *gin.Context, code string) string {
	base := strings.TrimRight(d.opts.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if c.Request.TLS != nil || d.opts.Secure {
			scheme = "https"
		}
		base = scheme + "://" + c.Request.Host
	}
	return base + "/l/" + url.PathEscape(code)
}

// followLink sends a customer from /l/{code} to the public article. An
// unknown code, or an article customers may no longer see, gets a short
// page that says so, in the link's language.
func (d *Desk) followLink(c *gin.Context) {
	ctx := c.Request.Context()
	c.Header("Cache-Control", "no-store")
	if d.opts.Links == nil || d.opts.Public == nil {
		d.linkGone(c, "")
		return
	}
	l, err := d.opts.Links.FindShortLink(ctx, c.Param("code"))
	if loket.ErrorCode(err) == loket.ENOTFOUND {
		d.linkGone(c, "")
		return
	}
	if err != nil {
		d.opts.Logger.Error("follow short link", "err", err)
		c.String(http.StatusInternalServerError, "Internal error.")
		return
	}
	a, err := d.opts.Public.Article(l.Locale, l.ArticleID)
	if err != nil {
		d.linkGone(c, l.Locale)
		return
	}
	d.recordKnowledgeEvent(ctx, &loket.Event{Type: loket.EventView, Channel: loket.ChannelWeb, Locale: a.Locale, ArticleID: a.ID,
		Data: handoffData(map[string]string{"from": "link", "kind": string(loket.KindArticle)}, l.HandoffID)})
	c.Redirect(http.StatusFound, a.URL)
}

// linkGonePage is the page of a short link that leads nowhere. It stands
// alone: customers reach it, not agents.
var linkGonePage = template.Must(template.New("link-gone").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>{{.Title}}</title></head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Text}}</p>
<p><a href="{{.Home}}">{{.HomeText}}</a></p>
</main>
</body>
</html>
`))

type linkGoneView struct {
	Lang, Title, Text, Home, HomeText string
}

func (d *Desk) linkGone(c *gin.Context, locale loket.Locale) {
	if locale == "" {
		locale = "nl"
		if ls := d.opts.Library.Locales(); len(ls) > 0 {
			locale = ls[0]
		}
	}
	tr := d.messages.For(locale)
	var buf bytes.Buffer
	err := linkGonePage.Execute(&buf, linkGoneView{Lang: string(locale), Title: tr.T("kn.link.gone"),
		Text: tr.T("kn.link.gone.text"), Home: "/" + string(locale) + "/", HomeText: tr.T("kn.link.gone.home")})
	if err != nil {
		d.opts.Logger.Error("render link page", "err", err)
		c.String(http.StatusNotFound, "Not found.")
		return
	}
	web.HTML(c, http.StatusNotFound, buf.Bytes())
}

// messagePage is the error page with the message of err, which is written
// for the agent, as createLink's are.
func (d *Desk) messagePage(c *gin.Context, err error) {
	status := web.Status(err)
	key := "agent.error." + strconv.Itoa(status)
	if !d.messages.Has(key) {
		key = "agent.error.500"
	}
	d.view(c, status, "error", errorView{Page: d.page(c, key), Status: status, Message: loket.ErrorMessage(err)})
}
