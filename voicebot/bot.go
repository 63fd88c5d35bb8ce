package voicebot

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

//go:embed messages/*.json
var messageFiles embed.FS

// Defaults for Options.
const (
	// DefaultThreshold is the confidence below which the evidence for an
	// answer is too weak to speak: the answer engine's threshold, chosen
	// from measurements on the evaluation sets (docs/benchmarks.md).
	DefaultThreshold = 0.40
	// DefaultRepeatWindow is how recently a number must have been handed off
	// for its caller to go straight to the queue.
	DefaultRepeatWindow = 7 * 24 * time.Hour
	// DefaultMinConfidence is the speech recogniser's confidence below which
	// the caller was not understood.
	DefaultMinConfidence = 0.2
	// MaxTurns is the most the caller says before the call goes to a person,
	// so that no call loops.
	MaxTurns = 12
)

// Line is how the voicebot speaks on one of the organisation's numbers.
type Line struct {
	Language string // the speech language: "nl-NL", "nl-BE", "en-GB"
	Voice    string // the provider's text-to-speech voice; "" for its default
}

// Texter sends text messages (SMS).
type Texter interface {
	// SendText sends body from one of the organisation's numbers to a caller.
	SendText(ctx context.Context, from, to, body string) error
}

// Options configure a Bot.
type Options struct {
	Library  loket.Library  // the public knowledge base
	Answerer loket.Answerer // optional: phrases answers for articles without a voice answer
	Calls    loket.CallStore
	Handoffs loket.HandoffStore
	Events   loket.EventStore // optional
	// Links and Texts, both set, and PublicURL let callers get an
	// article's link by text message.
	Links     loket.LinkStore
	Texts     Texter
	PublicURL string // the help site's address, "https://help.example.nl"
	// Lines are the numbers callers dial, in E.164 ("+31881234567"), and
	// how the voicebot speaks on each. Other numbers get Default; a Default
	// without a language speaks the knowledge base's default locale.
	Lines   map[string]Line
	Default Line
	// Queue names the provider's queues: "<Queue>-<language>", with
	// "-priority" for repeat callers. "loket" when empty.
	Queue string
	// QueueClosed sends callers who need a person to the callback offer,
	// as outside opening hours.
	QueueClosed   bool
	Threshold     float64       // DefaultThreshold when zero
	RepeatWindow  time.Duration // DefaultRepeatWindow when zero
	MinConfidence float64       // DefaultMinConfidence when zero
	Logger        *slog.Logger
	Now           func() time.Time
}

// Bot runs phone calls. It is safe for concurrent use: calls share nothing
// but the stores.
type Bot struct {
	opts     Options
	messages *web.Messages

	mu    sync.Mutex
	hints map[loket.Locale]hintList
}

type hintList struct {
	at    time.Time
	hints []string
}

