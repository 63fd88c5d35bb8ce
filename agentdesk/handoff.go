package agentdesk

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// Suggestions on the handoff page: the best articles and guides for what
// the customer said.
const (
	handoffSuggestArticles = 5
	handoffSuggestGuides   = 3
)

type handoffView struct {
	Page
	Item       queueItem
	Handoff    *loket.Handoff
	Contact    handoffContact
	Transcript []handoffTurn
	Articles   []handoffSuggestion // search results for what the customer said
	Guides     []handoffSuggestion
	DraftURL   string
	CreatedAt  string // clock time the handoff was made
	TakenAt    string
	Mine       bool          // the signed-in agent has it: show the wrap-up
	CanTake    bool          // waiting
	WrapUp     *loket.WrapUp // when closed
	Wrap       wrapForm
	Choices    []wrapChoice // articles to name in the wrap-up and flags
	GuideList  []wrapChoice // guides to name in the wrap-up
	Teams      []string     // teams guides escalate to
	PathSteps  []string     // titles of the steps of a prefilled guide path
	PathText   string       // the same, as one line
	Outcomes   []wrapOption
	FlagKinds  []wrapOption
	WrapDone   string // who wrapped it up and when
}

// wrapOption is one radio button of the wrap-up form.
type wrapOption struct {
	Value, Label string
	Checked      bool
}

// handoffContact is how to reach the customer, with links to write or call.
type handoffContact struct {
	Name, Email, Phone string
	Dial               string // the phone number as digits, for tel:
}

// handoffTurn is one message of a conversation.
type handoffTurn struct {
	Role, Who, Text, Time string
}

// handoffSuggestion is an article or guide that may answer the customer.
type handoffSuggestion struct {
	ID, Title, URL string
	Internal       bool
	Snippet        template.HTML // escaped by search, matched words in <mark>
	Category       string
}

// wrapChoice names an article or guide in a wrap-up form.
type wrapChoice struct {
	ID, Title string
	Internal  bool
}

// handoffPage shows everything known about a handoff, suggestions from
// what the customer said, and the wrap-up form to the agent who has it.
// Query parameters guide, path, article and team prefill the wrap-up (the
// guide runner's endings link here with them).
func (d *Desk) handoffPage(c *gin.Context) {
	h, ok := d.findHandoff(c)
	if !ok {
		return
	}
	v, err := d.handoffContext(c, h)
	if err != nil {
		d.fail(c, err)
		return
	}
	v.Wrap = d.prefillWrap(h, c.Request.URL.Query())
	d.finishWrapChoices(&v)
	d.view(c, http.StatusOK, "handoff", v)
}

// findHandoff loads the handoff named in the path, answering 404 itself
// when there is none.
func (d *Desk) findHandoff(c *gin.Context) (*loket.Handoff, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		d.fail(c, loket.Errorf(loket.ENOTFOUND, "there is no handoff %q", c.Param("id")))
		return nil, false
	}
	h, err := d.opts.Handoffs.FindHandoff(c.Request.Context(), id)
	if err != nil {
		d.fail(c, err)
		return nil, false
	}
	return h, true
}

// handoffContext gathers the page's context and suggestions.
func (d *Desk) handoffContext(c *gin.Context, h *loket.Handoff) (handoffView, error) {
	ctx := c.Request.Context()
	p := d.page(c, "queue.handoff.title")
	p.Nav = "queue"
	p.Title = p.T("queue.handoff.heading", h.ID)
	loc := d.clockLocation()
	v := handoffView{
		Page: p, Handoff: h, Item: d.queueItem(p, h, d.opts.Now()),
		Contact:   handoffContact{Name: h.Contact.Name, Email: h.Contact.Email, Phone: h.Contact.Phone, Dial: dialDigits(h.Contact.Phone)},
		CreatedAt: handoffClock(h.CreatedAt, loc), TakenAt: handoffClock(h.TakenAt, loc),
		Mine:    h.Status == loket.HandoffTaken && p.User != nil && h.TakenBy == p.User.Name,
		CanTake: h.Status == loket.HandoffWaiting,
		Teams:   d.escalationTeams(h.Team),
	}
	v.Item.Question = h.Question // all of it, not the queue's excerpt
	for _, t := range h.Transcript {
		v.Transcript = append(v.Transcript, handoffTurn{Role: handoffTurnRole(t.Role), Who: p.T("queue.turn." + handoffTurnRole(t.Role)), Text: t.Text, Time: handoffClock(t.Time, loc)})
	}
	var err error
	if v.Articles, v.Guides, err = d.handoffSuggestions(ctx, h); err != nil {
		return v, err
	}
	q := url.Values{"q": {h.Question}, "handoff": {strconv.FormatInt(h.ID, 10)}}
	v.DraftURL = "/agent/draft?" + q.Encode()
	if h.Status == loket.HandoffClosed {
		w, err := d.opts.Handoffs.FindWrapUp(ctx, h.ID)
		if err != nil && loket.ErrorCode(err) != loket.ENOTFOUND {
			return v, err
		}
		if v.WrapUp = w; w != nil {
			v.WrapDone = p.T("queue.wrap.done", w.Agent, handoffClock(w.Time, loc))
		}
	}
	return v, nil
}

