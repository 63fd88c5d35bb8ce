package twiml

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/web"
)

// Options configure the TwiML webhooks.
type Options struct {
	Bot *voicebot.Bot
	// AuthToken is the provider account's auth token, which signs every
	// webhook (LOKET_TWILIO_AUTH_TOKEN).
	AuthToken string
	// PublicURL is the address the provider calls, as configured on the
	// number ("https://help.example.nl"): signatures are computed over it,
	// so it must be the address outside any proxy (LOKET_PUBLIC_URL).
	PublicURL string
	// TelnyxPublicKey is the Telnyx account's Ed25519 public key, for
	// Telnyx's signatures; "" refuses them (LOKET_TELNYX_PUBLIC_KEY).
	TelnyxPublicKey string
	// Voices overrides the default voice per speech language.
	Voices map[string]string
	// HoldURL is the hold audio played while waiting; Loket's own when "".
	HoldURL string
	// RelaySilence is how long a ConversationRelay session waits for the
	// caller after the voicebot stopped speaking before it takes the turn
	// as silence; DefaultRelaySilence when zero.
	RelaySilence time.Duration
	// RelayPace is how long the provider's voice takes to say one
	// character, to know when it stops speaking; DefaultRelayPace when
	// zero.
	RelayPace time.Duration
	Logger    *slog.Logger
}

// Handler serves the webhooks.
type Handler struct {
	opts Options
	hold []byte
}

// Prefix is where the webhooks live.
const Prefix = "/voice/twilio"

// New returns the webhooks' handler.
func New(opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.RelaySilence <= 0 {
		opts.RelaySilence = DefaultRelaySilence
	}
	if opts.RelayPace <= 0 {
		opts.RelayPace = DefaultRelayPace
	}
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	return &Handler{opts: opts, hold: holdAudio()}
}

// Register adds the webhooks to r.
func (h *Handler) Register(r gin.IRouter) {
	r.GET(Prefix+"/hold.wav", h.serveHold)
	g := r.Group(Prefix, h.verify)
	g.POST("/incoming", h.incoming)
	g.POST("/turn", h.turn)
	g.POST("/wait", h.wait)
	g.POST("/wait-choice", h.waitChoice)
	g.POST("/queue", h.queue)
	g.POST("/status", h.status)
	h.registerRelay(g)
}

func (h *Handler) path(name string) string { return Prefix + "/" + name }

func (h *Handler) holdURL() string {
	if h.opts.HoldURL != "" {
		return h.opts.HoldURL
	}
	return h.path("hold.wav")
}

// verify refuses a request without a valid signature with 403, before
// anything reads or changes a call. Twilio signs with X-Twilio-Signature,
// SignalWire with X-SignalWire-Signature (the same HMAC, keyed with its
// signing key), Telnyx with an Ed25519 signature over the timestamp and
// the raw body.
func (h *Handler) verify(c *gin.Context) {
	var body []byte
	if c.Request.Method == http.MethodPost {
		var err error
		if body, err = io.ReadAll(c.Request.Body); err != nil {
			web.Error(c, h.opts.Logger, loket.Errorf(loket.ETOOLARGE, "The request is too large."))
			c.Abort()
			return
		}
		c.Request.Body = io.NopCloser(bytes.NewReader(body))
		if err := c.Request.ParseForm(); err != nil {
			web.Error(c, h.opts.Logger, loket.Errorf(loket.EINVALID, "The form could not be read."))
			c.Abort()
			return
		}
	}
	full := h.signedURL(c.Request)
	sig := c.GetHeader("X-Twilio-Signature")
	if sig == "" {
		sig = c.GetHeader("X-SignalWire-Signature")
	}
	ok := false
	switch {
	case sig != "":
		ok = valid(h.opts.AuthToken, sig, full, c.Request.PostForm)
	case c.GetHeader("Telnyx-Signature-Ed25519") != "":
		ok = validTelnyx(h.opts.TelnyxPublicKey, c.GetHeader("Telnyx-Signature-Ed25519"), c.GetHeader("Telnyx-Timestamp"), body, time.Now())
	}
	if !ok {
		h.opts.Logger.Warn("voice webhook with a bad signature", "path", c.Request.URL.Path, "ip", c.ClientIP())
		c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": gin.H{"code": "forbidden", "message": "The request is not signed by the telephony provider."}})
		return
	}
	c.Next()
}

