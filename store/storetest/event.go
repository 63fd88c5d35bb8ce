package storetest

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/loket/loket"
)

// base is the time the event tests start from, with microsecond precision.
var base = time.Date(2025, time.March, 1, 9, 0, 0, 123456000, time.UTC)

// cet is a zone other than UTC, to check that stores compare instants.
var cet = time.FixedZone("CET", 60*60)

// EventStore runs the conformance suite for loket.EventStore. open must
// return a new, empty store on every call.
func EventStore(t *testing.T, open func(tb testing.TB) loket.EventStore) {
	tests := []struct {
		name string
		test func(t *testing.T, s loket.EventStore)
	}{
		{"RecordAndFind", testRecordAndFind},
		{"AssignsID", testAssignsID},
		{"AssignsTime", testAssignsTime},
		{"KeepsTime", testKeepsTime},
		{"Empty", testEmpty},
		{"Filter", testFilter},
		{"Order", testOrder},
		{"Limit", testLimit},
		{"Data", testData},
		{"Invalid", testInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

func testRecordAndFind(t *testing.T, s loket.EventStore) {
	e := &loket.Event{
		Time:      base.In(cet),
		Type:      loket.EventSearch,
		Channel:   loket.ChannelWeb,
		Locale:    "nl-BE",
		Session:   "visitor-1",
		Query:     "internet storing",
		ArticleID: "internet/storing",
		Results:   3,
		Data:      map[string]string{"source": "home"},
	}
	recordEvent(t, s, e)
	got := findEvents(t, s, loket.EventFilter{})
	if len(got) != 1 {
		t.Fatalf("FindEvents returned %d events, want 1", len(got))
	}
	checkEvent(t, got[0], e)
	if loc := got[0].Time.Location(); loc != time.UTC {
		t.Errorf("FindEvents returned time in %v, want UTC", loc)
	}
}

func testAssignsID(t *testing.T, s loket.EventStore) {
	var recorded []int64
	for i := range 3 {
		e := &loket.Event{Time: base.Add(time.Duration(i) * time.Second), Type: loket.EventView}
		recordEvent(t, s, e)
		if e.ID == 0 {
			t.Fatalf("event %d: RecordEvent left ID zero", i)
		}
		if n := len(recorded); n > 0 && e.ID <= recorded[n-1] {
			t.Errorf("event %d: ID %d not above previous ID %d", i, e.ID, recorded[n-1])
		}
		recorded = append(recorded, e.ID)
	}
	if found := eventIDs(findEvents(t, s, loket.EventFilter{})); !slices.Equal(found, recorded) {
		t.Errorf("FindEvents IDs = %v, want %v", found, recorded)
	}
}

func testAssignsTime(t *testing.T, s loket.EventStore) {
	// Allow for a store whose clock is not quite the test's.
	const slack = 5 * time.Second
	before := time.Now()
	e := &loket.Event{Type: loket.EventView}
	recordEvent(t, s, e)
	after := time.Now()
	if e.Time.IsZero() {
		t.Fatal("RecordEvent left Time zero")
	}
	if e.Time.Before(before.Add(-slack)) || e.Time.After(after.Add(slack)) {
		t.Errorf("RecordEvent set Time %v, want between %v and %v", e.Time, before, after)
	}
	got := findEvents(t, s, loket.EventFilter{})
	if len(got) != 1 {
		t.Fatalf("FindEvents returned %d events, want 1", len(got))
	}
	if !got[0].Time.Equal(e.Time) {
		t.Errorf("FindEvents Time = %v, want the recorded %v", got[0].Time, e.Time)
	}
}

func testKeepsTime(t *testing.T, s loket.EventStore) {
	e := &loket.Event{Time: base.In(cet), Type: loket.EventView}
	recordEvent(t, s, e)
	if !e.Time.Equal(base) {
		t.Errorf("RecordEvent changed Time to %v, want %v", e.Time, base)
	}
	got := findEvents(t, s, loket.EventFilter{})
	if len(got) != 1 {
		t.Fatalf("FindEvents returned %d events, want 1", len(got))
	}
	if !got[0].Time.Equal(base) {
		t.Errorf("FindEvents Time = %v, want %v", got[0].Time, base)
	}
}

func testEmpty(t *testing.T, s loket.EventStore) {
	if got := findEvents(t, s, loket.EventFilter{}); len(got) != 0 {
		t.Errorf("FindEvents on an empty store returned %d events", len(got))
	}
}

func testFilter(t *testing.T, s loket.EventStore) {
	minute := func(n int) time.Time { return base.Add(time.Duration(n) * time.Minute) }
	events := []*loket.Event{
		{Time: minute(0), Type: loket.EventSearch, Channel: loket.ChannelWeb, Session: "s1"},
		{Time: minute(1), Type: loket.EventView, Channel: loket.ChannelWeb, Session: "s1"},
		{Time: minute(2), Type: loket.EventSearch, Channel: loket.ChannelChat, Session: "s2"},
		{Time: minute(3), Type: loket.EventAnswer, Channel: loket.ChannelChat, Session: "s2"},
		{Time: minute(4), Type: loket.EventSearch, Channel: loket.ChannelVoice, Session: "s3"},
		{Time: minute(5), Type: loket.EventHandoff, Channel: loket.ChannelVoice, Session: "s3"},
	}
	for _, e := range events {
		recordEvent(t, s, e)
	}
	tests := []struct {
		name   string
		filter loket.EventFilter
		want   []int // indexes into events
	}{
		{"Zero", loket.EventFilter{}, []int{0, 1, 2, 3, 4, 5}},
		{"Type", loket.EventFilter{Type: loket.EventSearch}, []int{0, 2, 4}},
		{"Channel", loket.EventFilter{Channel: loket.ChannelChat}, []int{2, 3}},
		{"Session", loket.EventFilter{Session: "s3"}, []int{4, 5}},
		{"SinceInclusive", loket.EventFilter{Since: minute(2)}, []int{2, 3, 4, 5}},
		{"UntilExclusive", loket.EventFilter{Until: minute(2)}, []int{0, 1}},
		{"SinceUntil", loket.EventFilter{Since: minute(1), Until: minute(4)}, []int{1, 2, 3}},
		{"SinceUntilOtherZone", loket.EventFilter{Since: minute(1).In(cet), Until: minute(4).In(cet)}, []int{1, 2, 3}},
		{"SinceBetween", loket.EventFilter{Since: minute(2).Add(-time.Microsecond)}, []int{2, 3, 4, 5}},
		{"TypeChannel", loket.EventFilter{Type: loket.EventSearch, Channel: loket.ChannelChat}, []int{2}},
		{"SessionSince", loket.EventFilter{Session: "s2", Since: minute(3)}, []int{3}},
		{"All", loket.EventFilter{Type: loket.EventSearch, Channel: loket.ChannelVoice, Session: "s3",
			Since: minute(0), Until: minute(5), Limit: 5}, []int{4}},
		{"NoMatch", loket.EventFilter{Type: loket.EventFeedback}, nil},
		{"EmptyRange", loket.EventFilter{Since: minute(3), Until: minute(3)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []int64
			for _, i := range tt.want {
				want = append(want, events[i].ID)
			}
			if got := eventIDs(findEvents(t, s, tt.filter)); !slices.Equal(got, want) {
				t.Errorf("FindEvents(%+v) IDs = %v, want %v", tt.filter, got, want)
			}
		})
	}
}

func testOrder(t *testing.T, s loket.EventStore) {
	// Recorded out of time order, with two events at the same time.
	offsets := []time.Duration{2 * time.Minute, 0, time.Minute, 0}
	events := make([]*loket.Event, len(offsets))
	for i, d := range offsets {
		events[i] = &loket.Event{Time: base.Add(d), Type: loket.EventView}
		recordEvent(t, s, events[i])
	}
	want := eventIDs([]*loket.Event{events[1], events[3], events[2], events[0]})
	if got := eventIDs(findEvents(t, s, loket.EventFilter{})); !slices.Equal(got, want) {
		t.Errorf("FindEvents IDs = %v, want oldest first %v", got, want)
	}
}

func testLimit(t *testing.T, s loket.EventStore) {
	types := []loket.EventType{loket.EventSearch, loket.EventView, loket.EventSearch, loket.EventView, loket.EventSearch}
	offsets := []int{4, 2, 0, 3, 1} // minutes, so that the oldest were not recorded first
	events := make([]*loket.Event, len(types))
	for i := range types {
		events[i] = &loket.Event{Time: base.Add(time.Duration(offsets[i]) * time.Minute), Type: types[i]}
		recordEvent(t, s, events[i])
	}
	tests := []struct {
		name   string
		filter loket.EventFilter
		want   []*loket.Event
	}{
		{"Oldest", loket.EventFilter{Limit: 2}, []*loket.Event{events[2], events[4]}},
		{"One", loket.EventFilter{Limit: 1}, []*loket.Event{events[2]}},
		{"AboveCount", loket.EventFilter{Limit: 10}, []*loket.Event{events[2], events[4], events[1], events[3], events[0]}},
		{"WithType", loket.EventFilter{Type: loket.EventView, Limit: 1}, []*loket.Event{events[1]}},
		{"WithSince", loket.EventFilter{Since: base.Add(2 * time.Minute), Limit: 2}, []*loket.Event{events[1], events[3]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := eventIDs(tt.want)
			if got := eventIDs(findEvents(t, s, tt.filter)); !slices.Equal(got, want) {
				t.Errorf("FindEvents(%+v) IDs = %v, want %v", tt.filter, got, want)
			}
		})
	}
	t.Run("Negative", func(t *testing.T) {
		_, err := s.FindEvents(t.Context(), loket.EventFilter{Limit: -1})
		if code := loket.ErrorCode(err); code != loket.EINVALID {
			t.Errorf("FindEvents with Limit -1: error %v (code %q), want %q", err, code, loket.EINVALID)
		}
	})
}

func testData(t *testing.T, s loket.EventStore) {
	tests := []struct {
		name string
		data map[string]string
	}{
		{"Nil", nil},
		{"Empty", map[string]string{}},
		{"One", map[string]string{"helpful": "yes"}},
		{"Awkward", map[string]string{
			"":        "empty key",
			"empty":   "",
			"quote":   `say "hi" \ there`,
			"unicode": "één ☎ 🙂",
			"lines":   "a\nb\tc",
			"json":    `{"a":[1,2]}`,
			"null":    "null",
			"sql":     "'); DROP TABLE events; --",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &loket.Event{Time: base, Type: loket.EventVote, Session: tt.name, Data: tt.data}
			recordEvent(t, s, e)
			got := findEvents(t, s, loket.EventFilter{Session: tt.name})
			if len(got) != 1 {
				t.Fatalf("FindEvents returned %d events, want 1", len(got))
			}
			if !maps.Equal(got[0].Data, tt.data) {
				t.Errorf("Data = %#v, want %#v", got[0].Data, tt.data)
			}
		})
	}
}

func testInvalid(t *testing.T, s loket.EventStore) {
	e := &loket.Event{Time: base, Channel: loket.ChannelWeb, Query: "no type"}
	err := s.RecordEvent(t.Context(), e)
	if code := loket.ErrorCode(err); code != loket.EINVALID {
		t.Errorf("RecordEvent without Type: error %v (code %q), want %q", err, code, loket.EINVALID)
	}
	if e.ID != 0 {
		t.Errorf("RecordEvent without Type set ID %d", e.ID)
	}
	err = s.RecordEvent(t.Context(), nil)
	if code := loket.ErrorCode(err); code != loket.EINVALID {
		t.Errorf("RecordEvent(nil): error %v (code %q), want %q", err, code, loket.EINVALID)
	}
	if got := findEvents(t, s, loket.EventFilter{}); len(got) != 0 {
		t.Errorf("invalid events were stored: %d found", len(got))
	}
}

// recordEvent records e and fails the test on error.
func recordEvent(tb testing.TB, s loket.EventStore, e *loket.Event) {
	tb.Helper()
	if err := s.RecordEvent(tb.Context(), e); err != nil {
		tb.Fatalf("RecordEvent: %v", err)
	}
}

// findEvents finds events and fails the test on error.
func findEvents(tb testing.TB, s loket.EventStore, f loket.EventFilter) []*loket.Event {
	tb.Helper()
	events, err := s.FindEvents(tb.Context(), f)
	if err != nil {
		tb.Fatalf("FindEvents(%+v): %v", f, err)
	}
	return events
}

// checkEvent reports the fields in which got differs from want. Times
// compare as instants and empty Data equals nil Data.
func checkEvent(tb testing.TB, got, want *loket.Event) {
	tb.Helper()
	fields := []struct {
		name      string
		got, want any
	}{
		{"ID", got.ID, want.ID},
		{"Type", got.Type, want.Type},
		{"Channel", got.Channel, want.Channel},
		{"Locale", got.Locale, want.Locale},
		{"Session", got.Session, want.Session},
		{"Query", got.Query, want.Query},
		{"ArticleID", got.ArticleID, want.ArticleID},
		{"Results", got.Results, want.Results},
	}
	for _, f := range fields {
		if f.got != f.want {
			tb.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
	if !got.Time.Equal(want.Time) {
		tb.Errorf("Time = %v, want %v", got.Time, want.Time)
	}
	if !maps.Equal(got.Data, want.Data) {
		tb.Errorf("Data = %v, want %v", got.Data, want.Data)
	}
}

// eventIDs returns the IDs of events in order.
func eventIDs(events []*loket.Event) []int64 {
	ids := make([]int64, 0, len(events))
	for _, e := range events {
		ids = append(ids, e.ID)
	}
	return ids
}
