package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/loket/loket/internal/benchkit"
)

// server is a running "loket serve" process.
type server struct {
	URL     string        // http://127.0.0.1:port
	Ready   time.Duration // from start until /readyz answered 200
	LogFile string

	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited
	waitErr error         // what Wait returned, once exited is closed
}

const (
	startTimeout = 5 * time.Minute
	stopTimeout  = 30 * time.Second
)

var (
	buildLoket = benchkit.BuildLoket
	freeAddr   = benchkit.FreeAddr
)

// startServer runs bin serve on the knowledge base in contentDir (the
// embedded demo when empty), with its data and log in work, and waits
// until it is ready. The rate limits of searches and chat messages are
// off; the rest is the default configuration.
func startServer(ctx context.Context, bin, contentDir, work, addr string) (*server, error) {
	if addr == "" {
		var err error
		if addr, err = freeAddr(); err != nil {
			return nil, err
		}
	}
	s := &server{URL: "http://" + addr, LogFile: filepath.Join(work, "serve.log"), exited: make(chan struct{})}
	logs, err := os.Create(s.LogFile)
	if err != nil {
		return nil, err
	}
	defer logs.Close() // the child has its own descriptor
	args := []string{"serve", "--data", filepath.Join(work, "data"), "--addr", addr, "--rate-search", "0", "--rate-chat", "0"}
	if contentDir != "" {
		args = append(args, "--content", contentDir)
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = logs, logs
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
	if err := s.waitReady(ctx); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w (log: %s)", err, s.LogFile)
	}
	s.Ready = time.Since(start)
	return s, nil
}

// stop stops the server with SIGTERM, and kills it when it does not stop
// in time.
func (s *server) stop() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-s.exited:
		return nil
	case <-time.After(stopTimeout):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("loket serve did not stop within %v of SIGTERM", stopTimeout)
	}
}

// waitReady polls /readyz until it answers 200, the process exits or
// startTimeout passes.
func (s *server) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("loket serve exited before it was ready: %v", s.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := client.Get(s.URL + "/readyz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
	}
	return fmt.Errorf("loket serve was not ready within %v", startTimeout)
}
