package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/loket/loket"
)

// CallStore runs the conformance suite for loket.CallStore. open must return
// a new, empty store on every call.
func CallStore(t *testing.T, open func(tb testing.TB) loket.CallStore) {
	t.Run("RoundTrip", func(t *testing.T) { testCallRoundTrip(t, open(t)) })
	t.Run("StaleVersion", func(t *testing.T) { testCallStale(t, open(t)) })
	t.Run("ConcurrentUpdates", func(t *testing.T) { testCallRace(t, open(t)) })
}

func testCallRoundTrip(t *testing.T, s loket.CallStore) {
	ctx := context.Background()
	c := &loket.Call{ID: "CA1", From: "+31612345678", To: "+31881234567", Locale: "nl", State: []byte(`{"state":"listen"}`)}
	if err := s.CreateCall(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.Version != 1 || c.CreatedAt.IsZero() || c.UpdatedAt.IsZero() {
		t.Errorf("after create: version %d, created %v, updated %v", c.Version, c.CreatedAt, c.UpdatedAt)
	}
	if err := s.CreateCall(ctx, &loket.Call{ID: "CA1"}); loket.ErrorCode(err) != loket.ECONFLICT {
		t.Errorf("duplicate id: %v", err)
	}
	if err := s.CreateCall(ctx, &loket.Call{}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("no id: %v", err)
	}
	got, err := s.FindCall(ctx, "CA1")
	if err != nil {
		t.Fatal(err)
	}
	if got.From != c.From || got.To != c.To || got.Locale != "nl" || string(got.State) != `{"state":"listen"}` || got.Version != 1 ||
		got.Outcome != loket.OutcomeOpen || got.HandoffID != 0 || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("found %+v, created %+v", got, c)
	}
	h := &loket.Handoff{Channel: loket.ChannelVoice, Locale: "nl", Question: "storing", External: "CA1"}
	if err := s.(loket.HandoffStore).CreateHandoff(ctx, h); err != nil {
		t.Fatal(err)
	}
	got.Locale, got.State, got.Outcome, got.HandoffID = "en", []byte(`{"state":"queue"}`), loket.OutcomeHandedOff, h.ID
	if err := s.UpdateCall(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version after update: %d", got.Version)
	}
	again, err := s.FindCall(ctx, "CA1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Locale != "en" || string(again.State) != `{"state":"queue"}` || again.Outcome != loket.OutcomeHandedOff ||
		again.HandoffID != h.ID || again.Version != 2 || again.From != c.From {
		t.Errorf("after update: %+v", again)
	}
	if _, err := s.FindCall(ctx, "CA2"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown call: %v", err)
	}
	if err := s.UpdateCall(ctx, &loket.Call{ID: "CA2", Version: 1}); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("update unknown call: %v", err)
	}
}

func testCallStale(t *testing.T, s loket.CallStore) {
	ctx := context.Background()
	if err := s.CreateCall(ctx, &loket.Call{ID: "CA1"}); err != nil {
		t.Fatal(err)
	}
	a, _ := s.FindCall(ctx, "CA1")
	b, _ := s.FindCall(ctx, "CA1")
	a.State = []byte("a")
	if err := s.UpdateCall(ctx, a); err != nil {
		t.Fatal(err)
	}
	b.State = []byte("b")
	if err := s.UpdateCall(ctx, b); loket.ErrorCode(err) != loket.ECONFLICT {
		t.Fatalf("stale update: %v", err)
	}
	got, _ := s.FindCall(ctx, "CA1")
	if string(got.State) != "a" || got.Version != 2 {
		t.Errorf("the stale update changed the call: %+v", got)
	}
}

// testCallRace updates one version of a call from many goroutines at once:
// exactly one save wins.
func testCallRace(t *testing.T, s loket.CallStore) {
	ctx := context.Background()
	if err := s.CreateCall(ctx, &loket.Call{ID: "CA1"}); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &loket.Call{ID: "CA1", Version: 1, State: []byte{byte('a' + i)}}
			err := s.UpdateCall(ctx, c)
			if err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			} else if loket.ErrorCode(err) != loket.ECONFLICT {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d concurrent saves of one version won, want 1", wins)
	}
}
