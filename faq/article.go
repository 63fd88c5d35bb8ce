package faq

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

type articleView struct {
	Page
	Article       *loket.Article
	Body          template.HTML
	Breadcrumbs   []Crumb
	Updated       string
	Related       []DocLink
	CategoryTitle string
	InCategory    []SideLink // the category's other articles, for the sidebar
	Feedback      feedbackView
}

// SideLink is an article in the sidebar; the one being read is Current.
type SideLink struct {
	Title   string
	URL     string
	Current bool
}

// maxSideLinks is the most articles of a category the sidebar lists.
const maxSideLinks = 8

// feedbackView is the "Was this helpful?" box: the question, the comment
// field after No, or the thanks.
type feedbackView struct {
	Action string
	State  string // "", "comment" or "thanks"
}

// docID returns the document id from a wildcard route parameter.
func docID(c *gin.Context) string { return strings.Trim(c.Param("id"), "/") }

// article shows one article with its breadcrumbs, related articles, the
// link to its translations and the feedback box.
func (s *Site) article(c *gin.Context) {
	locale := c.MustGet(localeKey).(loket.Locale)
	a, err := s.lib.Article(locale, docID(c))
	if err != nil {
		s.notFound(c)
		return
	}
	v := s.articleView(c, a)
	v.Feedback.State = c.Query("feedback")
	if v.Feedback.State != "comment" && v.Feedback.State != "thanks" {
		v.Feedback.State = ""
	}
	s.recordView(c, a, locale)
	body, err := s.render.Render("article", v)
	if err != nil {
		s.logger.Error("render page", "page", "article", "err", err)
		c.String(http.StatusInternalServerError, "Internal error.")
		return
	}
	sum := sha256.Sum256(body)
	if web.NotModified(c, `W/"`+hex.EncodeToString(sum[:12])+`"`) {
		return
	}
	web.HTML(c, http.StatusOK, body)
}

func (s *Site) articleView(c *gin.Context, a *loket.Article) articleView {
	p := s.page(c, a.Title)
	p.Description = a.Summary
	p.OGType = "article"
	p.Alternates = s.alternates(c, func(l loket.Locale) (string, bool) {
		if l == a.Locale {
			return a.URL, true
		}
		t, err := s.lib.Article(l, a.ID)
		if err != nil {
			return "", false
		}
		return t.URL, true
	})
	v := articleView{Page: p, Article: a, Body: a.HTML, Updated: p.Date(a.Updated),
		Feedback: feedbackView{Action: a.URL}}
	v.Breadcrumbs = []Crumb{{p.T("nav.home"), p.URL("/")}}
	if cat := s.categoryOf(a.Locale, a.Category); cat != nil {
		v.Breadcrumbs = append(v.Breadcrumbs, Crumb{cat.Title, p.URL("/categories/" + cat.Slug)})
		v.CategoryTitle = cat.Title
		for _, o := range s.lib.Articles(loket.ArticleFilter{Locale: a.Locale, Category: cat.Slug}) {
			if len(v.InCategory) < maxSideLinks || o.ID == a.ID {
				v.InCategory = append(v.InCategory, SideLink{Title: o.Title, URL: o.URL, Current: o.ID == a.ID})
			}
		}
	}
	v.Breadcrumbs = append(v.Breadcrumbs, Crumb{a.Title, ""})
	for _, id := range a.Related {
		if r, err := s.lib.Article(a.Locale, id); err == nil {
			v.Related = append(v.Related, DocLink{Title: r.Title, URL: r.URL})
		} else if g, err := s.lib.Guide(a.Locale, id); err == nil {
			v.Related = append(v.Related, DocLink{Title: g.Title, URL: g.URL, Guide: true})
		}
	}
	v.JSONLD = s.articleLD(c, a, v.Breadcrumbs, p.Site.Name)
	return v
}

func (s *Site) articleLD(c *gin.Context, a *loket.Article, crumbs []Crumb, site string) template.JS {
	article := map[string]any{
		"@type": "Article", "headline": a.Title, "inLanguage": string(a.Locale),
		"mainEntityOfPage": s.absolute(c, a.URL), "description": a.Summary,
		"publisher": map[string]any{"@type": "Organization", "name": site},
	}
	if !a.Updated.IsZero() {
		article["dateModified"] = a.Updated.Format("2006-01-02")
	}
	return jsonLD(map[string]any{"@context": "https://schema.org", "@graph": []any{article, breadcrumbLD(c, s, crumbs)}})
}

// recordView records that an article was read, and, when it was opened from
// the contact page's suggestions, that a contact may have been avoided.
func (s *Site) recordView(c *gin.Context, a *loket.Article, locale loket.Locale) {
	ctx := c.Request.Context()
	data := map[string]string{"kind": string(a.Kind)}
	if from := c.Query("from"); from == "search" || from == "suggest" || from == "contact" || from == "related" {
		data["from"] = from
	}
	s.record(ctx, &loket.Event{Type: loket.EventView, Channel: loket.ChannelWeb, Locale: locale,
		Session: web.Visitor(c), ArticleID: a.ID, Data: data})
	if cid := c.Query("cid"); validContactID(cid) {
		s.record(ctx, &loket.Event{Type: loket.EventDeflect, Channel: loket.ChannelWeb, Locale: locale,
			Session: cid, ArticleID: a.ID})
	}
}
