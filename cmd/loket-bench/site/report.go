package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// latency summarises timed samples, in milliseconds. Percentiles are
// nearest-rank over the sorted samples.
type latency struct {
	Samples int     `json:"samples"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Max     float64 `json:"max_ms"`
	Mean    float64 `json:"mean_ms"`
}

func summarise(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return latency{Samples: len(s), P50: ms(percentile(s, 0.50)), P99: ms(percentile(s, 0.99)),
		Max: ms(s[len(s)-1]), Mean: ms(sum / time.Duration(len(s)))}
}

// percentile returns the nearest-rank p-quantile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (l latency) String() string {
	return fmt.Sprintf("p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  mean %6.2f ms  (%d)", l.P50, l.P99, l.Max, l.Mean, l.Samples)
}

// write prints the report as text, or as one JSON object.
func (rep *report) write(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	wl := rep.Workload
	kb := wl.Content
	if kb == "" {
		kb = "the embedded demo"
	}
	fmt.Fprintf(w, "command         %s\n", rep.Command)
	fmt.Fprintf(w, "knowledge base  %s: %d public articles\n", kb, wl.Articles)
	fmt.Fprintf(w, "queries         %d, %s\n", wl.Queries, wl.Source)
	fmt.Fprintf(w, "server          %s serve --rate-search 0 --rate-chat 0, ready after %.2f s\n", rep.Binary, rep.ReadyMS/1000)
	if p := rep.Pages; p != nil {
		fmt.Fprintf(w, "article page    %s  GET /{locale}/articles/{id}\n", p.Article)
		fmt.Fprintf(w, "search page     %s  GET /{locale}/search?q=…\n", p.Search)
	}
	if c := rep.Chat; c != nil {
		var modes []string
		for _, m := range slices.Sorted(maps.Keys(c.Modes)) {
			modes = append(modes, fmt.Sprintf("%s %d", m, c.Modes[m]))
		}
		fmt.Fprintf(w, "chat            %d questions, POST /api/v1/chat streaming: %s\n", c.Questions, strings.Join(modes, ", "))
		fmt.Fprintf(w, "  first token   %s  answered\n", c.FirstToken)
		fmt.Fprintf(w, "  done          %s  answered\n", c.Done)
		fmt.Fprintf(w, "  first token   %s  all, declined too\n", c.AllFirstToken)
		fmt.Fprintf(w, "  done          %s  all, declined too\n", c.AllDone)
	}
	if f := rep.Wrk; f != nil {
		fmt.Fprintf(w, "search API      %.0f requests/s over %d queries (%d requests; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; errors %+v)\n",
			f.PerSecond, f.Queries, f.Requests, f.LatencyMS.P50, f.LatencyMS.P99, f.LatencyMS.Max, f.Errors)
		fmt.Fprintf(w, "                %s\n", f.Command)
		for l := range strings.Lines(f.Output) {
			fmt.Fprintf(w, "  wrk | %s", l)
		}
	}
	fmt.Fprintf(w, "load average    %s\n", strings.Join(rep.Load, "; "))
	fmt.Fprintf(w, "machine         %d CPUs, %s/%s, %s, started %s\n", rep.Machine.CPUs, rep.Machine.GOOS, rep.Machine.GOARCH, rep.Machine.Go, rep.Started.UTC().Format(time.RFC3339))
	return nil
}
