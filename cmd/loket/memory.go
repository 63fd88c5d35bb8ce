package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// The server's soft memory limit (runtime/debug.SetMemoryLimit).
//
// Loket holds what it serves in memory: the content (text and HTML of every
// article) and the search index's ranking statistics stay live for as long
// as they are served, about 145 MB for 10,000 articles. Go's collector lets
// the heap grow to twice the live heap before it collects, and keeps what
// it freed for a while, so without a limit such a server sits near 380 MB
// resident after loading. A limit makes the collector run a little sooner
// and hand freed memory back to the system.
//
// The automatic limit is the larger of memoryFloor and memoryHeadroom
// times the live heap, followed as the live heap changes. memoryFloor keeps
// a server of 10,000 articles under 300 MB resident (the limit covers Go's
// memory; the mapped index files, about 45 MB, come on top) while leaving
// the collector about 110 MB to work in. A larger knowledge base raises the
// limit with it, so that the collector always has at least half the live
// heap free: a limit below the live heap would have it run without pause.
// docs/benchmarks.md has the measurements.
const (
	memoryFloor    = 240 << 20
	memoryHeadroom = 1.5
	// memoryCheck is how often the automatic limit looks at the live heap.
	memoryCheck = 2 * time.Second
)

// memoryLimit is the value of --memory-limit: automatic, none, or a size.
type memoryLimit struct {
	auto       bool
	bytes      int64 // when not auto; math.MaxInt64 for none
	gomemlimit bool  // GOMEMLIMIT is set in the environment
	envErr     error // LOKET_MEMORY_LIMIT could not be read
}

// memoryLimitFlag registers --memory-limit on fs, with its default from
// LOKET_MEMORY_LIMIT.
func memoryLimitFlag(fs *flag.FlagSet, e *env) *memoryLimit {
	m := &memoryLimit{auto: true, gomemlimit: e.getenv("GOMEMLIMIT") != ""}
	if v := e.getenv("LOKET_MEMORY_LIMIT"); v != "" {
		if err := m.Set(v); err != nil {
			m.envErr = fmt.Errorf("LOKET_MEMORY_LIMIT=%s: %w", v, err)
		}
	}
	fs.Var(m, "memory-limit", "soft limit of the memory the server uses: a size such as 300MiB or 1GiB, off, or auto: the larger of 240MiB and 1.5 times the live heap; auto leaves a GOMEMLIMIT in the environment in charge (env LOKET_MEMORY_LIMIT)")
	return m
}

// String implements flag.Value.
func (m *memoryLimit) String() string {
	switch {
	case m == nil || m.auto:
		return "auto"
	case m.bytes == math.MaxInt64:
		return "off"
	}
	return formatBytes(m.bytes)
}

// Set implements flag.Value: "auto", "off" (or "0"), or a number of bytes
// with an optional unit: B, KiB, MiB, GiB, KB, MB, GB.
func (m *memoryLimit) Set(s string) error {
	switch s = strings.TrimSpace(s); strings.ToLower(s) {
	case "auto":
		m.auto, m.envErr = true, nil
		return nil
	case "off", "none", "0":
		m.auto, m.bytes, m.envErr = false, math.MaxInt64, nil
		return nil
	}
	n, err := parseBytes(s)
	if err != nil {
		return err
	}
	m.auto, m.bytes, m.envErr = false, n, nil
	return nil
}

var byteUnits = []struct {
	suffix string
	size   float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"b", 1},
}

// parseBytes reads a size such as "300MiB", "1.5GiB" or "268435456".
func parseBytes(s string) (int64, error) {
	num, mult := strings.ToLower(s), 1.0
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(rest), u.size
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) || f*mult >= math.MaxInt64 {
		return 0, errors.New("not a size such as 300MiB or 1GiB, auto or off")
	}
	if f*mult < 64<<20 {
		return 0, errors.New("less than 64MiB; no knowledge base fits in that")
	}
	return int64(f * mult), nil
}

func formatBytes(n int64) string {
	if n%(1<<30) == 0 {
		return fmt.Sprintf("%dGiB", n>>30)
	}
	return fmt.Sprintf("%dMiB", n>>20)
}

// apply sets the memory limit until ctx is done, then restores the one
// before. An automatic limit follows the live heap meanwhile; a GOMEMLIMIT
// in the environment, which the Go runtime has applied, is left alone.
func (m *memoryLimit) apply(ctx context.Context, logger *slog.Logger) {
	before := debug.SetMemoryLimit(-1)
	if m.envErr != nil {
		logger.Error("ignoring LOKET_MEMORY_LIMIT; the limit is automatic", "err", m.envErr)
	}
	switch {
	case m.auto && m.gomemlimit:
		logger.Info("memory limit from GOMEMLIMIT", "limit", formatBytes(before))
		return
	case m.auto:
		// The first limit is set before returning, so that the index
		// build at start runs under it.
		follow := followLiveHeap(logger)
		go func() {
			defer debug.SetMemoryLimit(before)
			follow(ctx)
		}()
		return
	case m.bytes == math.MaxInt64:
		logger.Info("no memory limit")
	default:
		logger.Info("memory limit", "limit", formatBytes(m.bytes))
	}
	debug.SetMemoryLimit(m.bytes)
	go func() {
		<-ctx.Done()
		debug.SetMemoryLimit(before)
	}()
}

// followLiveHeap sets the memory limit to autoMemoryLimit of the live
// heap, and returns a function that keeps it there until ctx is done.
func followLiveHeap(logger *slog.Logger) func(ctx context.Context) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var limit int64
	check := func() {
		metrics.Read(sample)
		var live uint64
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = sample[0].Value.Uint64()
		}
		next := autoMemoryLimit(live)
		// Small changes of the live heap leave the limit alone.
		if limit == 0 || next > limit+limit/16 || next < limit-limit/16 {
			debug.SetMemoryLimit(next)
			if next != limit {
				logger.Debug("memory limit", "limit", formatBytes(next), "live_heap", formatBytes(int64(live)))
			}
			limit = next
		}
	}
	check()
	logger.Info("memory limit", "limit", formatBytes(limit), "automatic", true)
	return func(ctx context.Context) {
		t := time.NewTicker(memoryCheck)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				check()
			}
		}
	}
}

// autoMemoryLimit is the automatic limit for a live heap of live bytes.
func autoMemoryLimit(live uint64) int64 {
	return max(memoryFloor, int64(float64(live)*memoryHeadroom))
}
