package assistant_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
)

func chat(tb testing.TB, b *assistant.Bot, conv, msg string) *assistant.Reply {
	tb.Helper()
	r, err := b.Chat(context.Background(), assistant.ChatRequest{ConversationID: conv, Message: msg, Locale: "nl"}, nil)
	if err != nil {
		tb.Fatalf("chat %q: %v", msg, err)
	}
	return r
}

func TestConversationAndFollowUp(t *testing.T) {
	bot, db, _ := newBot(t, nil)
	r := chat(t, bot, "", "Wat kost een monteur?")
	if r.ConversationID == "" || r.Answer == nil || r.Answer.Declined || r.Handoff != nil {
		t.Fatalf("first answer = %+v", r)
	}
	r2 := chat(t, bot, r.ConversationID, "en als ik niet thuis ben?")
	if r2.ConversationID != r.ConversationID || r2.Answer.Declined {
		t.Errorf("follow-up = %+v", r2)
	}
	conv, err := db.FindConversation(context.Background(), r.ConversationID)
	if err != nil || len(conv.Turns) != 4 || conv.Turns[0].Role != "customer" || conv.Turns[1].Role != "bot" || conv.Outcome != loket.OutcomeOpen {
		t.Errorf("conversation = %+v, %v", conv, err)
	}
	if _, err := bot.Chat(context.Background(), assistant.ChatRequest{ConversationID: "nope", Message: "hoi"}, nil); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown conversation: %v", err)
	}
	text, err := bot.Feedback(context.Background(), r.ConversationID, true)
	if err != nil || !strings.Contains(text, "Fijn") {
		t.Errorf("feedback: %q %v", text, err)
	}
	if conv, _ := db.FindConversation(context.Background(), r.ConversationID); conv.Outcome != loket.OutcomeResolved {
		t.Errorf("outcome after helpful = %q", conv.Outcome)
	}
	outcomes, _ := db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventOutcome, Session: r.ConversationID})
	if len(outcomes) != 1 || outcomes[0].Data["outcome"] != "resolved" {
		t.Errorf("outcome events = %+v", outcomes)
	}
}

func TestHandoffWhenAsked(t *testing.T) {
	bot, db, _ := newBot(t, nil)
	r := chat(t, bot, "", "Mijn wifi valt steeds weg in de slaapkamer")
	r = chat(t, bot, r.ConversationID, "Ik wil een medewerker spreken")
	if r.Handoff == nil || r.Handoff.Reference == "" || !r.Handoff.Open || !strings.Contains(r.Text, "referentie "+r.Handoff.Reference) ||
		!strings.Contains(r.Text, "wachttijd is ongeveer 4 minuten") || !strings.Contains(r.Text, "088 123 45 67") {
		t.Fatalf("handoff reply = %+v", r)
	}
	hs, _ := db.FindHandoffs(context.Background(), loket.HandoffFilter{Channel: loket.ChannelChat})
	if len(hs) != 1 {
		t.Fatalf("%d handoffs", len(hs))
	}
	h := hs[0]
	if h.Question != "Mijn wifi valt steeds weg in de slaapkamer" || h.Reason != loket.ReasonAskedPerson || len(h.Transcript) != 3 ||
		h.External != r.ConversationID || len(h.Offered) == 0 || h.Offered[0].URL == "" {
		t.Errorf("handoff = %+v", h)
	}
	// Asking again does not make a second handoff.
	r = chat(t, bot, r.ConversationID, "medewerker!!")
	if !strings.Contains(r.Text, "ligt al bij een medewerker") {
		t.Errorf("second ask: %q", r.Text)
	}
	if hs, _ := db.FindHandoffs(context.Background(), loket.HandoffFilter{}); len(hs) != 1 {
		t.Errorf("%d handoffs after asking twice", len(hs))
	}
	// Contact details reach the handoff.
	text, err := bot.LeaveContact(context.Background(), assistant.ContactRequest{ConversationID: r.ConversationID, Contact: loket.Contact{Email: "jan@example.nl"}})
	if err != nil || !strings.Contains(text, "jan@example.nl") {
		t.Errorf("leave contact: %q %v", text, err)
	}
	if h, _ := db.FindHandoff(context.Background(), h.ID); h.Contact.Email != "jan@example.nl" {
		t.Errorf("contact not stored: %+v", h.Contact)
	}
	for _, bad := range []loket.Contact{{}, {Email: "jan@"}, {Phone: "bel me"}} {
		if _, err := bot.LeaveContact(context.Background(), assistant.ContactRequest{ConversationID: r.ConversationID, Contact: bad}); loket.ErrorCode(err) != loket.EINVALID {
			t.Errorf("contact %+v: %v", bad, err)
		}
	}
}

func TestHandoffAfterTwoDeclines(t *testing.T) {
	bot, db, clk := newBot(t, nil)
	// Sunday: closed. The customer is told when people answer again.
	clk.Set(time.Date(2026, 11, 29, 12, 0, 0, 0, clk.Now().Location()))
	r := chat(t, bot, "", "Wie won het WK voetbal in 1974?")
	if r.Handoff != nil || r.Answer == nil || !r.Answer.Declined || !strings.Contains(r.Text, "medewerker") {
		t.Fatalf("first decline = %+v", r)
	}
	r = chat(t, bot, r.ConversationID, "Wat is de hoofdstad van Australië?")
	if r.Handoff == nil || r.Handoff.Open || !strings.Contains(r.Text, "morgen om 08:00") {
		t.Fatalf("second decline = %+v", r)
	}
	hs, _ := db.FindHandoffs(context.Background(), loket.HandoffFilter{})
	if len(hs) != 1 || hs[0].Reason != loket.ReasonNotAnswered || len(hs[0].Transcript) != 3 {
		t.Errorf("handoffs = %+v", hs)
	}
}

func TestYesAfterOffer(t *testing.T) {
	bot, db, _ := newBot(t, nil)
	r := chat(t, bot, "", "Hoe laat begint de voetbalwedstrijd?")
	if !r.Answer.Declined {
		t.Fatal("not declined")
	}
	r = chat(t, bot, r.ConversationID, "ja graag")
	if r.Handoff == nil {
		t.Fatalf("'ja graag' after the offer did not hand off: %q", r.Text)
	}
	if hs, _ := db.FindHandoffs(context.Background(), loket.HandoffFilter{}); len(hs) != 1 {
		t.Errorf("%d handoffs", len(hs))
	}
	// "ja" without an offer is just a message.
	bot2, _, _ := newBot(t, nil)
	if r := chat(t, bot2, "", "ja"); r.Handoff != nil {
		t.Error("'ja' out of the blue handed off")
	}
}

func TestSweep(t *testing.T) {
	bot, db, clk := newBot(t, nil)
	r := chat(t, bot, "", "Hoe geef ik mijn meterstand door?")
	clk.Set(clk.Now().Add(10 * time.Minute))
	if n, err := bot.Sweep(context.Background(), 30*time.Minute); err != nil || n != 0 {
		t.Fatalf("sweep after 10 minutes: %d %v", n, err)
	}
	clk.Set(clk.Now().Add(time.Hour))
	if n, _ := bot.Sweep(context.Background(), 30*time.Minute); n != 1 {
		t.Errorf("sweep after an hour: %d", n)
	}
	if conv, _ := db.FindConversation(context.Background(), r.ConversationID); conv.Outcome != loket.OutcomeAbandoned {
		t.Errorf("outcome = %q", conv.Outcome)
	}
	events, _ := db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventOutcome})
	if len(events) != 1 || events[0].Data["outcome"] != "abandoned" {
		t.Errorf("outcome events = %+v", events)
	}
}
