package assistant

import (
	"context"
	"io/fs"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/loket/loket"
)

func fsSub(fsys fs.FS, dir string) (fs.FS, error) { return fs.Sub(fsys, dir) }

// handoff passes the conversation to a person: a handoff with the whole
// transcript and the articles cited, in the same queue the contact form and
// the voicebot use. The customer is told what happens next.
func (b *Bot) handoff(ctx context.Context, conv *loket.Conversation, msg, reason string, tokens func(string)) (*Reply, error) {
	conv.Turns = append(conv.Turns, b.turn("customer", msg))
	h := &loket.Handoff{
		Channel: conv.Channel, Locale: conv.Locale, Question: firstQuestion(conv.Turns), Transcript: conv.Turns,
		Offered: b.offered(ctx, conv), Reason: reason, External: conv.ID, Session: conv.ID,
	}
	if err := b.opts.Handoffs.CreateHandoff(ctx, h); err != nil {
		return nil, err
	}
	info := b.handoffInfo(h)
	text := b.handoffText(conv.Locale, info)
	conv.Turns = append(conv.Turns, b.turn("bot", text))
	conv.Outcome, conv.HandoffID = loket.OutcomeHandedOff, h.ID
	if err := b.save(ctx, conv); err != nil {
		return nil, err
	}
	b.record(ctx, &loket.Event{Type: loket.EventHandoff, Channel: conv.Channel, Locale: conv.Locale, Session: conv.ID,
		Query: h.Question, Data: map[string]string{"handoff": strconv.FormatInt(h.ID, 10), "reason": reason}})
	b.record(ctx, &loket.Event{Type: loket.EventOutcome, Channel: conv.Channel, Locale: conv.Locale, Session: conv.ID,
		Data: map[string]string{"outcome": string(loket.OutcomeHandedOff)}})
	if tokens != nil {
		tokens(text)
	}
	return &Reply{ConversationID: conv.ID, Text: text, Handoff: info}, nil
}

// firstQuestion is the customer's first message: the question in their
// own words.
func firstQuestion(turns []loket.Turn) string {
	for _, t := range turns {
		if t.Role == "customer" && !loket.AsksForPerson(t.Text) {
			return t.Text
		}
	}
	if len(turns) > 0 {
		return turns[0].Text
	}
	return ""
}

// offered lists the articles the bot cited in the conversation, once each,
// as the events recorded them.
func (b *Bot) offered(ctx context.Context, conv *loket.Conversation) []loket.Offer {
	if b.opts.Events == nil {
		return nil
	}
	events, err := b.opts.Events.FindEvents(ctx, loket.EventFilter{Type: loket.EventAnswer, Session: conv.ID})
	if err != nil {
		b.opts.Logger.Error("find cited articles", "err", err)
		return nil
	}
	var out []loket.Offer
	seen := map[string]bool{}
	for _, e := range events {
		for _, id := range strings.Split(e.Data["cited"], ",") {
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			if a, err := b.opts.Library.Article(conv.Locale, id); err == nil {
				out = append(out, loket.Offer{ArticleID: a.ID, Title: a.Title, URL: a.URL})
			}
		}
	}
	return out
}

func (b *Bot) handoffInfo(h *loket.Handoff) *HandoffInfo {
	site := b.opts.Library.Site()
	now := b.opts.Now()
	info := &HandoffInfo{Reference: strconv.FormatInt(h.ID, 10), Open: site.Hours.Open(now), Wait: site.Wait}
	if !info.Open {
		info.NextOpen = site.Hours.NextOpen(now)
	}
	return info
}