// signedURL is the address the provider signed: the public URL of the
// request, with ws or wss for a WebSocket's opening handshake, which is
// signed over the address it was told to connect to (relay.go).
func (h *Handler) signedURL(r *http.Request) string {
	base := h.opts.PublicURL
	if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		base = socketBase(base)
	}
	return base + r.URL.RequestURI()
}

func info(c *gin.Context) voicebot.CallInfo {
	return voicebot.CallInfo{ID: c.PostForm("CallSid"), From: c.PostForm("From"), To: c.PostForm("To")}
}

// reply writes a Bot's reply; when the Bot failed, the caller hears an
// apology and goes to the queue, so that nobody is cut off.
func (h *Handler) reply(c *gin.Context, r *voicebot.Reply, err error, action string) {
	if err != nil {
		if loket.ErrorCode(err) == loket.EINVALID {
			web.Error(c, h.opts.Logger, err)
			return
		}
		h.opts.Logger.Error("voice turn failed", "call", c.PostForm("CallSid"), "path", c.Request.URL.Path, "err", err)
		r = h.opts.Bot.Fallback(info(c))
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/xml; charset=utf-8", h.render(r, action))
}

func (h *Handler) incoming(c *gin.Context) {
	r, err := h.opts.Bot.Start(c.Request.Context(), info(c))
	h.reply(c, r, err, h.path("turn"))
}

func (h *Handler) turn(c *gin.Context) {
	conf, _ := strconv.ParseFloat(c.PostForm("Confidence"), 64)
	r, err := h.opts.Bot.Turn(c.Request.Context(), info(c), voicebot.Input{
		Speech: c.PostForm("SpeechResult"), Confidence: conf, Digits: c.PostForm("Digits")})
	h.reply(c, r, err, h.path("turn"))
}

func (h *Handler) wait(c *gin.Context) {
	pos, _ := strconv.Atoi(c.PostForm("QueuePosition"))
	r, err := h.opts.Bot.Wait(c.Request.Context(), info(c), voicebot.QueueStatus{
		Position: pos, Average: seconds(c.PostForm("AvgQueueTime")), Waited: seconds(c.PostForm("QueueTime"))})
	if err != nil {
		// Waiting goes on without the announcements.
		h.opts.Logger.Error("queue wait turn failed", "call", c.PostForm("CallSid"), "err", err)
		r, err = &voicebot.Reply{Hold: true}, nil
	}
	h.reply(c, r, err, h.path("wait-choice"))
}

func (h *Handler) waitChoice(c *gin.Context) {
	r, err := h.opts.Bot.WaitChoice(c.Request.Context(), info(c), voicebot.Input{Digits: c.PostForm("Digits")})
	if err != nil {
		h.opts.Logger.Error("queue choice failed", "call", c.PostForm("CallSid"), "err", err)
		r, err = &voicebot.Reply{}, nil
	}
	if !r.Leave {
		// Back to waiting, with the keys still open.
		r.Hold, r.Listen = true, &voicebot.Listen{Keys: true, Digits: 1, Timeout: time.Second}
	}
	h.reply(c, r, err, h.path("wait-choice"))
}

func (h *Handler) queue(c *gin.Context) {
	r, err := h.opts.Bot.LeftQueue(c.Request.Context(), info(c), voicebot.QueueResult(c.PostForm("QueueResult")), seconds(c.PostForm("QueueTime")))
	h.reply(c, r, err, h.path("turn"))
}

// status records the end of a call: the number's status callback.
func (h *Handler) status(c *gin.Context) {
	switch c.PostForm("CallStatus") {
	case "completed", "busy", "failed", "no-answer", "canceled":
		if err := h.opts.Bot.End(c.Request.Context(), info(c)); err != nil {
			web.Error(c, h.opts.Logger, err)
			return
		}
	}
	c.Status(http.StatusNoContent)
}
