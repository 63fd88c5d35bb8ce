package main

import (
	"testing"
	"time"

	"github.com/loket/loket/search"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		samples []time.Duration
		p       float64
		want    time.Duration
	}{
		{ms(7), 0.5, 7 * time.Millisecond},
		{ms(1, 2, 3, 4), 0.5, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 0.99, 4 * time.Millisecond},
		{ms(hundred...), 0.5, 50 * time.Millisecond},
		{ms(hundred...), 0.99, 99 * time.Millisecond},
		{ms(hundred...), 1, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.samples, tt.p); got != tt.want {
			t.Errorf("percentile(%d samples, %v) = %v, want %v", len(tt.samples), tt.p, got, tt.want)
		}
	}
}

func TestSummariseSorts(t *testing.T) {
	l := summarise([]time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond})
	if l.P50 != 2 || l.Max != 3 || l.Mean != 2 || l.Samples != 3 {
		t.Errorf("summarise = %+v", l)
	}
}

func TestScore(t *testing.T) {
	qs := []search.EvalQuery{
		{Query: "a", Relevant: []string{"x"}},
		{Query: "b", Relevant: []string{"x"}},
		{Query: "c", Relevant: []string{"y"}},
		{Query: "d", Relevant: []string{"y"}},
	}
	q := score(qs, []int{1, 0, 2, 4})
	want := quality{Queries: 4, RecallAt1: 0.25, RecallAt3: 0.5, RecallAt10: 0.75, MRR: (1 + 0.5 + 0.25) / 4,
		MacroAt1: 0.25, MacroAt10: 0.75, MacroMRR: (0.5 + 0.375) / 2}
	if q != want {
		t.Errorf("score = %+v\nwant    %+v", q, want)
	}
}

func TestRankOf(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}
	for _, tt := range []struct {
		relevant []string
		want     int
	}{
		{[]string{"a"}, 1},
		{[]string{"z", "c"}, 3},
		{[]string{"k"}, 0}, // eleventh: outside the first ten
		{[]string{"z"}, 0},
	} {
		if got := rankOf(ids, tt.relevant); got != tt.want {
			t.Errorf("rankOf(%v) = %d, want %d", tt.relevant, got, tt.want)
		}
	}
}
