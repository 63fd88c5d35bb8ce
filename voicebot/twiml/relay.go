package twiml

import (
	"cmp"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket/voicebot"
)

// Defaults for Options.
const (
	// DefaultRelaySilence is how long a relay session waits for the caller
	// after the voicebot stopped speaking: more than a <Gather>'s timeout,
	// since when the voice stops is only estimated.
	DefaultRelaySilence = 8 * time.Second
	// DefaultRelayPace is how long a neural voice takes to say a character
	// at its normal rate: about 14 characters a second.
	DefaultRelayPace = 70 * time.Millisecond
)

// The reasons in an end message's handoff data.
const (
	relayHandoff = "handoff" // the caller waits for a person in Queue
	relayHangup  = "hangup"  // the call is over
	relayError   = "error"   // the turn failed: the caller needs a person
)

// handoffData is what an end message tells the <Connect action>. Only its
// reason is acted on: the queue comes from the call's saved state.
type handoffData struct {
	Reason  string `json:"reason"`
	Queue   string `json:"queue,omitempty"`
	Handoff int64  `json:"handoff,omitempty"`
}

// The TwiML of the relay mode.
type (
	connect struct {
		XMLName xml.Name `xml:"Connect"`
		Action  string   `xml:"action,attr"`
		Method  string   `xml:"method,attr"`
		Relay   conversationRelay
	}
	conversationRelay struct {
		XMLName               xml.Name `xml:"ConversationRelay"`
		URL                   string   `xml:"url,attr"`
		Language              string   `xml:"language,attr,omitempty"`
		TTSProvider           string   `xml:"ttsProvider,attr,omitempty"`
		Voice                 string   `xml:"voice,attr,omitempty"`
		WelcomeGreeting       string   `xml:"welcomeGreeting,attr,omitempty"`
		GreetingInterruptible string   `xml:"welcomeGreetingInterruptible,attr,omitempty"`
		Interruptible         string   `xml:"interruptible,attr,omitempty"`
		DTMFDetection         bool     `xml:"dtmfDetection,attr"`
		Hints                 string   `xml:"hints,attr,omitempty"`
		Languages             []relayLanguage
		Parameters            []parameter
	}
	relayLanguage struct {
		XMLName     xml.Name `xml:"Language"`
		Code        string   `xml:"code,attr"`
		TTSProvider string   `xml:"ttsProvider,attr,omitempty"`
		Voice       string   `xml:"voice,attr,omitempty"`
	}
	parameter struct {
		XMLName xml.Name `xml:"Parameter"`
		Name    string   `xml:"name,attr"`
		Value   string   `xml:"value,attr"`
	}
)

// The custom parameters the session gets back in its setup message.
const (
	paramLanguage     = "language"     // the language the session starts in
	paramGreeting     = "greeting"     // the greeting's length in characters
	paramThen         = "then"         // what follows the greeting,
	paramThenLanguage = "thenLanguage" // in this language
)

// registerRelay adds the ConversationRelay webhooks and WebSocket.
func (h *Handler) registerRelay(g *gin.RouterGroup) {
	g.POST("/relay/incoming", h.relayIncoming)
	g.GET("/relay", h.relaySocket)
	g.POST("/relay/end", h.relayEnd)
}

