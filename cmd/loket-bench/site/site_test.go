package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket/internal/benchkit"
)

// A chat stream as loket serve sends it for an extractive answer.
const extractiveStream = `event: token
data: {"text":"Herstart het modem. [1]"}

event: done
data: {"conversation_id":"DXzAYpOqAaWJFMqv30gIHg","answer":"Herstart het modem. [1]","citations":[{"id":"internet/storing","title":"Storing","url":"http://127.0.0.1/nl/articles/internet/storing"}],"declined":false,"mode":"extractive"}

`

func TestReadEvents(t *testing.T) {
	for _, tc := range []struct {
		name, stream, mode, err string
	}{
		{"extractive", extractiveStream, "extractive", ""},
		{"no token", "event: done\ndata: {\"mode\":\"declined\"}\n\n", "declined", "done without a token event"},
		{"error event", "event: error\ndata: {\"error\":\"x\"}\n\n", "", "error event"},
		{"cut off", "event: token\ndata: {\"text\":\"Herstart\"}\n\n", "", "ended without a done event"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{Body: io.NopCloser(strings.NewReader(tc.stream))}
			got, err := benchkit.ReadChatStream(resp.Body, time.Now(), "storing")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Mode != tc.mode || got.FirstToken <= 0 || got.Done < got.FirstToken {
				t.Errorf("got %+v, want mode %s with first token before done", got, tc.mode)
			}
		})
	}
}

// What wrk 4.1 prints with --latency and rotate.lua.
const wrkOutput = `Running 2s test @ http://127.0.0.1:42499
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    31.52ms   33.55ms 311.16ms   90.90%
    Req/Sec   302.40    115.57   610.00     72.50%
  Latency Distribution
     50%   22.94ms
     75%   41.60ms
     90%   62.54ms
     99%  192.05ms
  1213 requests in 2.02s, 2.46MB read
Requests/sec:    599.81
Transfer/sec:      1.22MB
rotate.lua: {"requests": 1213, "duration_us": 2022342, "bytes": 2579422, "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}, "latency_us": {"p50": 22940, "p99": 192050, "max": 311160, "mean": 31520.4}}
`

func TestParseWrk(t *testing.T) {
	var f wrkFigures
	if err := parseWrk([]byte(wrkOutput), &f); err != nil {
		t.Fatal(err)
	}
	if f.Requests != 1213 || f.LatencyMS.P50 != 22.94 || f.LatencyMS.P99 != 192.05 || f.Errors.failed() {
		t.Errorf("got %+v", f)
	}
	// The same rate as wrk's own "Requests/sec", within rounding.
	if f.PerSecond < 599.5 || f.PerSecond > 600.1 {
		t.Errorf("requests per second = %.2f, want 599.81", f.PerSecond)
	}
	if strings.Contains(f.Output, "rotate.lua") || !strings.Contains(f.Output, "Requests/sec:    599.81") {
		t.Errorf("output kept:\n%s", f.Output)
	}
	if err := parseWrk([]byte("Running 2s test\n"), &f); err == nil {
		t.Error("no error for output without figures")
	}
}

func TestPercentile(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 200; i++ {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	l := summarise(s)
	if l.P50 != 100 || l.P99 != 198 || l.Max != 200 || l.Samples != 200 {
		t.Errorf("summarise(1..200 ms) = %+v, want p50 100, p99 198, max 200", l)
	}
	if got := summarise(nil); got != (latency{}) {
		t.Errorf("summarise(nil) = %+v", got)
	}
}
