package loket_test

import (
	"testing"
	"time"

	"github.com/loket/loket"
)

func TestOpeningHours(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	var h loket.OpeningHours
	h.Location = ams
	for d := time.Monday; d <= time.Friday; d++ {
		h.Week[d] = []loket.TimeSpan{{From: 8 * 60, To: 20 * 60}}
	}
	h.Week[time.Saturday] = []loket.TimeSpan{{From: 9 * 60, To: 17 * 60}}
	h.Closed = map[string]bool{"2026-12-25": true}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		when string
		open bool
		next string
	}{
		{"2026-11-24 09:00", true, "2026-11-24 09:00"},  // Tuesday
		{"2026-11-24 07:59", false, "2026-11-24 08:00"}, // before opening
		{"2026-11-24 20:00", false, "2026-11-25 08:00"}, // closing time is closed
		{"2026-11-28 16:59", true, "2026-11-28 16:59"},  // Saturday
		{"2026-11-29 12:00", false, "2026-11-30 08:00"}, // Sunday
		{"2026-12-25 10:00", false, "2026-12-26 09:00"}, // Christmas, a Friday
	}
	for _, tt := range tests {
		if got := h.Open(at(tt.when)); got != tt.open {
			t.Errorf("Open(%s) = %v", tt.when, got)
		}
		if got := h.NextOpen(at(tt.when)); !got.Equal(at(tt.next)) {
			t.Errorf("NextOpen(%s) = %v, want %s", tt.when, got, tt.next)
		}
	}
	// UTC input is read in the hours' time zone: 07:30 UTC is 08:30 in Amsterdam.
	if !h.Open(time.Date(2026, 11, 24, 7, 30, 0, 0, time.UTC)) {
		t.Error("time zone not applied")
	}
	var unknown loket.OpeningHours
	if !unknown.Open(time.Now()) || !unknown.NextOpen(time.Now()).IsZero() {
		t.Error("unknown hours must count as open, with no next opening")
	}
	if s := (loket.TimeSpan{From: 8 * 60, To: 20*60 + 30}).String(); s != "08:00-20:30" {
		t.Errorf("TimeSpan.String = %s", s)
	}
}