// relayIncoming answers a call in the relay mode. A call that goes straight
// to a person (a repeat caller) or ends gets the TwiML mode's markup.
func (h *Handler) relayIncoming(c *gin.Context) {
	r, err := h.opts.Bot.Start(c.Request.Context(), info(c))
	if err != nil || r.Listen == nil {
		h.reply(c, r, err, h.path("turn"))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/xml; charset=utf-8", h.renderRelay(r))
}

// renderRelay connects the call to the relay WebSocket with the reply as
// the greeting.
func (h *Handler) renderRelay(r *voicebot.Reply) []byte {
	lang := r.Listen.Language
	g := splitGreeting(r.Say, lang)
	provider, voice := h.relayVoice(lang, g.voice)
	cr := conversationRelay{
		URL: socketBase(h.opts.PublicURL) + h.path("relay"), Language: lang, TTSProvider: provider, Voice: voice,
		WelcomeGreeting: g.text, GreetingInterruptible: "any", Interruptible: "any", DTMFDetection: true,
		Hints:     strings.Join(firstN(r.Listen.Hints, maxHints), ", "),
		Languages: []relayLanguage{{Code: lang, TTSProvider: provider, Voice: voice}},
		Parameters: []parameter{{Name: paramLanguage, Value: lang},
			{Name: paramGreeting, Value: strconv.Itoa(utf8.RuneCountInString(g.text))}},
	}
	if g.then != "" {
		p, v := h.relayVoice(g.thenLang, "")
		cr.Languages = append(cr.Languages, relayLanguage{Code: g.thenLang, TTSProvider: p, Voice: v})
		cr.Parameters = append(cr.Parameters, parameter{Name: paramThen, Value: g.then},
			parameter{Name: paramThenLanguage, Value: g.thenLang})
	}
	return marshal(response{Verbs: []any{connect{Action: h.path("relay/end"), Method: "POST", Relay: cr}}})
}

// greeting is a greeting split for ConversationRelay: what it says in the
// call's language, and what follows in another (the language offer).
type greeting struct {
	text, voice    string
	then, thenLang string
}

func splitGreeting(say []voicebot.Speech, lang string) greeting {
	var g greeting
	var text, then []string
	for _, s := range say {
		switch {
		case s.Language == lang || s.Language == "":
			text = append(text, s.Text)
			g.voice = cmp.Or(g.voice, s.Voice)
		case g.thenLang == "" || s.Language == g.thenLang:
			g.thenLang = s.Language
			then = append(then, s.Text)
		}
	}
	g.text, g.then = strings.Join(text, " "), strings.Join(then, " ")
	return g
}

// relayVoice is the text-to-speech provider and voice for a language in
// ConversationRelay's terms: Twilio's "Polly.Laura-Neural" is Amazon's
// "Laura-Neural". Other voices are passed as they are, to the provider's
// default engine.
func (h *Handler) relayVoice(language, voice string) (provider, name string) {
	if voice == "" {
		voice = h.voice(language)
	}
	if v, ok := strings.CutPrefix(voice, "Polly."); ok {
		return "Amazon", v
	}
	return "", voice
}

// relayEnd handles the end of a relay session: the <Connect action>.
func (h *Handler) relayEnd(c *gin.Context) {
	ctx, call := c.Request.Context(), info(c)
	var data handoffData
	if raw := c.PostForm("HandoffData"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &data); err != nil {
			h.opts.Logger.Warn("relay session ended with unreadable handoff data", "call", call.ID, "err", err)
		}
	}
	switch data.Reason {
	case relayHandoff:
		q, err := h.opts.Bot.Queue(ctx, call)
		if err == nil && q != nil {
			h.reply(c, &voicebot.Reply{Enqueue: q}, nil, h.path("turn"))
			return
		}
		h.opts.Logger.Error("relay session handed off a call that is not in the queue", "call", call.ID, "queue", data.Queue, "err", err)
	case relayHangup:
		h.reply(c, &voicebot.Reply{Hangup: true}, nil, h.path("turn"))
		return
	}
	if c.PostForm("CallStatus") == "in-progress" {
		// The session broke with the caller still on the line: they get a
		// person, as when a turn fails in the TwiML mode.
		h.opts.Logger.Warn("relay session ended without a handoff", "call", call.ID, "reason", data.Reason,
			"session", c.PostForm("SessionId"), "status", c.PostForm("SessionStatus"), "error", c.PostForm("ErrorCode"))
		h.reply(c, h.opts.Bot.Fallback(call), nil, h.path("turn"))
		return
	}
	if err := h.opts.Bot.End(ctx, call); err != nil {
		h.opts.Logger.Error("end a relay call", "call", call.ID, "err", err)
	}
	h.reply(c, &voicebot.Reply{Hangup: true}, nil, h.path("turn"))
}

// socketBase is the WebSocket address of a public http(s) address.
func socketBase(public string) string {
	if rest, ok := strings.CutPrefix(public, "https://"); ok {
		return "wss://" + rest
	}
	if rest, ok := strings.CutPrefix(public, "http://"); ok {
		return "ws://" + rest
	}
	return public
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