// New returns a bot. It fails when its message files are broken or a store
// is missing.
func New(opts Options) (*Bot, error) {
	if opts.Library == nil || opts.Calls == nil || opts.Handoffs == nil {
		return nil, fmt.Errorf("voicebot: a library, a call store and a handoff store are needed")
	}
	if opts.Library.Audience() != loket.AudiencePublic {
		return nil, fmt.Errorf("voicebot: callers are the public: the library must be public")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.RepeatWindow == 0 {
		opts.RepeatWindow = DefaultRepeatWindow
	}
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	if opts.Queue == "" {
		opts.Queue = "loket"
	}
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	sub, err := fs.Sub(messageFiles, "messages")
	if err != nil {
		return nil, err
	}
	m, err := web.LoadMessages(sub, "en")
	if err != nil {
		return nil, fmt.Errorf("voicebot: %w", err)
	}
	return &Bot{opts: opts, messages: m, hints: map[loket.Locale]hintList{}}, nil
}

// The steps of a call (see the package documentation).
const (
	stepListen   = "listen"
	stepConfirm  = "confirm"
	stepGuide    = "guide"
	stepGuideEnd = "guide-end"
	stepClosed   = "closed"
	stepQueue    = "queue"
	stepDone     = "done"
)

// state is the dialog state of a call, saved as JSON in loket.Call.State.
type state struct {
	Step      string        `json:"step"`
	Lang      string        `json:"lang"`
	Voice     string        `json:"voice,omitempty"`
	Turns     []loket.Turn  `json:"turns,omitempty"`
	Offered   []loket.Offer `json:"offered,omitempty"`
	Next      []string      `json:"next,omitempty"` // the next best article, not yet offered
	Question  string        `json:"question,omitempty"`
	Misses    int           `json:"misses,omitempty"`
	Silences  int           `json:"silences,omitempty"`
	Guide     string        `json:"guide,omitempty"`
	GuideStep string        `json:"guideStep,omitempty"`
	Path      []string      `json:"path,omitempty"`
	Reason    string        `json:"reason,omitempty"` // why a person is needed, while the caller chooses
	Team      string        `json:"team,omitempty"`
	Priority  int           `json:"priority,omitempty"`
	Busy      bool          `json:"busy,omitempty"` // the queue was full or failed
	Waits     int           `json:"waits,omitempty"`
	Position  int           `json:"position,omitempty"`
	Callback  bool          `json:"callback,omitempty"`
	Texted    bool          `json:"texted,omitempty"`
}

// call is a call being handled: its record, its state, and what this turn
// says.
type call struct {
	rec *loket.Call
	st  state
	out []Speech
	// stream receives answer text as the answer engine produces it, and
	// streamed is what it received (TurnStreaming).
	stream   func(Speech)
	streamed string
}

func (c *call) say(text string) {
	if text != "" {
		c.out = append(c.out, Speech{Text: text, Language: c.st.Lang, Voice: c.st.Voice})
	}
}

// Start answers a new call. A call that exists (the provider asked twice)
// hears its current question again.
func (b *Bot) Start(ctx context.Context, info CallInfo) (*Reply, error) {
	if info.ID == "" {
		return nil, loket.Errorf(loket.EINVALID, "a call needs an id")
	}
	if _, err := b.opts.Calls.FindCall(ctx, info.ID); err == nil {
		return b.run(ctx, info, func(c *call) (*Reply, error) { return b.again(ctx, c), nil })
	} else if loket.ErrorCode(err) != loket.ENOTFOUND {
		return nil, err
	}
	c := b.newCall(info)
	reply, err := b.greet(ctx, c)
	if err != nil {
		return nil, err
	}
	b.finish(c, reply)
	if err := b.encode(c); err != nil {
		return nil, err
	}
	if err := b.opts.Calls.CreateCall(ctx, c.rec); loket.ErrorCode(err) == loket.ECONFLICT {
		return b.Start(ctx, info)
	} else if err != nil {
		return nil, err
	}
	return reply, nil
}

// Turn handles what the caller said or pressed in reply to a Listen. A call
// the database does not know (it was lost) starts over at the question.
func (b *Bot) Turn(ctx context.Context, info CallInfo, in Input) (*Reply, error) {
	return b.TurnStreaming(ctx, info, in, nil)
}

// TurnStreaming is Turn for channels that speak text as it arrives
// (ConversationRelay): an answer the answer engine writes is passed to
// stream sentence by sentence, ready to speak, before TurnStreaming returns.
// The Reply holds it too, marked Streamed, followed by the rest.
func (b *Bot) TurnStreaming(ctx context.Context, info CallInfo, in Input, stream func(Speech)) (*Reply, error) {
	in.Speech = strings.TrimSpace(clip(in.Speech, loket.MaxQuestionLength))
	in.Digits = strings.TrimSpace(clip(in.Digits, 20))
	return b.run(ctx, info, func(c *call) (*Reply, error) {
		c.stream, c.streamed = stream, ""
		if c.st.Step == stepDone || c.st.Step == stepQueue {
			return &Reply{Hangup: c.st.Step == stepDone, Enqueue: b.enqueueAgain(c)}, nil
		}
		c.st.Turns = append(c.st.Turns, b.turn("customer", b.heard(c, in)))
		if customerTurns(c.st.Turns) > MaxTurns {
			return b.handoff(ctx, c, loket.ReasonNotAnswered)
		}
		switch c.st.Step {
		case stepConfirm:
			return b.confirm(ctx, c, in)
		case stepGuide:
			return b.guideTurn(ctx, c, in)
		case stepGuideEnd:
			return b.guideEnd(ctx, c, in)
		case stepClosed:
			return b.closedMenu(ctx, c, in)
		default:
			return b.listen(ctx, c, in)
		}
	})
}

// Wait is a turn of a caller in the queue: their position and expected wait
// now and then, the choices instead of waiting, and hold audio.
func (b *Bot) Wait(ctx context.Context, info CallInfo, q QueueStatus) (*Reply, error) {
	return b.run(ctx, info, func(c *call) (*Reply, error) {
		c.st.Waits++
		if q.Position > 0 && (c.st.Waits == 1 || q.Position != c.st.Position) {
			if q.Position == 1 {
				c.say(b.t(c, "wait.next"))
			} else {
				c.say(b.t(c, "wait.position", q.Position))
			}
			c.st.Position = q.Position
			wait := q.Average
			if wait == 0 {
				wait = b.opts.Library.Site().Wait
			}
			if wait > 0 && q.Position > 1 {
				c.say(b.minutes(c, "wait.time", wait))
			}
		}
		if c.st.Waits%4 == 1 && !c.st.Callback {
			c.say(b.t(c, "wait.options"))
			if b.canText(c) && !c.st.Texted && len(c.st.Offered) > 0 {
				c.say(b.t(c, "wait.options.text"))
			}
		}
		return &Reply{Say: c.out, Hold: true, Listen: &Listen{Keys: true, Digits: 1, Language: c.st.Lang, Timeout: time.Second}}, nil
	})
}

// WaitChoice handles a key pressed while waiting: 1 to be called back
// instead, 2 for the link by text message.
func (b *Bot) WaitChoice(ctx context.Context, info CallInfo, in Input) (*Reply, error) {
	return b.run(ctx, info, func(c *call) (*Reply, error) {
		switch first(in.Digits) {
		case "1":
			if c.st.Callback {
				return &Reply{Leave: true}, nil
			}
			c.st.Callback = true
			b.note(ctx, c, b.t(c, "note.callback"))
			c.say(b.t(c, "wait.callback"))
			return &Reply{Say: c.out, Leave: true}, nil
		case "2":
			if b.canText(c) && len(c.st.Offered) > 0 {
				b.sendLink(ctx, c, c.st.Offered[len(c.st.Offered)-1].ArticleID)
				return &Reply{Say: c.out}, nil
			}
		}
		return &Reply{}, nil
	})
}

// LeftQueue handles the caller leaving the queue: served, called back,
// hung up, or turned away by a full or failing queue.
func (b *Bot) LeftQueue(ctx context.Context, info CallInfo, result QueueResult, waited time.Duration) (*Reply, error) {
	return b.run(ctx, info, func(c *call) (*Reply, error) {
		switch result {
		case QueueLeft:
			c.st.Step = stepDone
			if c.st.Callback {
				c.say(b.t(c, "callback.open"))
			}
			return &Reply{Say: c.out, Hangup: true}, nil
		case QueueHangup:
			c.st.Step = stepDone
			b.note(ctx, c, b.t(c, "note.hangup", int(waited.Round(time.Minute)/time.Minute)))
			return &Reply{Hangup: true}, nil
		case QueueFull, QueueError, QueueSystem:
			c.st.Busy = true
			b.opts.Logger.Warn("queue refused a caller", "call", c.rec.ID, "result", string(result))
			return b.closed(ctx, c), nil
		default: // served, or moved elsewhere
			c.st.Step = stepDone
			return &Reply{Hangup: true}, nil
		}
	})
}

// End records the end of a call (the provider's status callback). A call
// that ended neither contained nor handed off was abandoned.
func (b *Bot) End(ctx context.Context, info CallInfo) error {
	_, err := b.run(ctx, info, func(c *call) (*Reply, error) {
		c.st.Step = stepDone
		if c.rec.Outcome == loket.OutcomeOpen {
			b.outcome(ctx, c, loket.OutcomeAbandoned)
		}
		return &Reply{}, nil
	})
	return err
}

// Queue returns the queue the call is to wait in for a person, or nil when
// the call is not at that step. It reads the call and changes nothing: a
// dialect that learns of a handoff from the provider (ConversationRelay's
// end of session) asks here rather than trusting what it was told. Returns
// ENOTFOUND for a call the database does not know.
func (b *Bot) Queue(ctx context.Context, info CallInfo) (*Enqueue, error) {
	rec, err := b.opts.Calls.FindCall(ctx, info.ID)
	if err != nil {
		return nil, err
	}
	c := &call{rec: rec}
	if len(rec.State) > 0 {
		if err := json.Unmarshal(rec.State, &c.st); err != nil {
			return nil, fmt.Errorf("call %s state: %w", rec.ID, err)
		}
	}
	return b.enqueueAgain(c), nil
}

// run loads the call, lets fn take the turn and saves the call. When another
// webhook of the call saved in between, the turn is taken again on the
// saved state.
func (b *Bot) run(ctx context.Context, info CallInfo, fn func(*call) (*Reply, error)) (*Reply, error) {
	for attempt := 0; ; attempt++ {
		rec, err := b.opts.Calls.FindCall(ctx, info.ID)
		if loket.ErrorCode(err) == loket.ENOTFOUND {
			// The call was lost (a database restored from a backup): start
			// it again and handle the turn on the new state.
			if _, err := b.Start(ctx, info); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		c := &call{rec: rec}
		if len(rec.State) > 0 {
			if err := json.Unmarshal(rec.State, &c.st); err != nil {
				return nil, fmt.Errorf("call %s state: %w", rec.ID, err)
			}
		}
		if c.st.Step == "" {
			c.st = b.newCall(info).st
		}
		reply, err := fn(c)
		if err != nil {
			return nil, err
		}
		b.finish(c, reply)
		if err := b.encode(c); err != nil {
			return nil, err
		}
		err = b.opts.Calls.UpdateCall(ctx, c.rec)
		if loket.ErrorCode(err) == loket.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return reply, nil
	}
}

// finish records what the voicebot said in the transcript; announcements
// in the queue are left out.
func (b *Bot) finish(c *call, reply *Reply) {
	var said []string
	for _, s := range reply.Say {
		if s.Language == c.st.Lang {
			said = append(said, s.Text)
		}
	}
	if len(said) > 0 && !reply.Hold {
		c.st.Turns = append(c.st.Turns, b.turn("bot", strings.Join(said, " ")))
	}
}

func (b *Bot) encode(c *call) error {
	s, err := json.Marshal(c.st)
	if err != nil {
		return fmt.Errorf("call %s state: %w", c.rec.ID, err)
	}
	c.rec.State = s
	return nil
}

func (b *Bot) newCall(info CallInfo) *call {
	line, ok := b.opts.Lines[info.To]
	if !ok {
		line = b.opts.Default
	}
	if line.Language == "" {
		line.Language = speechLanguage(b.opts.Library.Locales()[0])
	}
	c := &call{rec: &loket.Call{ID: info.ID, From: info.From, To: info.To}, st: state{Step: stepListen, Lang: line.Language, Voice: line.Voice}}
	c.rec.Locale = b.locale(line.Language)
	return c
}

// locale is the knowledge base's locale for a speech language: the same tag
// if the knowledge base has it, else its language, else the default locale.
func (b *Bot) locale(lang string) loket.Locale {
	locales := b.opts.Library.Locales()
	for _, l := range locales {
		if string(l) == lang {
			return l
		}
	}
	want := loket.Locale(lang).Language()
	for _, l := range locales {
		if string(l) == want {
			return l
		}
	}
	if len(locales) > 0 {
		return locales[0]
	}
	return loket.Locale(want)
}

// speechLanguage is the speech language for a knowledge base locale without
// a region: the region callers of a Dutch or English service most likely
// have.
func speechLanguage(l loket.Locale) string {
	if strings.Contains(string(l), "-") {
		return string(l)
	}
	switch l {
	case "nl":
		return "nl-NL"
	case "en":
		return "en-GB"
	case "fr":
		return "fr-BE"
	case "de":
		return "de-DE"
	}
	return string(l)
}

func (b *Bot) t(c *call, key string, args ...any) string {
	return b.messages.For(c.rec.Locale).T(key, args...)
}

// minutes says a duration in whole minutes, at least one.
func (b *Bot) minutes(c *call, key string, d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return b.t(c, key+".one")
	}
	return b.t(c, key, m)
}

func (b *Bot) turn(role, text string) loket.Turn {
	return loket.Turn{Role: role, Text: text, Time: b.opts.Now()}
}

// heard is the transcript's line for what the caller did.
func (b *Bot) heard(c *call, in Input) string {
	switch {
	case in.Speech != "":
		return in.Speech
	case in.Digits != "":
		return b.t(c, "note.keys", in.Digits)
	}
	return b.t(c, "note.silence")
}

func customerTurns(turns []loket.Turn) int {
	n := 0
	for _, t := range turns {
		if t.Role == "customer" {
			n++
		}
	}
	return n
}

func (b *Bot) record(ctx context.Context, c *call, e *loket.Event) {
	if b.opts.Events == nil {
		return
	}
	e.Channel, e.Locale, e.Session = loket.ChannelVoice, c.rec.Locale, c.rec.ID
	if err := b.opts.Events.RecordEvent(ctx, e); err != nil {
		b.opts.Logger.Error("record event", "type", e.Type, "err", err)
	}
}

func (b *Bot) outcome(ctx context.Context, c *call, o loket.ConversationOutcome) {
	c.rec.Outcome = o
	b.record(ctx, c, &loket.Event{Type: loket.EventOutcome, Data: map[string]string{"outcome": string(o)}})
}

// note adds a line to the transcript of the call's handoff, for what
// happened after it was made.
func (b *Bot) note(ctx context.Context, c *call, text string) {
	t := b.turn("bot", text)
	c.st.Turns = append(c.st.Turns, t)
	if c.rec.HandoffID == 0 {
		return
	}
	if err := b.opts.Handoffs.AddHandoffTurns(ctx, c.rec.HandoffID, t); err != nil {
		b.opts.Logger.Error("add to handoff", "handoff", c.rec.HandoffID, "err", err)
	}
}

func first(s string) string {
	if s == "" {
		return ""
	}
	return s[:1]
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// Fallback is what a caller hears when their turn failed (the database is
// down): an apology in the line's language and the queue, so that a caller
// always reaches a person, even without the context.
func (b *Bot) Fallback(info CallInfo) *Reply {
	c := b.newCall(info)
	c.say(b.t(c, "failed"))
	c.st.Step = stepQueue
	return &Reply{Say: c.out, Enqueue: b.enqueueAgain(c)}
}
