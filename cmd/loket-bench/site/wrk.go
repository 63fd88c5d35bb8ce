package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// rotateScript is rotate.lua, written next to the paths file for wrk.
//
//go:embed rotate.lua
var rotateScript []byte

// wrkFigures are what wrk measured.
type wrkFigures struct {
	Command   string  `json:"command"`
	Queries   int     `json:"queries"` // distinct queries rotated through
	Requests  int     `json:"requests"`
	PerSecond float64 `json:"requests_per_second"`
	LatencyMS struct {
		P50  float64 `json:"p50"`
		P99  float64 `json:"p99"`
		Max  float64 `json:"max"`
		Mean float64 `json:"mean"`
	} `json:"latency_ms"`
	Errors wrkErrors `json:"errors"`
	// Output is what wrk itself printed (with --latency), for
	// checking the figures above against it.
	Output string `json:"output"`
}

// wrkErrors are wrk's error counts.
type wrkErrors struct {
	Connect int `json:"connect"`
	Read    int `json:"read"`
	Write   int `json:"write"`
	Status  int `json:"status"` // answers other than 2xx and 3xx
	Timeout int `json:"timeout"`
}

// failed reports whether a request failed other than by being slow: then
// the figures do not measure searches.
func (e wrkErrors) failed() bool { return e.Connect+e.Read+e.Write+e.Status > 0 }

// runWrk writes the search API paths of the first cfg.wrkQueries queries
// and rotate.lua into work, and runs wrk against base.
func runWrk(ctx context.Context, cfg *config, w *workload, base, work string) (wrkFigures, error) {
	var out wrkFigures
	n := min(cfg.wrkQueries, len(w.queries))
	var paths strings.Builder
	for _, q := range w.queries[:n] {
		paths.WriteString(w.apiSearchPath(q) + "\n")
	}
	pathsFile, script := filepath.Join(work, "wrk-paths.txt"), filepath.Join(work, "rotate.lua")
	if err := os.WriteFile(pathsFile, []byte(paths.String()), 0o644); err != nil {
		return out, err
	}
	if err := os.WriteFile(script, rotateScript, 0o644); err != nil {
		return out, err
	}
	args := []string{"-t", strconv.Itoa(cfg.wrkThreads), "-c", strconv.Itoa(cfg.wrkConns), "-d", cfg.wrkTime.String(),
		"--timeout", cfg.wrkTimeout.String(), "--latency", "-s", script, base, "--", pathsFile}
	out.Command, out.Queries = cfg.wrk+" "+strings.Join(args, " "), n
	cmd := exec.CommandContext(ctx, cfg.wrk, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s: %w\n%s%s", out.Command, err, stdout, stderr.Bytes())
	}
	return out, parseWrk(stdout, &out)
}

// parseWrk reads the JSON line rotate.lua prints at the end.
func parseWrk(stdout []byte, out *wrkFigures) error {
	_, line, ok := bytes.Cut(stdout, []byte("rotate.lua: "))
	if !ok {
		return fmt.Errorf("wrk printed no figures:\n%s", stdout)
	}
	line, _, _ = bytes.Cut(line, []byte("\n"))
	var own []string
	for l := range strings.Lines(string(stdout)) {
		if !strings.HasPrefix(l, "rotate.lua: ") {
			own = append(own, l)
		}
	}
	out.Output = strings.Join(own, "")
	var r struct {
		Requests   int       `json:"requests"`
		DurationUS int       `json:"duration_us"`
		Errors     wrkErrors `json:"errors"`
		LatencyUS  struct {
			P50, P99, Max int
			Mean          float64
		} `json:"latency_us"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return fmt.Errorf("wrk figures %q: %w", line, err)
	}
	if r.DurationUS <= 0 {
		return fmt.Errorf("wrk figures %q: no duration", line)
	}
	out.Requests = r.Requests
	out.PerSecond = float64(r.Requests) / (float64(r.DurationUS) / 1e6)
	out.LatencyMS.P50, out.LatencyMS.P99 = float64(r.LatencyUS.P50)/1000, float64(r.LatencyUS.P99)/1000
	out.LatencyMS.Max, out.LatencyMS.Mean = float64(r.LatencyUS.Max)/1000, r.LatencyUS.Mean/1000
	out.Errors = r.Errors
	return nil
}
