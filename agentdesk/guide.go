package agentdesk

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// guideView is one step of a guided flow, walked by an agent.
type guideView struct {
	Page
	Box      searchBox
	Guide    *loket.Guide
	Internal bool
	Step     *loket.Step
	// IntroHTML and StepHTML are the guide's intro and the step's body,
	// with links to documents opening in the panel.
	IntroHTML template.HTML
	StepHTML  template.HTML
	Number    int // of the current step in the path taken, from 1
	// StartedOver says the path in the address was not one through the
	// guide, so it starts from the beginning.
	StartedOver bool
	Choices     []guideChoice
	Taken       []guideTaken // the steps behind, with the choices made
	BackURL     string
	RestartURL  string
	Ending      *guideEnding
	Handoff     int64
}

// guideChoice is a choice as a link to the next step; Key is the number
// key that takes it, 1 to 9, or 0 when it has none.
type guideChoice struct {
	Key   int
	Label string
	URL   string
}

// guideTaken is a step already answered, with the way back to it.
type guideTaken struct {
	Title  string
	Answer string
	URL    string
}

// guideEnding is how the walked path ends. With a contact being handled,
// WrapUpURL opens its wrap-up with the guide, the path, and the article or
// the team filled in.
type guideEnding struct {
	Resolved  bool
	Article   *knowledgeLink // resolved: the article with the answer, if any
	Team      string         // escalate: the team that takes over
	WrapUpURL string
}

// guidePage runs a guided flow of either audience one step at a time. The
// state is in the address (?step=…&path=…&handoff=…), so it works without
// scripts, the browser's back button does what one expects, and a walk
// can be shared. A path that does not lead through the guide to the step
// starts the guide over.
func (d *Desk) guidePage(c *gin.Context) {
	locale, err := knowledgeLocale(c)
	if err != nil {
		d.fail(c, err)
		return
	}
	g, err := d.opts.Library.Guide(locale, knowledgeID(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	handoff := knowledgeHandoff(c)
	step, path, ok := guidePosition(g, c.Query("step"), c.Query("path"))
	p := d.page(c, "kn.guide.title")
	p.Title, p.Nav = g.Title, "search"
	v := guideView{Page: p, Box: d.searchBox(c, ""), Guide: g, Internal: g.Audience == loket.AudienceInternal, Step: step,
		IntroHTML: panelBody(g.Intro, p.tr), StepHTML: panelBody(step.HTML, p.tr),
		Number: len(path) + 1, StartedOver: !ok, Handoff: handoff, RestartURL: knowledgeURL(loket.KindGuide, g.Locale, g.ID, handoff)}
	for i, id := range path {
		next := step.ID
		if i+1 < len(path) {
			next = path[i+1]
		}
		v.Taken = append(v.Taken, guideTaken{Title: g.Step(id).Title, Answer: choiceTaken(g.Step(id), next), URL: guideStepURL(g, id, path[:i], handoff)})
	}
	if len(path) > 0 {
		v.BackURL = guideStepURL(g, path[len(path)-1], path[:len(path)-1], handoff)
	}
	walked := append(append([]string{}, path...), step.ID)
	for i, ch := range step.Choices {
		key := i + 1
		if key > 9 {
			key = 0
		}
		v.Choices = append(v.Choices, guideChoice{Key: key, Label: ch.Label, URL: guideStepURL(g, ch.Next, walked, handoff)})
	}
	v.Ending = d.guideEnding(g, step, walked, handoff)
	d.recordKnowledgeEvent(c.Request.Context(), &loket.Event{Type: loket.EventGuide, Locale: g.Locale, Session: knowledgeSession(c),
		ArticleID: g.ID, Data: handoffData(map[string]string{"step": step.ID}, handoff)})
	d.view(c, http.StatusOK, "guide", v)
}

// guideEnding describes the ending of step, reached through walked (the
// path with step itself), or returns nil when step is not an ending.
func (d *Desk) guideEnding(g *loket.Guide, step *loket.Step, walked []string, handoff int64) *guideEnding {
	e := step.Ending
	if e == nil {
		return nil
	}
	end := &guideEnding{Resolved: e.Kind != loket.EndEscalate}
	q := url.Values{"guide": {g.ID}, "path": {strings.Join(walked, ",")}}
	if end.Resolved && e.Article != "" {
		q.Set("article", e.Article)
		if a, err := d.opts.Library.Article(g.Locale, e.Article); err == nil {
			link := linkTo(&a.Meta, handoff)
			end.Article = &link
		}
	}
	if !end.Resolved {
		end.Team = e.Team
		q.Set("team", e.Team)
	}
	if handoff > 0 {
		end.WrapUpURL = "/agent/handoffs/" + strconv.FormatInt(handoff, 10) + "?" + q.Encode()
	}
	return end
}

// guidePosition returns the step to show and the path of steps taken to
// reach it. The path must start at the guide's first step, each of its
// steps must lead to the next by one of its choices, and the last to the
// step shown; it may not be longer than a walk needs. Otherwise the guide
// starts over, and ok is false.
func guidePosition(g *loket.Guide, stepID, pathText string) (step *loket.Step, path []string, ok bool) {
	start := g.Step(g.Start)
	if stepID == "" && pathText == "" {
		return start, nil, true
	}
	step = g.Step(stepID)
	if step == nil {
		return start, nil, false
	}
	if pathText == "" {
		return start, nil, step == start
	}
	path = strings.Split(pathText, ",")
	// Guides may loop back ("take a new photo"), so a step may come up more
	// than once; a walk four times the guide's length is no walk.
	if len(path) > 4*len(g.Steps) || path[0] != g.Start {
		return start, nil, false
	}
	for i, id := range path {
		next := step.ID
		if i+1 < len(path) {
			next = path[i+1]
		}
		if st := g.Step(id); st == nil || choiceTaken(st, next) == "" {
			return start, nil, false
		}
	}
	return step, path, true
}

// choiceTaken returns the label of the choice of s that leads to next, or
// "" when none does.
func choiceTaken(s *loket.Step, next string) string {
	for _, c := range s.Choices {
		if c.Next == next {
			return c.Label
		}
	}
	return ""
}

// guideStepURL is the panel's address of a step reached through path.
func guideStepURL(g *loket.Guide, step string, path []string, handoff int64) string {
	q := url.Values{"step": {step}}
	if len(path) > 0 {
		q.Set("path", strings.Join(path, ","))
	}
	if handoff > 0 {
		q.Set("handoff", strconv.FormatInt(handoff, 10))
	}
	return knowledgeURL(loket.KindGuide, g.Locale, g.ID, 0) + "?" + q.Encode()
}