// handoffText tells the customer the conversation went to a person, when
// people answer, and how to leave contact details or call.
func (b *Bot) handoffText(locale loket.Locale, info *HandoffInfo) string {
	site := b.opts.Library.Site()
	parts := []string{b.text(locale, "bot.handoff", info.Reference)}
	switch {
	case info.Open && info.Wait > 0:
		parts = append(parts, b.text(locale, "bot.handoff.open", int(info.Wait.Round(time.Minute)/time.Minute)))
	case info.Open:
		parts = append(parts, b.text(locale, "bot.handoff.open.nowait"))
	case !info.NextOpen.IsZero():
		parts = append(parts, b.text(locale, "bot.handoff.closed", b.messages.For(locale).When(b.opts.Now(), info.NextOpen)))
	}
	parts = append(parts, b.text(locale, "bot.handoff.contact"))
	if site.Phone != "" && info.Open {
		parts = append(parts, b.text(locale, "bot.handoff.phone", site.Phone))
	}
	return strings.Join(parts, " ")
}

// ContactRequest is how to reach a customer whose chat went to a person.
type ContactRequest struct {
	ConversationID string
	Contact        loket.Contact
}

// LeaveContact adds the customer's contact details to the handoff of a
// conversation. Returns EINVALID without a valid e-mail address or phone
// number, ENOTFOUND for an unknown conversation, and ECONFLICT when the
// conversation was not handed off.
func (b *Bot) LeaveContact(ctx context.Context, req ContactRequest) (string, error) {
	c := req.Contact
	c.Name, c.Email, c.Phone = clipRunes(strings.TrimSpace(c.Name), 200), strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone)
	if c.Email == "" && c.Phone == "" {
		return "", loket.Errorf(loket.EINVALID, "an e-mail address or a phone number is needed")
	}
	if a, err := mail.ParseAddress(c.Email); c.Email != "" && (err != nil || a.Address != c.Email) {
		return "", loket.Errorf(loket.EINVALID, "the e-mail address is not valid")
	}
	if c.Phone != "" && !loket.ValidPhone(c.Phone) {
		return "", loket.Errorf(loket.EINVALID, "the phone number is not valid")
	}
	conv, err := b.opts.Conversations.FindConversation(ctx, req.ConversationID)
	if err != nil {
		return "", err
	}
	if conv.HandoffID == 0 {
		return "", loket.Errorf(loket.ECONFLICT, "this conversation was not passed to a person")
	}
	if err := b.opts.Handoffs.SetHandoffContact(ctx, conv.HandoffID, c); err != nil {
		return "", err
	}
	how := c.Email
	if how == "" {
		how = c.Phone
	}
	return b.text(conv.Locale, "bot.contact.thanks", how), nil
}

// Feedback records whether the bot's answers helped. Helped ends the
// conversation as resolved; not helped offers a person.
func (b *Bot) Feedback(ctx context.Context, conversationID string, helped bool) (string, error) {
	conv, err := b.opts.Conversations.FindConversation(ctx, conversationID)
	if err != nil {
		return "", err
	}
	key := "bot.feedback.sorry"
	if helped {
		key = "bot.feedback.thanks"
		if conv.Outcome == loket.OutcomeOpen {
			conv.Outcome = loket.OutcomeResolved
			b.record(ctx, &loket.Event{Type: loket.EventOutcome, Channel: conv.Channel, Locale: conv.Locale, Session: conv.ID,
				Data: map[string]string{"outcome": string(loket.OutcomeResolved)}})
		}
	}
	text := b.text(conv.Locale, key)
	conv.Turns = append(conv.Turns, b.turn("bot", text))
	b.record(ctx, &loket.Event{Type: loket.EventVote, Channel: conv.Channel, Locale: conv.Locale, Session: conv.ID,
		Data: map[string]string{"helpful": map[bool]string{true: "yes", false: "no"}[helped]}})
	return text, b.save(ctx, conv)
}

// Sweep marks conversations idle for longer than idle as abandoned and
// records their outcome.
func (b *Bot) Sweep(ctx context.Context, idle time.Duration) (int, error) {
	convs, err := b.opts.Conversations.AbandonConversations(ctx, b.opts.Now().Add(-idle))
	for _, c := range convs {
		b.record(ctx, &loket.Event{Type: loket.EventOutcome, Channel: c.Channel, Locale: c.Locale, Session: c.ID,
			Data: map[string]string{"outcome": string(loket.OutcomeAbandoned)}})
	}
	return len(convs), err
}
