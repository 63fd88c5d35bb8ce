package loket

import (
	"fmt"
	"time"
)

// Site is what the customer-facing channels say about the organisation:
// its name and look, and how to reach a person. Editors keep it in the
// content repository (site.yml), so it changes with the content.
type Site struct {
	Name   string // shown in the header and page titles
	Accent string // the accent colour, "#rrggbb"
	Logo   []byte // the logo image, or nil for the name in text
	// LogoType is the media type of Logo: image/svg+xml, image/png,
	// image/jpeg or image/webp.
	LogoType string
	Phone    string // customer service number, as it should be shown and dialled
	Email    string
	Hours    OpeningHours
	// Wait is the usual wait for a person, told to customers handed over
	// outside busy times; zero when not stated.
	Wait time.Duration
}

// OpeningHours says when people answer contacts.
type OpeningHours struct {
	Location *time.Location  // the time zone the hours are in
	Week     [7][]TimeSpan   // indexed by time.Weekday
	Closed   map[string]bool // dates ("2026-12-25") on which nobody answers
}

// TimeSpan is a stretch of a day, in minutes after midnight: From inclusive,
// To exclusive.
type TimeSpan struct{ From, To int }

// String returns "08:00-20:00".
func (s TimeSpan) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.From/60, s.From%60, s.To/60, s.To%60)
}

// Known reports whether any opening hours are set.
func (h OpeningHours) Known() bool {
	for _, d := range h.Week {
		if len(d) > 0 {
			return true
		}
	}
	return false
}

// Open reports whether people answer at t. Unknown hours count as always
// open: without hours, nobody can say otherwise.
func (h OpeningHours) Open(t time.Time) bool {
	if !h.Known() {
		return true
	}
	t = h.in(t)
	if h.Closed[t.Format("2006-01-02")] {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	for _, s := range h.Week[t.Weekday()] {
		if m >= s.From && m < s.To {
			return true
		}
	}
	return false
}

// NextOpen returns the first moment at or after t when people answer, within
// the next two weeks; the zero time when there is none or hours are unknown.
func (h OpeningHours) NextOpen(t time.Time) time.Time {
	if !h.Known() {
		return time.Time{}
	}
	t = h.in(t).Truncate(time.Minute)
	for day := 0; day < 15; day++ {
		d := t.AddDate(0, 0, day)
		if h.Closed[d.Format("2006-01-02")] {
			continue
		}
		midnight := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())
		for _, s := range h.Week[d.Weekday()] {
			open := midnight.Add(time.Duration(s.From) * time.Minute)
			end := midnight.Add(time.Duration(s.To) * time.Minute)
			if day == 0 && !t.Before(open) && t.Before(end) {
				return t
			}
			if open.After(t) {
				return open
			}
		}
	}
	return time.Time{}
}

func (h OpeningHours) in(t time.Time) time.Time {
	if h.Location != nil {
		return t.In(h.Location)
	}
	return t
}
