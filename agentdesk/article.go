package agentdesk

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// articleView is an article as an agent reads it during a contact.
type articleView struct {
	Page
	Box           searchBox
	Article       *loket.Article
	Body          template.HTML // with links to documents opening in the panel
	Internal      bool
	CategoryTitle string
	Updated       string
	Translations  []knowledgeLink
	Related       []knowledgeLink
	// PublicURL is where customers read the article; "" for internal ones.
	PublicURL string
	// CanSend says whether the article may be sent as a short link: public
	// articles, when short links are configured.
	CanSend bool
	Handoff int64
	Sent    *sentLink // the link just made, after sending without scripts
}

// sentLink is a short link made for a customer.
type sentLink struct {
	URL  string `json:"url"`
	Code string `json:"code"`
}

// articlePage shows an article of either audience: the body, the voice
// answer beside it, its plain text to copy, translations, related
// documents and, for a public article, the button that sends it as a
// short link.
func (d *Desk) articlePage(c *gin.Context) {
	locale, err := knowledgeLocale(c)
	if err != nil {
		d.fail(c, err)
		return
	}
	a, err := d.opts.Library.Article(locale, knowledgeID(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	v := d.articleView(c, a)
	if code := c.Query("link"); code != "" && d.opts.Links != nil {
		// Shown after the form without scripts made it; only a link to
		// this very article.
		if l, err := d.opts.Links.FindShortLink(c.Request.Context(), code); err == nil && l.Locale == a.Locale && l.ArticleID == a.ID {
			v.Sent = &sentLink{URL: d.shortLinkURL(c, l.Code), Code: l.Code}
		}
	}
	d.recordKnowledgeEvent(c.Request.Context(), &loket.Event{Type: loket.EventView, Locale: a.Locale, Session: knowledgeSession(c),
		ArticleID: a.ID, Data: handoffData(map[string]string{"kind": string(loket.KindArticle)}, v.Handoff)})
	d.view(c, http.StatusOK, "article", v)
}

func (d *Desk) articleView(c *gin.Context, a *loket.Article) articleView {
	p := d.page(c, "kn.article.title")
	p.Title, p.Nav = a.Title, "search"
	handoff := knowledgeHandoff(c)
	v := articleView{Page: p, Box: d.searchBox(c, ""), Article: a, Body: panelBody(a.HTML, p.tr), Handoff: handoff,
		Internal: a.Audience == loket.AudienceInternal, Updated: p.Date(a.Updated)}
	titles := categoryTitles{lib: d.opts.Library}
	v.CategoryTitle = titles.title(a.Locale, a.Category)
	for _, m := range d.opts.Library.Translations(loket.KindArticle, a.Locale, a.ID) {
		v.Translations = append(v.Translations, linkTo(m, handoff))
	}
	for _, id := range a.Related {
		if r, err := d.opts.Library.Article(a.Locale, id); err == nil {
			v.Related = append(v.Related, linkTo(&r.Meta, handoff))
		} else if g, err := d.opts.Library.Guide(a.Locale, id); err == nil {
			v.Related = append(v.Related, linkTo(&g.Meta, handoff))
		}
	}
	if !v.Internal && d.opts.Public != nil {
		if pub, err := d.opts.Public.Article(a.Locale, a.ID); err == nil {
			v.PublicURL = pub.URL
			v.CanSend = d.opts.Links != nil
		}
	}
	return v
}