// handoffSuggestions searches the internal library with what the
// customer said: the question, and in a conversation the customer's other
// messages as context.
func (d *Desk) handoffSuggestions(ctx context.Context, h *loket.Handoff) (articles, guides []handoffSuggestion, err error) {
	if strings.TrimSpace(h.Question) == "" && len(h.Transcript) == 0 {
		return nil, nil, nil
	}
	locale := d.contentLocale(h.Locale)
	q := loket.Query{Text: h.Question, Context: handoffCustomerWords(h), Locale: locale, Kind: loket.KindArticle, Limit: handoffSuggestArticles}
	if q.Text == "" {
		q.Text, q.Context = q.Context, ""
	}
	res, err := d.opts.Library.Search(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	for _, hit := range res.Hits {
		articles = append(articles, handoffSuggestionOf(hit, handoffArticleURL(locale, hit.Meta.ID, h.ID)))
	}
	q.Kind, q.Limit = loket.KindGuide, handoffSuggestGuides
	if res, err = d.opts.Library.Search(ctx, q); err != nil {
		return nil, nil, err
	}
	for _, hit := range res.Hits {
		guides = append(guides, handoffSuggestionOf(hit, handoffGuideURL(locale, hit.Meta.ID, h.ID)))
	}
	return articles, guides, nil
}

func handoffSuggestionOf(hit loket.Hit, url string) handoffSuggestion {
	return handoffSuggestion{ID: hit.Meta.ID, Title: hit.Meta.Title, URL: url, Internal: hit.Meta.Audience == loket.AudienceInternal,
		Snippet: hit.Snippet, Category: hit.Meta.Category}
}

// handoffCustomerWords is what the customer said in a conversation besides the
// question.
func handoffCustomerWords(h *loket.Handoff) string {
	var parts []string
	for _, t := range h.Transcript {
		if t.Role == "customer" && t.Text != h.Question {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, " ")
}

// escalationTeams lists the teams the guides escalate to, in every locale,
// with the handoff's own team: what a transfer may name.
func (d *Desk) escalationTeams(extra string) []string {
	seen := map[string]bool{}
	var teams []string
	add := func(t string) {
		if t = strings.TrimSpace(t); t != "" && !seen[t] {
			seen[t] = true
			teams = append(teams, t)
		}
	}
	add(extra)
	for _, l := range d.opts.Library.Locales() {
		for _, g := range d.opts.Library.Guides(l) {
			for _, s := range g.Steps {
				if s.Ending != nil && s.Ending.Kind == loket.EndEscalate {
					add(s.Ending.Team)
				}
			}
		}
	}
	sort.Strings(teams)
	return teams
}

// handoffTurnRole keeps the roles the page knows how to show.
func handoffTurnRole(role string) string {
	switch role {
	case "customer", "bot", "agent":
		return role
	}
	return "other"
}

// dialDigits is a phone number as a tel: link dials it: digits and a
// leading plus.
func dialDigits(phone string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clockLocation is the time zone of the opening hours: where the agents
// work.
func (d *Desk) clockLocation() *time.Location {
	if loc := d.opts.Library.Site().Hours.Location; loc != nil {
		return loc
	}
	return time.UTC
}

// handoffClock is "14:05" in loc, or "" for the zero time.
func handoffClock(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("15:04")
}

type handoffConflictView struct {
	Page
	Message   string
	HandoffID int64
}

// takeHandoff gives a waiting handoff to the signed-in agent and opens it.
// When a colleague was first, the agent is told who has it.
func (d *Desk) takeHandoff(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		d.fail(c, loket.Errorf(loket.ENOTFOUND, "there is no handoff %q", c.Param("id")))
		return
	}
	ctx, agent := c.Request.Context(), currentUser(c).Name
	h, err := d.opts.Handoffs.TakeHandoff(ctx, id, agent)
	if loket.ErrorCode(err) == loket.ECONFLICT {
		d.handoffConflict(c, id, true)
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	d.recordQueueEvent(ctx, &loket.Event{Type: loket.EventHandoff, Channel: loket.ChannelAgent, Locale: h.Locale, Session: h.Session,
		Query: h.Question, Data: map[string]string{"action": "taken", "agent": agent, "handoff": strconv.FormatInt(id, 10)}})
	c.Redirect(http.StatusSeeOther, "/agent/handoffs/"+strconv.FormatInt(id, 10))
}

// handoffConflict answers 409 for a handoff the agent cannot take or wrap
// up: a colleague has it, it is closed, or (for a wrap-up) nobody took it
// yet. Taking a handoff the agent has already (a double click) simply
// shows it.
func (d *Desk) handoffConflict(c *gin.Context, id int64, taking bool) {
	h, err := d.opts.Handoffs.FindHandoff(c.Request.Context(), id)
	if err != nil {
		d.fail(c, err)
		return
	}
	p := d.page(c, "queue.conflict.title")
	p.Nav = "queue"
	if taking && h.Status == loket.HandoffTaken && h.TakenBy == p.User.Name {
		c.Redirect(http.StatusSeeOther, "/agent/handoffs/"+strconv.FormatInt(id, 10))
		return
	}
	v := handoffConflictView{Page: p, HandoffID: id}
	who := h.TakenBy
	if who == "" {
		who = p.T("queue.conflict.someone")
	}
	switch h.Status {
	case loket.HandoffClosed:
		v.Title, v.Message = p.T("queue.conflict.closed", who), p.T("queue.conflict.closed.text")
	case loket.HandoffWaiting:
		v.Title, v.Message = p.T("queue.conflict.waiting"), p.T("queue.conflict.waiting.text")
	default:
		v.Title, v.Message = p.T("queue.conflict.taken", who), p.T("queue.conflict.taken.text")
	}
	d.view(c, http.StatusConflict, "handoff-conflict", v)
}

// recordQueueEvent stores an event; a failure is logged, never shown: the agent's
// work is done.
func (d *Desk) recordQueueEvent(ctx context.Context, e *loket.Event) {
	if d.opts.Events == nil {
		return
	}
	if err := d.opts.Events.RecordEvent(ctx, e); err != nil {
		d.opts.Logger.Error("record event", "type", e.Type, "err", err)
	}
}
