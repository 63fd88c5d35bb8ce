package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/loket/loket"
)

// HandoffStore runs the conformance suite for loket.HandoffStore. open must
// return a new, empty store on every call.
func HandoffStore(t *testing.T, open func(tb testing.TB) loket.HandoffStore) {
	tests := []struct {
		name string
		test func(t *testing.T, s loket.HandoffStore)
	}{
		{"CreateAndFind", testCreateAndFindHandoff},
		{"Queue", testHandoffQueue},
		{"Filter", testHandoffFilter},
		{"External", testHandoffExternal},
		{"Invalid", testHandoffInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

func createHandoff(tb testing.TB, s loket.HandoffStore, h *loket.Handoff) *loket.Handoff {
	tb.Helper()
	if err := s.CreateHandoff(context.Background(), h); err != nil {
		tb.Fatalf("CreateHandoff: %v", err)
	}
	return h
}

func testCreateAndFindHandoff(t *testing.T, s loket.HandoffStore) {
	yes := true
	h := createHandoff(t, s, &loket.Handoff{
		Channel: loket.ChannelChat, Locale: "nl", Question: "Mijn internet doet het niet",
		Transcript: []loket.Turn{
			{Role: "customer", Text: "Mijn internet doet het niet", Time: base},
			{Role: "bot", Text: "Herstart je modem [1].", Time: base.Add(time.Second)},
		},
		Offered: []loket.Offer{{ArticleID: "internet/modem-herstarten", Title: "Modem herstarten", URL: "/nl/articles/internet/modem-herstarten", Helped: &yes}},
		Contact: loket.Contact{Name: "Anna de Vries", Email: "anna@example.nl", Phone: "+31612345678"},
		Reason:  loket.ReasonNotHelped, Team: "technische-dienst", Priority: 1, External: "conv-1", Session: "s-1",
	})
	if h.ID == 0 || h.Status != loket.HandoffWaiting || h.CreatedAt.IsZero() {
		t.Fatalf("CreateHandoff did not set ID, Status and CreatedAt: %+v", h)
	}
	got, err := s.FindHandoff(context.Background(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(h.CreatedAt.Truncate(time.Microsecond)) && !got.CreatedAt.Equal(h.CreatedAt) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, h.CreatedAt)
	}
	got.CreatedAt = h.CreatedAt
	for i := range got.Transcript {
		if !got.Transcript[i].Time.Equal(h.Transcript[i].Time) {
			t.Errorf("turn %d time = %v", i, got.Transcript[i].Time)
		}
		got.Transcript[i].Time = h.Transcript[i].Time
	}
	if !reflect.DeepEqual(got, h) {
		t.Errorf("FindHandoff =\n%+v\nwant\n%+v", got, h)
	}
	if _, err := s.FindHandoff(context.Background(), h.ID+100); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("FindHandoff(missing) = %v, want ENOTFOUND", err)
	}
}

func testHandoffQueue(t *testing.T, s loket.HandoffStore) {
	a := createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelWeb, Question: "a"})
	b := createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelVoice, Question: "b", Priority: 1})
	c := createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelChat, Question: "c"})
	got, err := s.FindHandoffs(context.Background(), loket.HandoffFilter{Status: loket.HandoffWaiting})
	if err != nil {
		t.Fatal(err)
	}
	var order []int64
	for _, h := range got {
		order = append(order, h.ID)
	}
	if want := []int64{b.ID, a.ID, c.ID}; !reflect.DeepEqual(order, want) {
		t.Errorf("queue order = %v, want priority first, then oldest: %v", order, want)
	}
	if got, _ := s.FindHandoffs(context.Background(), loket.HandoffFilter{Limit: 1}); len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("limit 1 = %v", got)
	}
}

func testHandoffFilter(t *testing.T, s loket.HandoffStore) {
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelVoice, Contact: loket.Contact{Phone: "+31201234567"}, External: "CA1"})
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelVoice, Contact: loket.Contact{Phone: "+31207654321"}, External: "CA2"})
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelWeb, Contact: loket.Contact{Phone: "+31201234567"}})
	for _, tt := range []struct {
		f    loket.HandoffFilter
		want int
	}{
		{loket.HandoffFilter{}, 3},
		{loket.HandoffFilter{Channel: loket.ChannelVoice}, 2},
		{loket.HandoffFilter{Phone: "+31201234567"}, 2},
		{loket.HandoffFilter{External: "CA2"}, 1},
		{loket.HandoffFilter{Status: loket.HandoffClosed}, 0},
		{loket.HandoffFilter{Since: time.Now().Add(time.Hour)}, 0},
		{loket.HandoffFilter{Since: time.Now().Add(-time.Hour)}, 3},
	} {
		got, err := s.FindHandoffs(context.Background(), tt.f)
		if err != nil || len(got) != tt.want {
			t.Errorf("FindHandoffs(%+v) = %d, %v; want %d", tt.f, len(got), err, tt.want)
		}
	}
}

func testHandoffExternal(t *testing.T, s loket.HandoffStore) {
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelVoice, External: "CA1"})
	err := s.CreateHandoff(context.Background(), &loket.Handoff{Channel: loket.ChannelVoice, External: "CA1"})
	if loket.ErrorCode(err) != loket.ECONFLICT {
		t.Errorf("duplicate external id: %v, want ECONFLICT", err)
	}
	// The same id on another channel, and empty ids, do not conflict.
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelChat, External: "CA1"})
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelWeb})
	createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelWeb})
}

func testHandoffInvalid(t *testing.T, s loket.HandoffStore) {
	if err := s.CreateHandoff(context.Background(), &loket.Handoff{}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("handoff without channel: %v, want EINVALID", err)
	}
	if err := s.CreateHandoff(context.Background(), nil); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("nil handoff: %v, want EINVALID", err)
	}
	if _, err := s.FindHandoffs(context.Background(), loket.HandoffFilter{Limit: -1}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("negative limit: %v, want EINVALID", err)
	}
}
