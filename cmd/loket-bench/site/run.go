package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// report is everything one run measured.
type report struct {
	Command  string       `json:"command"`
	Started  time.Time    `json:"started"`
	Machine  machine      `json:"machine"`
	Workload *workload    `json:"workload"`
	Binary   string       `json:"binary"`
	ReadyMS  float64      `json:"ready_ms"` // from start until /readyz answered 200
	Pages    *pageFigures `json:"pages,omitempty"`
	Chat     *chatFigures `json:"chat,omitempty"`
	Wrk      *wrkFigures  `json:"wrk,omitempty"`
	// Load is /proc/loadavg (1, 5 and 15 minutes) before and after each
	// part: other work on the machine makes figures noisier.
	Load []string `json:"load"`
}

// machine describes where the figures were measured.
type machine struct {
	CPUs   int    `json:"cpus"`
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	Go     string `json:"go"`
}

// run prepares the knowledge base, starts the server, measures the parts
// cfg asks for and stops the server. It returns the figures measured so
// far with the first error.
func run(ctx context.Context, cfg *config) (*report, error) {
	rep := &report{Command: strings.Join(append([]string{"site"}, os.Args[1:]...), " "), Started: time.Now(),
		Machine: machine{CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version()}}
	rep.mark("start")
	work, err := os.MkdirTemp("", "loket-site-bench-")
	if err != nil {
		return nil, err
	}
	if cfg.keep {
		progress("keeping %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	if rep.Workload, err = newWorkload(cfg, filepath.Join(work, "kb")); err != nil {
		return nil, err
	}
	if rep.Binary = cfg.loketBin; rep.Binary == "" {
		progress("building cmd/loket")
		if rep.Binary, err = buildLoket(ctx, work); err != nil {
			return nil, err
		}
	}
	progress("starting loket serve on %d public articles", rep.Workload.Articles)
	srv, err := startServer(ctx, rep.Binary, rep.Workload.Content, work, cfg.addr)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	rep.ReadyMS = ms(srv.Ready)
	rep.mark("ready")
	if err := rep.measure(ctx, cfg, srv, work); err != nil {
		return rep, err
	}
	return rep, srv.stop()
}

// measure runs the parts one after the other: pages and chat one request
// at a time, then wrk's load.
func (rep *report) measure(ctx context.Context, cfg *config, srv *server, work string) error {
	w := rep.Workload
	if cfg.runs("pages") {
		progress("pages: %d warm-up and %d measured requests of each page", cfg.warmup, cfg.requests)
		p, err := measurePages(ctx, cfg, w, srv.URL)
		if err != nil {
			return fmt.Errorf("pages: %w", err)
		}
		rep.Pages = &p
		rep.mark("pages")
	}
	if cfg.runs("chat") {
		progress("chat: %d questions", chatQuestions(cfg, w))
		c, err := measureChat(ctx, cfg, w, srv.URL)
		if err != nil {
			return fmt.Errorf("chat: %w", err)
		}
		rep.Chat = &c
		rep.mark("chat")
	}
	if cfg.runs("wrk") {
		progress("wrk: %v", cfg.wrkTime)
		f, err := runWrk(ctx, cfg, w, srv.URL, work)
		if err != nil {
			return fmt.Errorf("wrk: %w", err)
		}
		rep.Wrk = &f
		rep.mark("wrk")
		if f.Errors.failed() {
			return fmt.Errorf("wrk: requests failed: %+v", f.Errors)
		}
		if f.Errors.Timeout > 0 {
			progress("wrk: %d requests took longer than %v", f.Errors.Timeout, cfg.wrkTimeout)
		}
	}
	return nil
}

// mark notes the load average after a step.
func (rep *report) mark(step string) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	f := strings.Fields(string(b))
	rep.Load = append(rep.Load, step+" "+strings.Join(f[:min(3, len(f))], " "))
}
