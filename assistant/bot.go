package assistant

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

//go:embed messages/*.json
var messageFiles embed.FS

// BotOptions configure a Bot.
type BotOptions struct {
	Engine        loket.Answerer
	Library       loket.Library // public: for the site's hours and phone number
	Conversations loket.ConversationStore
	Handoffs      loket.HandoffStore
	Events        loket.EventStore
	Logger        *slog.Logger
	Now           func() time.Time
	// Channel is recorded on conversations, handoffs and events; chat when
	// empty.
	Channel loket.Channel
}

// Bot holds conversations with customers over the answer engine and hands
// them to a person when the customer asks for one, or when it could not
// answer twice in a row. It is safe for concurrent use.
type Bot struct {
	opts     BotOptions
	messages *web.Messages
}

// NewBot returns a bot. It fails when its message files are broken.
func NewBot(opts BotOptions) (*Bot, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Channel == "" {
		opts.Channel = loket.ChannelChat
	}
	sub, err := fsSub(messageFiles, "messages")
	if err != nil {
		return nil, err
	}
	m, err := web.LoadMessages(sub, "en")
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	return &Bot{opts: opts, messages: m}, nil
}

// ChatRequest is one message from a customer.
type ChatRequest struct {
	ConversationID string // "" starts a conversation
	Message        string
	Locale         loket.Locale
}

// Reply is the bot's answer to one message.
type Reply struct {
	ConversationID string
	Answer         *loket.Answer
	// Text is what the customer reads: the answer, or what happens next.
	Text    string
	Handoff *HandoffInfo // set when the conversation went to a person
}

// HandoffInfo tells the customer what happens after a handoff.
type HandoffInfo struct {
	Reference string
	Open      bool      // people answer now
	NextOpen  time.Time // when they do again, if closed
	Wait      time.Duration
}

// maxTurns bounds the stored conversation: a longer one keeps its first
// question and the latest turns.
const maxTurns = 40

// Chat answers one message. tokens receives the answer's text as it is
// produced, when not nil. Returns EINVALID for an empty or overlong
// message and ENOTFOUND for an unknown conversation id.
func (b *Bot) Chat(ctx context.Context, req ChatRequest, tokens func(string)) (*Reply, error) {
	msg := strings.TrimSpace(req.Message)
	switch n := utf8.RuneCountInString(msg); {
	case n == 0:
		return nil, loket.Errorf(loket.EINVALID, "the message is empty")
	case n > loket.MaxQuestionLength:
		return nil, loket.Errorf(loket.EINVALID, "the message is longer than %d characters", loket.MaxQuestionLength)
	}
	conv, err := b.conversation(ctx, req)
	if err != nil {
		return nil, err
	}
	if conv.Outcome == loket.OutcomeHandedOff {
		return b.reply(ctx, conv, msg, b.text(conv.Locale, "bot.handoff.already", strconv.FormatInt(conv.HandoffID, 10)), tokens)
	}
	if loket.AsksForPerson(msg) || (loket.SaysYes(msg) && b.offeredPerson(conv)) {
		return b.handoff(ctx, conv, msg, loket.ReasonAskedPerson, tokens)
	}
	a, err := b.opts.Engine.Answer(ctx, loket.Question{Text: msg, Locale: conv.Locale, History: conv.Turns}, tokens)
	if err != nil {
		return nil, err
	}
	b.recordAnswer(ctx, conv, msg, a)
	if !a.Declined {
		conv.Declines = 0
		conv.Turns = append(conv.Turns, b.turn("customer", msg), b.turn("bot", a.Text))
		for _, c := range a.Citations {
			conv.Turns[len(conv.Turns)-1].Text += "\n[" + c.Title + "](" + c.URL + ")"
		}
		if err := b.save(ctx, conv); err != nil {
			return nil, err
		}
		return &Reply{ConversationID: conv.ID, Answer: a, Text: a.Text}, nil
	}
	conv.Declines++
	if conv.Declines >= 2 {
		return b.handoff(ctx, conv, msg, loket.ReasonNotAnswered, tokens)
	}
	text := b.text(conv.Locale, "bot.declined")
	r, err := b.reply(ctx, conv, msg, text, tokens)
	if r != nil {
		r.Answer = a
	}
	return r, err
}

// conversation loads the conversation of req, or starts one.
func (b *Bot) conversation(ctx context.Context, req ChatRequest) (*loket.Conversation, error) {
	if req.ConversationID != "" {
		c, err := b.opts.Conversations.FindConversation(ctx, req.ConversationID)
		if err != nil {
			return nil, err
		}
		if c.Outcome == loket.OutcomeAbandoned || c.Outcome == loket.OutcomeResolved {
			c.Outcome = loket.OutcomeOpen // the customer came back
		}
		return c, nil
	}
	locale := req.Locale
	if locale == "" {
		locale = "nl"
	}
	c := &loket.Conversation{ID: web.RandomID(), Channel: b.opts.Channel, Locale: locale}
	if err := b.opts.Conversations.CreateConversation(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// offeredPerson reports whether the bot's last message offered a person.
func (b *Bot) offeredPerson(c *loket.Conversation) bool {
	if len(c.Turns) == 0 {
		return false
	}
	last := c.Turns[len(c.Turns)-1].Text
	return last == b.text(c.Locale, "bot.declined") || last == b.text(c.Locale, "bot.feedback.sorry")
}

// reply answers with a fixed text and stores the turns.
func (b *Bot) reply(ctx context.Context, conv *loket.Conversation, msg, text string, tokens func(string)) (*Reply, error) {
	conv.Turns = append(conv.Turns, b.turn("customer", msg), b.turn("bot", text))
	if err := b.save(ctx, conv); err != nil {
		return nil, err
	}
	if tokens != nil {
		tokens(text)
	}
	return &Reply{ConversationID: conv.ID, Text: text}, nil
}

func (b *Bot) turn(role, text string) loket.Turn {
	return loket.Turn{Role: role, Text: text, Time: b.opts.Now().UTC()}
}

func (b *Bot) save(ctx context.Context, c *loket.Conversation) error {
	if len(c.Turns) > maxTurns {
		c.Turns = append(c.Turns[:1:1], c.Turns[len(c.Turns)-maxTurns+1:]...)
	}
	return b.opts.Conversations.UpdateConversation(ctx, c)
}

func (b *Bot) text(locale loket.Locale, key string, args ...any) string {
	return b.messages.For(locale).T(key, args...)
}

func (b *Bot) recordAnswer(ctx context.Context, c *loket.Conversation, msg string, a *loket.Answer) {
	var ids []string
	for _, cit := range a.Citations {
		ids = append(ids, cit.ID)
	}
	data := map[string]string{"mode": string(a.Mode), "declined": strconv.FormatBool(a.Declined),
		"confidence": strconv.FormatFloat(a.Confidence, 'f', 3, 64), "cited": strings.Join(ids, ",")}
	article := ""
	if len(ids) > 0 {
		article = ids[0]
	}
	b.record(ctx, &loket.Event{Type: loket.EventAnswer, Channel: c.Channel, Locale: c.Locale, Session: c.ID,
		Query: msg, ArticleID: article, Results: len(ids), Data: data})
}

func (b *Bot) record(ctx context.Context, e *loket.Event) {
	if b.opts.Events == nil {
		return
	}
	if err := b.opts.Events.RecordEvent(ctx, e); err != nil {
		b.opts.Logger.Error("record event", "type", e.Type, "err", err)
	}
}
