package assistant

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// APIOptions configure the chat API.
type APIOptions struct {
	Logger *slog.Logger
	// Limit bounds the messages per client and minute; nil for no limit.
	Limit *web.Limiter
	// CORSOrigins may call the API from a browser: exact origins or "*".
	CORSOrigins []string
	// BaseURL is the public address of the help site, for absolute links in
	// citations; taken from the request when empty.
	BaseURL string
}

// API serves the bot over HTTP: POST /api/v1/chat and its feedback and
// contact endpoints, and the embeddable widget.
type API struct {
	bot  *Bot
	opts APIOptions
}

// NewAPI returns the chat API of bot.
func NewAPI(bot *Bot, opts APIOptions) *API {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &API{bot: bot, opts: opts}
}

// maxChatBody is the largest chat request accepted.
const maxChatBody = 16 << 10

// Register adds the chat routes to r.
func (a *API) Register(r gin.IRouter) {
	g := r.Group("/api/v1/chat", web.CORS(a.opts.CORSOrigins, "POST, OPTIONS", "Content-Type, Accept"), a.limitBody)
	preflight := func(c *gin.Context) { c.Status(http.StatusNoContent) }
	for _, p := range []string{"", "/feedback", "/contact"} {
		g.OPTIONS(p, preflight)
	}
	g.POST("", a.limit, a.chat)
	g.POST("/feedback", a.limit, a.feedback)
	g.POST("/contact", a.limit, a.contact)
	w := newWidget()
	r.GET("/widget.js", w.serveScript)
	r.GET("/widget.css", w.serveStyle)
}

type chatRequest struct {
	Message        string `json:"message"`
	Locale         string `json:"locale"`
	ConversationID string `json:"conversation_id"`
	Stream         bool   `json:"stream"`
}

type chatCitation struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Section string `json:"section,omitempty"`
}

type chatHandoff struct {
	Reference   string     `json:"reference"`
	Open        bool       `json:"open"`
	NextOpen    *time.Time `json:"next_open,omitempty"`
	WaitMinutes int        `json:"wait_minutes,omitempty"`
}

// chatResponse is the answer to POST /api/v1/chat.
type chatResponse struct {
	ConversationID string         `json:"conversation_id"`
	Answer         string         `json:"answer"`
	Citations      []chatCitation `json:"citations"`
	Declined       bool           `json:"declined"`
	Mode           string         `json:"mode"`
	Handoff        *chatHandoff   `json:"handoff,omitempty"`
}

func (a *API) chat(c *gin.Context) {
	var req chatRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		web.Error(c, a.opts.Logger, loket.Errorf(loket.EINVALID, "The request is not valid JSON with a message."))
		return
	}
	locale, err := a.locale(req.Locale)
	if err != nil {
		web.Error(c, a.opts.Logger, err)
		return
	}
	in := ChatRequest{ConversationID: req.ConversationID, Message: req.Message, Locale: locale}
	if req.Stream || strings.Contains(c.GetHeader("Accept"), "text/event-stream") {
		a.stream(c, in)
		return
	}
	reply, err := a.bot.Chat(c.Request.Context(), in, nil)
	if err != nil {
		web.Error(c, a.opts.Logger, err)
		return
	}
	c.JSON(http.StatusOK, a.response(c, reply))
}

// stream answers with server-sent events: "token" events with the text
// as it is produced, a "replace" event when the text
// shown so far must give way to another answer, and "done" with the whole
// response. An error after the stream started is sent as an "error" event.
func (a *API) stream(c *gin.Context, in ChatRequest) {
	ctx := c.Request.Context()
	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	c.Status(http.StatusOK)
	send := func(event string, v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(c.Writer, "event: %s\ndata: %s\n\n", event, b)
		c.Writer.Flush()
	}
	var shown strings.Builder
	reply, err := a.bot.Chat(ctx, in, func(tok string) {
		shown.WriteString(tok)
		send("token", map[string]string{"text": tok})
	})
	if err != nil {
		code := loket.ErrorCode(err)
		if code == loket.EINTERNAL {
			a.opts.Logger.Error("chat failed", "err", err)
		}
		send("error", map[string]string{"code": code, "message": loket.ErrorMessage(err)})
		return
	}
	if shown.String() != reply.Text {
		send("replace", map[string]string{"text": reply.Text})
	}
	send("done", a.response(c, reply))
}

