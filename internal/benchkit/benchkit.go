// Package benchkit holds what Loket's benchmark commands (cmd/loket-bench
// and cmd/loket-bench/site) share: latency summaries, building cmd/loket
// to measure it as a process, and a free loopback address for it.
package benchkit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Latency summarises timed samples, in milliseconds. Percentiles are
// nearest-rank over the sorted samples.
type Latency struct {
	Samples int     `json:"samples"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Max     float64 `json:"max_ms"`
	Mean    float64 `json:"mean_ms"`
}

// Summarise returns the Latency of samples ds; ds is not changed.
func Summarise(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Latency{
		Samples: len(s),
		P50:     Ms(Percentile(s, 0.50)),
		P99:     Ms(Percentile(s, 0.99)),
		Max:     Ms(s[len(s)-1]),
		Mean:    Ms(sum / time.Duration(len(s))),
	}
}

func (l Latency) String() string {
	return fmt.Sprintf("p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  mean %6.2f ms  (%d)", l.P50, l.P99, l.Max, l.Mean, l.Samples)
}

// Percentile returns the nearest-rank p-quantile of sorted samples.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Ms is d in milliseconds, to the microsecond.
func Ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BuildLoket builds cmd/loket into dir with go build and returns its path.
func BuildLoket(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "loket")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/loket/loket/cmd/loket")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build cmd/loket: %w\n%s", err, out)
	}
	return bin, nil
}

// FreeAddr returns a loopback address with a port nothing listens on.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// ChatTiming is one answer of POST /api/v1/chat with streaming, as the
// client read it.
type ChatTiming struct {
	FirstToken time.Duration // until the first "token" event
	Done       time.Duration // until the "done" event
	Mode       string        // the answer's mode: extractive, generated, declined, ...
}

// ReadChatStream reads a chat stream from body, timing its events from
// start. An event is "event: NAME" and "data: JSON" lines ended by an
// empty line; it counts as arrived when its data line has. An "error"
// event, a "done" event before any text, or a stream without "done" is
// an error naming question.
func ReadChatStream(body io.Reader, start time.Time, question string) (ChatTiming, error) {
	var t ChatTiming
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			event = name
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		switch event {
		case "token":
			if t.FirstToken == 0 {
				t.FirstToken = time.Since(start)
			}
		case "done":
			t.Done = time.Since(start)
			var d struct {
				Mode string `json:"mode"`
			}
			if err := json.Unmarshal([]byte(data), &d); err != nil {
				return t, fmt.Errorf("chat %q: done event: %w", question, err)
			}
			t.Mode = d.Mode
			if t.FirstToken == 0 {
				return t, fmt.Errorf("chat %q: done without a token event", question)
			}
			return t, nil
		case "error":
			return t, fmt.Errorf("chat %q: error event %s", question, data)
		}
	}
	if err := sc.Err(); err != nil {
		return t, err
	}
	return t, fmt.Errorf("chat %q: the stream ended without a done event", question)
}
