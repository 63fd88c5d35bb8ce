package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/loket/loket/internal/benchkit"
	"github.com/loket/loket/search"
)

// serverMemory is the resident memory of a real loket serve process.
type serverMemory struct {
	Binary   string  `json:"binary"`
	ReadyMs  float64 `json:"ready_ms"`              // from start until /readyz answers 200
	RSSMB    float64 `json:"rss_mb"`                // VmRSS when ready
	RSSAfter float64 `json:"rss_after_searches_mb"` // VmRSS after the API searches
	HWMMB    float64 `json:"peak_rss_mb"`           // VmHWM: the most it was resident
	AnonMB   float64 `json:"rss_anon_mb"`           // RssAnon when ready: heap and stacks
	FileMB   float64 `json:"rss_file_mb"`           // RssFile when ready: mapped files (the index, the binary)
	ExitCode int     `json:"exit_code"`             // after SIGTERM; 0 is a clean stop
	StopMs   float64 `json:"stop_ms"`               // from SIGTERM until it exited
	// API is the latency of GET /api/v1/search over HTTP, one request at
	// a time, including the search event the server records.
	API latency `json:"api_search"`
}

const (
	serverStartTimeout = 5 * time.Minute
	serverStopTimeout  = 30 * time.Second
)

var (
	buildLoket = benchkit.BuildLoket
	freeAddr   = benchkit.FreeAddr
)

// measureServer runs bin serve on the knowledge base in contentDir, waits
// until it is ready, reads its memory from /proc, sends it the queries
// through the public API and reads its memory again, and stops it with
// SIGTERM.
func measureServer(ctx context.Context, bin, contentDir, dataDir string, qs []search.EvalQuery) (serverMemory, error) {
	out := serverMemory{Binary: bin}
	addr, err := freeAddr()
	if err != nil {
		return out, err
	}
	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve", "--content", contentDir, "--data", dataDir, "--addr", addr,
		"--log-level", "warn", "--rate-search", "0")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return out, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	}()
	if err := waitReady(ctx, "http://"+addr+"/readyz", exited); err != nil {
		return out, fmt.Errorf("%w\n%s", err, tail(logs.String(), 2000))
	}
	out.ReadyMs = ms(time.Since(start))
	pid := cmd.Process.Pid
	out.RSSMB, out.HWMMB = procMemory(pid)
	status := "/proc/" + strconv.Itoa(pid) + "/status"
	out.AnonMB = float64(kB(procField(status, "RssAnon"))) / 1024
	out.FileMB = float64(kB(procField(status, "RssFile"))) / 1024
	if out.API, err = apiSearches(ctx, "http://"+addr, qs); err != nil {
		return out, err
	}
	out.RSSAfter, out.HWMMB = procMemory(pid)
	stopped := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return out, err
	}
	select {
	case err := <-exited:
		out.StopMs = ms(time.Since(stopped))
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			out.ExitCode = ee.ExitCode()
		} else if err != nil {
			return out, err
		}
	case <-time.After(serverStopTimeout):
		return out, fmt.Errorf("loket serve did not stop within %v of SIGTERM", serverStopTimeout)
	}
	return out, nil
}

// apiSearches sends every query to GET /api/v1/search, one at a time, and
// times the answers.
func apiSearches(ctx context.Context, base string, qs []search.EvalQuery) (latency, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	samples := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		u := base + "/api/v1/search?" + url.Values{"q": {q.Query}, "locale": {q.Lang}}.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return latency{}, err
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return latency{}, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		samples = append(samples, time.Since(start))
		if err != nil {
			return latency{}, err
		}
		if resp.StatusCode != http.StatusOK {
			return latency{}, fmt.Errorf("GET %s: %s", u, resp.Status)
		}
	}
	return summarise(samples), nil
}

// waitReady polls url until it answers 200, the process exits or
// serverStartTimeout passes.
func waitReady(ctx context.Context, url string, exited <-chan error) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(serverStartTimeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("loket serve exited before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := client.Get(url)
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
	}
	return fmt.Errorf("loket serve was not ready within %v", serverStartTimeout)
}

// procMemory returns VmRSS and VmHWM of a process in MB (MiB).
func procMemory(pid int) (rss, hwm float64) {
	status := "/proc/" + strconv.Itoa(pid) + "/status"
	return float64(kB(procField(status, "VmRSS"))) / 1024, float64(kB(procField(status, "VmHWM"))) / 1024
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
