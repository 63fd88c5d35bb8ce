package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
)

// Feedback is what a store must implement for votes and view counts, and
// the event log they are read from.
type Feedback interface {
	loket.FeedbackStore
	loket.ViewCounter
	loket.EventStore
}

// FeedbackStore runs the conformance suite for loket.FeedbackStore and
// loket.ViewCounter. open must return a new, empty store on every call.
func FeedbackStore(t *testing.T, open func(tb testing.TB) Feedback) {
	t.Run("Votes", func(t *testing.T) { testVotes(t, open(t)) })
	t.Run("InvalidVotes", func(t *testing.T) { testInvalidVotes(t, open(t)) })
	t.Run("MostViewed", func(t *testing.T) { testMostViewed(t, open(t)) })
}

func testVotes(t *testing.T, s Feedback) {
	ctx := context.Background()
	for _, v := range []*loket.Vote{
		{Locale: "nl", ArticleID: "a", Helpful: true},
		{Locale: "nl", ArticleID: "a", Helpful: false, Comment: "Mijn modem staat er niet bij."},
		{Locale: "nl", ArticleID: "a", Helpful: true},
		{Locale: "en", ArticleID: "a", Helpful: false},
		{Locale: "nl", ArticleID: "b", Helpful: false},
	} {
		v.Channel, v.Session = loket.ChannelWeb, "s"
		if err := s.CreateVote(ctx, v); err != nil {
			t.Fatal(err)
		}
		if v.ID == 0 || v.Time.IsZero() {
			t.Errorf("CreateVote did not set ID and Time: %+v", v)
		}
	}
	c, err := s.CountVotes(ctx, "nl", "a")
	if err != nil || c != (loket.VoteCount{Yes: 2, No: 1}) {
		t.Errorf("CountVotes(nl, a) = %+v, %v", c, err)
	}
	if c, _ := s.CountVotes(ctx, "nl", "none"); c != (loket.VoteCount{}) {
		t.Errorf("CountVotes(none) = %+v", c)
	}
	events, err := s.FindEvents(ctx, loket.EventFilter{Type: loket.EventVote})
	if err != nil || len(events) != 5 {
		t.Fatalf("vote events: %d, %v", len(events), err)
	}
	if e := events[1]; e.Data["helpful"] != "no" || e.Data["comment"] != "Mijn modem staat er niet bij." || e.ArticleID != "a" {
		t.Errorf("vote event = %+v", e)
	}
}

func testInvalidVotes(t *testing.T, s Feedback) {
	ctx := context.Background()
	if err := s.CreateVote(ctx, &loket.Vote{Locale: "nl"}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("vote without article: %v", err)
	}
	long := strings.Repeat("é", loket.MaxCommentLength+1)
	if err := s.CreateVote(ctx, &loket.Vote{Locale: "nl", ArticleID: "a", Comment: long}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("overlong comment: %v", err)
	}
	if err := s.CreateVote(ctx, &loket.Vote{Locale: "nl", ArticleID: "a", Comment: long[:2*loket.MaxCommentLength]}); err != nil {
		t.Errorf("a comment of exactly the limit: %v", err)
	}
}

func testMostViewed(t *testing.T, s Feedback) {
	ctx := context.Background()
	view := func(locale loket.Locale, id string, at time.Time) {
		if err := s.RecordEvent(ctx, &loket.Event{Type: loket.EventView, Locale: locale, ArticleID: id, Time: at}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	for i := 0; i < 3; i++ {
		view("nl", "b", now)
	}
	view("nl", "a", now)
	view("nl", "a", now)
	view("nl", "c", now)
	view("en", "c", now)
	view("en", "c", now)
	view("nl", "old", now.Add(-40*24*time.Hour))
	got, err := s.MostViewed(ctx, "nl", now.Add(-30*24*time.Hour), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (loket.ArticleViews{ArticleID: "b", Views: 3}) || got[1] != (loket.ArticleViews{ArticleID: "a", Views: 2}) {
		t.Errorf("MostViewed = %+v", got)
	}
}
