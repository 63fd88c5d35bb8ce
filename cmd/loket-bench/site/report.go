package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/loket/loket/internal/benchkit"
)

// The latency summaries of internal/benchkit.
type latency = benchkit.Latency

var (
	summarise  = benchkit.Summarise
	percentile = benchkit.Percentile
	ms         = benchkit.Ms
)

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
