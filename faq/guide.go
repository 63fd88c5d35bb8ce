package faq

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

type guideView struct {
	Page
	Guide       *loket.Guide
	Breadcrumbs []Crumb
	Step        *loket.Step
	StepHTML    template.HTML
	Number      int // of the current step in the path taken
	Choices     []ChoiceLink
	Taken       []TakenStep // the questions behind, with the answers chosen
	BackURL     string
	RestartURL  string
	Resolved    *DocLink // the article of a resolved ending
	Escalated   bool
	ContactURL  string
}

// TakenStep is a step already answered.
type TakenStep struct{ Question, Answer string }

// ChoiceLink is a choice as a link to the next step.
type ChoiceLink struct {
	Label string
	URL   string
}

// guide walks a customer through a public guided flow one step at a time.
// The state is in the URL (?step=…&path=…), so it works without JavaScript
// and the back button does what one expects.
func (s *Site) guide(c *gin.Context) {
	locale := c.MustGet(localeKey).(loket.Locale)
	g, err := s.lib.Guide(locale, docID(c))
	if err != nil {
		s.notFound(c)
		return
	}
	step := g.Step(c.Query("step"))
	if step == nil {
		step = g.Step(g.Start)
	}
	path := validPath(g, c.Query("path"), step.ID)
	p := s.page(c, g.Title)
	p.Description = strings.TrimSpace(strings.SplitN(g.Text, "\n", 2)[0])
	p.Alternates = s.alternates(c, func(l loket.Locale) (string, bool) {
		t, err := s.lib.Guide(l, g.ID)
		if err != nil {
			return "", false
		}
		return t.URL, true
	})
	v := guideView{Page: p, Guide: g, Step: step, StepHTML: step.HTML, Number: len(path) + 1, RestartURL: g.URL}
	v.Breadcrumbs = []Crumb{{p.T("nav.home"), p.URL("/")}}
	if cat := s.categoryOf(locale, g.Category); cat != nil {
		v.Breadcrumbs = append(v.Breadcrumbs, Crumb{cat.Title, p.URL("/categories/" + cat.Slug)})
	}
	v.Breadcrumbs = append(v.Breadcrumbs, Crumb{g.Title, ""})
	for i, id := range path {
		next := step.ID
		if i+1 < len(path) {
			next = path[i+1]
		}
		v.Taken = append(v.Taken, TakenStep{Question: g.Step(id).Title, Answer: choiceLabel(g.Step(id), next)})
	}
	if len(path) > 0 {
		v.BackURL = stepURL(g, path[len(path)-1], path[:len(path)-1])
	}
	next := append(append([]string{}, path...), step.ID)
	for _, ch := range step.Choices {
		v.Choices = append(v.Choices, ChoiceLink{Label: ch.Label, URL: stepURL(g, ch.Next, next)})
	}
	s.guideEnding(&v, locale)
	s.record(c.Request.Context(), &loket.Event{Type: loket.EventGuide, Channel: loket.ChannelWeb, Locale: locale,
		Session: web.Visitor(c), ArticleID: g.ID, Data: map[string]string{"step": step.ID}})
	if len(path) > 0 {
		p.Canonical = s.absolute(c, g.URL)
	}
	s.view(c, http.StatusOK, "guide", v)
}

func (s *Site) guideEnding(v *guideView, locale loket.Locale) {
	e := v.Step.Ending
	if e == nil {
		return
	}
	if e.Kind == loket.EndEscalate {
		v.Escalated = true
		v.ContactURL = v.URL("/contact") + "?q=" + url.QueryEscape(v.Guide.Title)
		return
	}
	if a, err := s.lib.Article(locale, e.Article); err == nil {
		v.Resolved = &DocLink{Title: a.Title, URL: a.URL, Summary: a.Summary}
	}
}

// choiceLabel returns the label of the choice of s that leads to next.
func choiceLabel(s *loket.Step, next string) string {
	for _, c := range s.Choices {
		if c.Next == next {
			return c.Label
		}
	}
	return ""
}

// stepURL is the address of a step reached through path.
func stepURL(g *loket.Guide, step string, path []string) string {
	q := url.Values{"step": {step}}
	if len(path) > 0 {
		q.Set("path", strings.Join(path, ","))
	}
	return g.URL + "?" + q.Encode()
}

// validPath keeps a path of steps only when each leads to the next by one
// of its choices, and it is no longer than the guide has steps, so that a
// hand-made URL cannot make a long or false trail.
func validPath(g *loket.Guide, s string, current string) []string {
	if s == "" {
		return nil
	}
	ids := strings.Split(s, ",")
	if len(ids) > len(g.Steps) {
		return nil
	}
	for i, id := range ids {
		next := current
		if i+1 < len(ids) {
			next = ids[i+1]
		}
		if st := g.Step(id); st == nil || choiceLabel(st, next) == "" {
			return nil
		}
	}
	return ids
}
