package agentdesk

import (
	"context"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// queueRoutes adds the queue: the panel's home page with the live list of
// handoffs (queue.go, stream.go), a handoff's context and taking it
// (handoff.go), wrapping it up (wrapup.go), and the editors' list of flags
// (flags.go).
func (d *Desk) queueRoutes(g *gin.RouterGroup) {
	g.GET("/", d.home)
	g.GET("/api/queue", d.queueJSON)
	g.GET("/api/queue/stream", d.queueStream)
	g.GET("/handoffs/:id", d.handoffPage)
	g.POST("/handoffs/:id/take", d.checkToken, d.takeHandoff)
	g.POST("/handoffs/:id/wrapup", d.checkToken, d.wrapUp)
	g.GET("/flags", d.require(loket.RoleEditor), d.flagsPage)
	g.POST("/flags/:id/resolve", d.require(loket.RoleEditor), d.checkToken, d.resolveFlag)
}

// queueLimit bounds each part of the queue (waiting, taken) the panel lists.
const queueLimit = 200

// maxQueueQuestion is the number of characters of a question the queue
// shows; the handoff page shows all of it.
const maxQueueQuestion = 280

// queueItem is one handoff in the queue, as the queue page renders it and
// the queue API and stream send it. Words are in the panel's language.
// It holds nothing that changes with the clock, so that the stream can
// send the queue only when it changed: the waiting time is computed from
// CreatedAt.
type queueItem struct {
	ID          int64       `json:"id"`
	URL         string      `json:"url"`
	TakeURL     string      `json:"takeUrl"`
	Status      string      `json:"status"`
	Channel     string      `json:"channel"`
	ChannelName string      `json:"channelName"`
	Locale      string      `json:"locale"`
	Language    string      `json:"language"`
	Reason      string      `json:"reason"`
	Team        string      `json:"team,omitempty"`
	Priority    int         `json:"priority"`
	PriorityTag string      `json:"priorityTag,omitempty"`
	Question    string      `json:"question"`
	Offered     []offerItem `json:"offered"`
	CreatedAt   time.Time   `json:"createdAt"`
	TakenBy     string      `json:"takenBy,omitempty"`
	TakenAt     time.Time   `json:"takenAt,omitzero"`
	// Wait is the waiting time when the page was made ("3 min").
	Wait string `json:"-"`
}

// offerItem is an article the customer was shown, with their verdict.
type offerItem struct {
	ArticleID  string `json:"articleId"`
	Title      string `json:"title"`
	URL        string `json:"url"`    // the article in the panel
	Helped     string `json:"helped"` // yes, no or unknown
	HelpedName string `json:"helpedName"`
}

// queueJSONBody is what the queue API and each stream event hold.
type queueJSONBody struct {
	Now   time.Time   `json:"now"`
	Items []queueItem `json:"items"`
}

type homeView struct {
	Page
	Sections []queueSection // waiting, then taken
	Done     int64          // the handoff just wrapped up, for the confirmation
	Flagged  bool           // the wrap-up's flag was stored
	// FlagFailed says the wrap-up was stored but its flag was not.
	FlagFailed bool
	Now        time.Time
}

// queueSection is a part of the queue page: "waiting" or "taken".
type queueSection struct {
	Name  string
	Items []queueItem
}

// home shows the queue: waiting handoffs, then taken ones, each highest
// priority and oldest first. Scripts keep it current through the stream.
func (d *Desk) home(c *gin.Context) {
	p := d.page(c, "queue.title")
	p.Nav = "queue"
	items, err := d.queueItems(c.Request.Context(), p)
	if err != nil {
		d.fail(c, err)
		return
	}
	waiting, taken := queueSection{Name: "waiting"}, queueSection{Name: "taken"}
	for _, it := range items {
		if it.Status == string(loket.HandoffWaiting) {
			waiting.Items = append(waiting.Items, it)
		} else {
			taken.Items = append(taken.Items, it)
		}
	}
	v := homeView{Page: p, Sections: []queueSection{waiting, taken}, Now: d.opts.Now()}
	v.Done, _ = strconv.ParseInt(c.Query("done"), 10, 64)
	v.Flagged, v.FlagFailed = c.Query("flag") == "saved", c.Query("flag") == "failed"
	d.view(c, http.StatusOK, "home", v)
}

// queueJSON answers the queue as JSON.
func (d *Desk) queueJSON(c *gin.Context) {
	items, err := d.queueItems(c.Request.Context(), d.page(c, "queue.title"))
	if err != nil {
		d.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, queueJSONBody{Now: d.opts.Now().UTC(), Items: items})
}

// queueItems reads the queue from the store: waiting handoffs, then taken
// ones. It reads the store every time, so that every server sharing the
// database shows the same queue.
func (d *Desk) queueItems(ctx context.Context, p Page) ([]queueItem, error) {
	waiting, err := d.opts.Handoffs.FindHandoffs(ctx, loket.HandoffFilter{Status: loket.HandoffWaiting, Limit: queueLimit})
	if err != nil {
		return nil, err
	}
	taken, err := d.opts.Handoffs.FindHandoffs(ctx, loket.HandoffFilter{Status: loket.HandoffTaken, Limit: queueLimit})
	if err != nil {
		return nil, err
	}
	// A handoff taken between the two reads is in both: keep it as taken.
	isTaken := make(map[int64]bool, len(taken))
	for _, h := range taken {
		isTaken[h.ID] = true
	}
	now := d.opts.Now()
	items := make([]queueItem, 0, len(waiting)+len(taken))
	for _, h := range waiting {
		if !isTaken[h.ID] {
			items = append(items, d.queueItem(p, h, now))
		}
	}
	for _, h := range taken {
		items = append(items, d.queueItem(p, h, now))
	}
	return items, nil
}

// queueItem describes a handoff for the queue in the panel's language.
func (d *Desk) queueItem(p Page, h *loket.Handoff, now time.Time) queueItem {
	id := strconv.FormatInt(h.ID, 10)
	it := queueItem{
		ID: h.ID, URL: "/agent/handoffs/" + id, TakeURL: "/agent/handoffs/" + id + "/take",
		Status: string(h.Status), Channel: string(h.Channel), ChannelName: handoffChannelName(p, h.Channel),
		Locale: string(h.Locale), Language: handoffLanguageName(p, h.Locale), Reason: handoffReasonName(p, h.Reason),
		Team: h.Team, Priority: h.Priority, PriorityTag: handoffPriorityTag(p, h.Priority),
		Question: clipQuestion(h.Question, maxQueueQuestion), Offered: d.handoffOffers(p, h),
		CreatedAt: h.CreatedAt.UTC(), TakenBy: h.TakenBy, TakenAt: h.TakenAt.UTC(),
		Wait: queueWaitText(p, now.Sub(h.CreatedAt)),
	}
	if h.Reason == loket.ReasonRepeat && it.PriorityTag != "" {
		it.Reason = "" // the tag says it already
	}
	return it
}

// handoffOffers lists the articles offered to the customer, linking to the
// panel's article view.
func (d *Desk) handoffOffers(p Page, h *loket.Handoff) []offerItem {
	locale := d.contentLocale(h.Locale)
	out := make([]offerItem, 0, len(h.Offered))
	for _, o := range h.Offered {
		helped := "unknown"
		if o.Helped != nil && *o.Helped {
			helped = "yes"
		} else if o.Helped != nil {
			helped = "no"
		}
		title := o.Title
		if title == "" {
			title = o.ArticleID
		}
		out = append(out, offerItem{ArticleID: o.ArticleID, Title: title, URL: handoffArticleURL(locale, o.ArticleID, h.ID),
			Helped: helped, HelpedName: p.T("queue.helped." + helped)})
	}
	return out
}

// contentLocale is the locale to look a handoff's articles up in: its
// own when the knowledge base has content in it, else one of the same
// language, else the default one.
func (d *Desk) contentLocale(l loket.Locale) loket.Locale {
	locales := d.opts.Library.Locales()
	for _, have := range locales {
		if have == l {
			return l
		}
	}
	for _, have := range locales {
		if l != "" && have.Language() == l.Language() {
			return have
		}
	}
	if len(locales) == 0 {
		return l
	}
	return locales[0]
}

// handoffArticleURL is an article in the panel, opened for a handoff.
func handoffArticleURL(locale loket.Locale, id string, handoff int64) string {
	return "/agent/articles/" + string(locale) + "/" + id + "?handoff=" + strconv.FormatInt(handoff, 10)
}

// handoffGuideURL is a guide in the panel, walked for a handoff.
func handoffGuideURL(locale loket.Locale, id string, handoff int64) string {
	return "/agent/guides/" + string(locale) + "/" + id + "?handoff=" + strconv.FormatInt(handoff, 10)
}

// handoffChannelName says where a contact came from, in words.
func handoffChannelName(p Page, ch loket.Channel) string {
	switch ch {
	case loket.ChannelWeb, loket.ChannelChat, loket.ChannelVoice, loket.ChannelAPI:
		return p.T("queue.channel." + string(ch))
	}
	return string(ch)
}

// handoffLanguageName names the customer's language.
func handoffLanguageName(p Page, l loket.Locale) string {
	key := "queue.language." + l.Language()
	if l == "" {
		return p.T("queue.language.unknown")
	}
	if s := p.T(key); s != key {
		return s
	}
	return string(l)
}

// handoffReasonName says why self-service stopped, in words.
func handoffReasonName(p Page, reason string) string {
	if reason == "" {
		return ""
	}
	key := "queue.reason." + reason
	if s := p.T(key); s != key {
		return s
	}
	return reason
}

// handoffPriorityTag marks a handoff served first. Repeat contacts get priority
// 1; anything higher was raised on purpose.
func handoffPriorityTag(p Page, priority int) string {
	switch {
	case priority <= 0:
		return ""
	case priority == 1:
		return p.T("queue.priority.repeat")
	}
	return p.T("queue.priority.high")
}

// queueWaitText says how long a customer has waited: "< 1 min", "3 min",
// "1 u 5 min".
func queueWaitText(p Page, d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return p.T("queue.wait.now")
	case m < 60:
		return p.T("queue.wait.minutes", m)
	}
	return p.T("queue.wait.hours", m/60, m%60)
}

// clipQuestion cuts s to at most n characters, marking the cut.
func clipQuestion(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
