package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/loket/loket"
)

// Conversations is what a store must implement for the bot's conversations.
type Conversations interface {
	loket.ConversationStore
	loket.HandoffStore
}

// ConversationStore runs the conformance suite for loket.ConversationStore
// and HandoffStore.SetHandoffContact. open must return a new, empty store
// on every call.
func ConversationStore(t *testing.T, open func(tb testing.TB) Conversations) {
	t.Run("RoundTrip", func(t *testing.T) { testConversationRoundTrip(t, open(t)) })
	t.Run("Abandon", func(t *testing.T) { testAbandon(t, open(t)) })
	t.Run("HandoffContact", func(t *testing.T) { testHandoffContact(t, open(t)) })
	t.Run("HandoffTurns", func(t *testing.T) { testHandoffTurns(t, open(t)) })
}

func testConversationRoundTrip(t *testing.T, s Conversations) {
	ctx := context.Background()
	c := &loket.Conversation{ID: "c1", Channel: loket.ChannelChat, Locale: "nl",
		Turns: []loket.Turn{{Role: "customer", Text: "Mijn wifi is traag", Time: base}}}
	if err := s.CreateConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.CreatedAt.IsZero() || c.UpdatedAt.IsZero() {
		t.Error("times not set")
	}
	if err := s.CreateConversation(ctx, &loket.Conversation{ID: "c1"}); loket.ErrorCode(err) != loket.ECONFLICT {
		t.Errorf("duplicate id: %v", err)
	}
	if err := s.CreateConversation(ctx, &loket.Conversation{}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("no id: %v", err)
	}
	h := &loket.Handoff{Channel: loket.ChannelChat, External: "c1"}
	if err := s.CreateHandoff(ctx, h); err != nil {
		t.Fatal(err)
	}
	c.Turns = append(c.Turns, loket.Turn{Role: "bot", Text: "Zet je modem dichter bij [1].", Time: base.Add(time.Second)})
	c.Outcome, c.Declines, c.HandoffID = loket.OutcomeHandedOff, 2, h.ID
	if err := s.UpdateConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindConversation(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Turns) != 2 || got.Turns[1].Text != c.Turns[1].Text || !got.Turns[0].Time.Equal(base) || got.Outcome != loket.OutcomeHandedOff ||
		got.Declines != 2 || got.HandoffID != h.ID || got.Locale != "nl" || got.Channel != loket.ChannelChat {
		t.Errorf("FindConversation = %+v", got)
	}
	if _, err := s.FindConversation(ctx, "nope"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("missing: %v", err)
	}
	if err := s.UpdateConversation(ctx, &loket.Conversation{ID: "nope"}); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("update missing: %v", err)
	}
}

func testAbandon(t *testing.T, s Conversations) {
	ctx := context.Background()
	for _, id := range []string{"old", "done"} {
		if err := s.CreateConversation(ctx, &loket.Conversation{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	done, _ := s.FindConversation(ctx, "done")
	done.Outcome = loket.OutcomeResolved
	if err := s.UpdateConversation(ctx, done); err != nil {
		t.Fatal(err)
	}
	got, err := s.AbandonConversations(ctx, time.Now().Add(time.Minute))
	if err != nil || len(got) != 1 || got[0].ID != "old" || got[0].Outcome != loket.OutcomeAbandoned {
		t.Errorf("AbandonConversations = %+v, %v; want old only (the resolved one stays)", got, err)
	}
	if c, _ := s.FindConversation(ctx, "old"); c.Outcome != loket.OutcomeAbandoned {
		t.Errorf("outcome = %q", c.Outcome)
	}
	if got, _ := s.AbandonConversations(ctx, time.Now().Add(-time.Hour)); len(got) != 0 {
		t.Errorf("recent conversations abandoned: %d", len(got))
	}
}

func testHandoffContact(t *testing.T, s Conversations) {
	ctx := context.Background()
	h := &loket.Handoff{Channel: loket.ChannelChat}
	if err := s.CreateHandoff(ctx, h); err != nil {
		t.Fatal(err)
	}
	want := loket.Contact{Name: "Piet", Email: "piet@example.nl", Phone: "+31612345678"}
	if err := s.SetHandoffContact(ctx, h.ID, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindHandoff(ctx, h.ID); got.Contact != want {
		t.Errorf("contact = %+v", got.Contact)
	}
	if err := s.SetHandoffContact(ctx, h.ID+10, want); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("missing handoff: %v", err)
	}
}

func testHandoffTurns(t *testing.T, s Conversations) {
	ctx := context.Background()
	first := loket.Turn{Role: "customer", Text: "Mijn internet doet het niet", Time: base}
	h := &loket.Handoff{Channel: loket.ChannelVoice, Transcript: []loket.Turn{first}}
	if err := s.CreateHandoff(ctx, h); err != nil {
		t.Fatal(err)
	}
	later := []loket.Turn{{Role: "bot", Text: "De beller wil worden teruggebeld.", Time: base.Add(time.Minute)},
		{Role: "bot", Text: "De beller hing op.", Time: base.Add(2 * time.Minute)}}
	if err := s.AddHandoffTurns(ctx, h.ID, later[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.AddHandoffTurns(ctx, h.ID, later[1]); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindHandoff(ctx, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]loket.Turn{first}, later...)
	if len(got.Transcript) != len(want) {
		t.Fatalf("transcript %+v, want %+v", got.Transcript, want)
	}
	for i := range want {
		if got.Transcript[i].Text != want[i].Text || !got.Transcript[i].Time.Equal(want[i].Time) {
			t.Errorf("turn %d: %+v, want %+v", i, got.Transcript[i], want[i])
		}
	}
	if err := s.AddHandoffTurns(ctx, h.ID+100, first); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown handoff: %v", err)
	}
}
