package sqlite

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/store/storetest"
)

func TestEventStore(t *testing.T) {
	storetest.EventStore(t, func(tb testing.TB) loket.EventStore { return openTest(tb) })
}

func TestRecordEventUsesClock(t *testing.T) {
	db := openTest(t)
	now := time.Date(2025, time.June, 2, 14, 30, 0, 123456789, time.FixedZone("CEST", 2*60*60))
	db.Now = func() time.Time { return now }
	e := &loket.Event{Type: loket.EventView}
	if err := db.RecordEvent(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	if !e.Time.Equal(now) || e.Time.Location() != time.UTC {
		t.Errorf("Time = %v, want %v in UTC", e.Time, now)
	}
	got, err := db.FindEvents(t.Context(), loket.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// SQLite keeps nanoseconds.
	if len(got) != 1 || got[0].Time != e.Time {
		t.Fatalf("FindEvents = %+v, want one event at exactly %v", got, e.Time)
	}
	if got[0].Data != nil {
		t.Errorf("Data = %#v, want nil for an event recorded without data", got[0].Data)
	}
}

func TestRecordEventRefusesTimeOutOfRange(t *testing.T) {
	db := openTest(t)
	for _, tm := range []time.Time{
		time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, time.December, 31, 0, 0, 0, 0, time.UTC),
	} {
		err := db.RecordEvent(t.Context(), &loket.Event{Type: loket.EventView, Time: tm})
		if code := loket.ErrorCode(err); code != loket.EINVALID {
			t.Errorf("RecordEvent at %v: error %v (code %q), want %q", tm, err, code, loket.EINVALID)
		}
	}
}

func TestEventsStorage(t *testing.T) {
	db := openTest(t)
	at := time.Date(2025, time.March, 1, 23, 30, 0, 500000000, time.FixedZone("CET", 60*60))
	e := &loket.Event{Time: at, Type: loket.EventSearch, Data: map[string]string{"b": "2", "a": "1"}}
	if err := db.RecordEvent(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	var stored, day, data string
	err := db.db.QueryRowContext(t.Context(),
		"SELECT time, date(time), data FROM events WHERE id = ?", e.ID).Scan(&stored, &day, &data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2025-03-01T22:30:00.500000000Z"; stored != want {
		t.Errorf("stored time = %q, want %q", stored, want)
	}
	if day != "2025-03-01" {
		t.Errorf("date(time) = %q, want 2025-03-01", day)
	}
	if want := `{"a":"1","b":"2"}`; data != want {
		t.Errorf("stored data = %q, want %q", data, want)
	}
	for _, bad := range []string{"[]", "not json", `"text"`} {
		_, err := db.db.ExecContext(t.Context(),
			"INSERT INTO events (time, type, data) VALUES ('2025-03-01T00:00:00.000000000Z', 'view', ?)", bad)
		if err == nil {
			t.Errorf("events accepted data %q", bad)
		}
	}
}

func TestEventsAppendOnly(t *testing.T) {
	db := openTest(t)
	e := &loket.Event{Type: loket.EventSearch, Query: "original"}
	if err := db.RecordEvent(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE events SET query = 'changed'",
		"DELETE FROM events",
		"INSERT OR REPLACE INTO events (id, time, type) VALUES (" + fmt.Sprint(e.ID) + ", '2025-01-01T00:00:00.000000000Z', 'view')",
	} {
		_, err := db.db.ExecContext(t.Context(), stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: error %v, want append-only", stmt, err)
		}
	}
	got, err := db.FindEvents(t.Context(), loket.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Query != "original" || got[0].Type != loket.EventSearch {
		t.Errorf("events after refused changes = %+v, want the original event", got)
	}
}

func TestRecordEventConcurrent(t *testing.T) {
	const writers, perWriter = 8, 50
	db := openTest(t)
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				e := &loket.Event{
					Type:    loket.EventSearch,
					Session: fmt.Sprintf("writer-%d", w),
					Query:   fmt.Sprintf("query %d", i),
				}
				if err := db.RecordEvent(t.Context(), e); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("RecordEvent: %v", err)
	}
	got, err := db.FindEvents(t.Context(), loket.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make(map[int64]bool)
	for _, e := range got {
		ids[e.ID] = true
	}
	if len(got) != writers*perWriter || len(ids) != writers*perWriter {
		t.Errorf("found %d events with %d distinct IDs, want %d", len(got), len(ids), writers*perWriter)
	}
}

// TestRecordEventGroupCommit records from many goroutines at once, as busy
// request handlers do: every event is written once, with its own id, and
// is readable when RecordEvent returns. Events recorded before Close are
// written; after it, RecordEvent fails without writing.
func TestRecordEventGroupCommit(t *testing.T) {
	db := openTest(t)
	const writers, each = 32, 40
	var wg sync.WaitGroup
	ids := make(chan int64, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				e := &loket.Event{Type: loket.EventSearch, Session: fmt.Sprintf("w%d-%d", w, i)}
				if err := db.RecordEvent(t.Context(), e); err != nil {
					t.Error(err)
					return
				}
				got, err := db.FindEvents(t.Context(), loket.EventFilter{Session: e.Session})
				if err != nil || len(got) != 1 || got[0].ID != e.ID {
					t.Errorf("event %q (id %d) read back as %+v, %v", e.Session, e.ID, got, err)
				}
				ids <- e.ID
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		if id == 0 || seen[id] {
			t.Fatalf("id %d given twice or zero", id)
		}
		seen[id] = true
	}
	all, err := db.FindEvents(t.Context(), loket.EventFilter{})
	if err != nil || len(all) != writers*each {
		t.Fatalf("%d events stored (%v), want %d", len(all), err, writers*each)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	err = db.RecordEvent(t.Context(), &loket.Event{Type: loket.EventView})
	if loket.ErrorCode(err) != loket.EUNAVAILABLE {
		t.Fatalf("RecordEvent after Close: %v, want EUNAVAILABLE", err)
	}
}