func (a *API) response(c *gin.Context, r *Reply) chatResponse {
	out := chatResponse{ConversationID: r.ConversationID, Answer: r.Text, Citations: []chatCitation{}, Mode: "message"}
	if r.Answer != nil {
		out.Declined, out.Mode = r.Answer.Declined, string(r.Answer.Mode)
		for _, cit := range r.Answer.Citations {
			out.Citations = append(out.Citations, chatCitation{ID: cit.ID, Title: cit.Title, URL: a.absolute(c, cit.URL), Section: cit.Section})
		}
	}
	if r.Handoff != nil {
		h := &chatHandoff{Reference: r.Handoff.Reference, Open: r.Handoff.Open, WaitMinutes: int(r.Handoff.Wait / time.Minute)}
		if !r.Handoff.NextOpen.IsZero() {
			t := r.Handoff.NextOpen
			h.NextOpen = &t
		}
		out.Handoff = h
	}
	return out
}

type feedbackRequest struct {
	ConversationID string `json:"conversation_id"`
	Helpful        *bool  `json:"helpful"`
}

func (a *API) feedback(c *gin.Context) {
	var req feedbackRequest
	if err := c.ShouldBindJSON(&req); err != nil || req.Helpful == nil || req.ConversationID == "" {
		web.Error(c, a.opts.Logger, loket.Errorf(loket.EINVALID, "Send conversation_id and helpful (true or false)."))
		return
	}
	text, err := a.bot.Feedback(c.Request.Context(), req.ConversationID, *req.Helpful)
	if err != nil {
		web.Error(c, a.opts.Logger, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"conversation_id": req.ConversationID, "answer": text})
}

type contactRequest struct {
	ConversationID string `json:"conversation_id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Phone          string `json:"phone"`
}

func (a *API) contact(c *gin.Context) {
	var req contactRequest
	if err := c.ShouldBindJSON(&req); err != nil || req.ConversationID == "" {
		web.Error(c, a.opts.Logger, loket.Errorf(loket.EINVALID, "Send conversation_id with an email or phone."))
		return
	}
	text, err := a.bot.LeaveContact(c.Request.Context(), ContactRequest{ConversationID: req.ConversationID,
		Contact: loket.Contact{Name: req.Name, Email: req.Email, Phone: req.Phone}})
	if err != nil {
		web.Error(c, a.opts.Logger, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"conversation_id": req.ConversationID, "answer": text})
}

// locale reads the request's locale: a locale with content, or the first
// locale of the knowledge base when empty.
func (a *API) locale(s string) (loket.Locale, error) {
	locales := a.bot.opts.Library.Locales()
	if s == "" {
		if len(locales) > 0 {
			return locales[0], nil
		}
		return "en", nil
	}
	l, err := loket.ParseLocale(s)
	if err != nil {
		return "", err
	}
	for _, x := range locales {
		if x == l {
			return l, nil
		}
	}
	return "", loket.Errorf(loket.EINVALID, "there is no content in locale %s", l)
}

func (a *API) limit(c *gin.Context) {
	if a.opts.Limit.Allow(c.ClientIP()) {
		c.Next()
		return
	}
	c.Header("Retry-After", "60")
	web.Error(c, a.opts.Logger, loket.Errorf(loket.ERATELIMIT, "Too many messages; try again in a minute."))
}

func (a *API) limitBody(c *gin.Context) {
	if c.Request.ContentLength > maxChatBody {
		web.Error(c, a.opts.Logger, loket.Errorf(loket.ETOOLARGE, "The request is larger than %d bytes.", maxChatBody))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxChatBody)
	c.Next()
}

// absolute makes a citation's link absolute, so that it works in the
// widget on another site.
func (a *API) absolute(c *gin.Context, path string) string {
	return web.AbsoluteURL(c, a.opts.BaseURL, path)
}
