package content_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loket/loket/content"
)

// waitTimeout is how long a test waits for a change it expects. It is
// generous: it bounds a failing test, not a passing one.
const waitTimeout = 5 * time.Second

// changes records the calls a Watcher makes.
type changes struct {
	c       chan content.Change
	n       atomic.Int32
	running atomic.Bool
	overlap atomic.Bool
}

func (c *changes) onChange(ch content.Change) {
	if !c.running.CompareAndSwap(false, true) {
		c.overlap.Store(true)
	}
	c.n.Add(1)
	time.Sleep(5 * time.Millisecond) // give an overlapping call a chance to show
	c.running.Store(false)
	c.c <- ch
}

// wait waits for a call, failing the test after waitTimeout, and returns
// the change it reported.
func (c *changes) wait(tb testing.TB, what string) content.Change {
	tb.Helper()
	select {
	case ch := <-c.c:
		return ch
	case <-time.After(waitTimeout):
		tb.Fatalf("%s: no change reported within %v", what, waitTimeout)
	}
	return content.Change{}
}

// settle consumes calls until none has come for a while, and returns their
// number.
func (c *changes) settle() int {
	n := 0
	for {
		select {
		case <-c.c:
			n++
		case <-time.After(300 * time.Millisecond):
			return n
		}
	}
}

// startWatcher runs a Watcher on dir until the test ends.
func startWatcher(tb testing.TB, dir string, opts content.WatchOptions) *changes {
	tb.Helper()
	if opts.Debounce == 0 {
		opts.Debounce = 50 * time.Millisecond
	}
	if opts.Rescan == 0 {
		opts.Rescan = -1
	}
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := content.NewWatcher(dir, opts)
	if err != nil {
		tb.Fatalf("NewWatcher: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &changes{c: make(chan content.Change, 100)}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, c.onChange) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("Run: %v", err)
		}
		if err := w.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
		if c.overlap.Load() {
			tb.Error("onChange was called while it was running")
		}
	})
	return c
}

func TestWatcherChanges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"nl/internet/storing.md": doc("title: Storing", "Body.\n"),
		"nl/energie/meter.md":    doc("title: Meter", "Body.\n"),
	})
	c := startWatcher(t, dir, content.WatchOptions{})
	path := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }

	steps := []struct {
		name   string
		change func() error
	}{
		{"save", func() error {
			return os.WriteFile(path("nl/internet/storing.md"), []byte(doc("title: Storing 2", "")), 0o644)
		}},
		{"editor save by rename", func() error {
			if err := os.WriteFile(path("nl/internet/.storing.md.swp"), []byte(doc("title: Storing 3", "")), 0o644); err != nil {
				return err
			}
			return os.Rename(path("nl/internet/.storing.md.swp"), path("nl/internet/storing.md"))
		}},
		{"new file", func() error { return os.WriteFile(path("nl/energie/nieuw.md"), []byte(doc("title: Nieuw", "")), 0o644) }},
		{"remove", func() error { return os.Remove(path("nl/energie/nieuw.md")) }},
		{"rename", func() error { return os.Rename(path("nl/energie/meter.md"), path("nl/energie/meterstand.md")) }},
		{"touch", func() error {
			t := time.Now().Add(time.Hour)
			return os.Chtimes(path("nl/energie/meterstand.md"), t, t)
		}},
		{"new folder", func() error { return os.MkdirAll(path("nl/verhuizen"), 0o755) }},
		{"file in the new folder", func() error { return os.WriteFile(path("nl/verhuizen/a.md"), []byte(doc("title: A", "")), 0o644) }},
		{"new folder with a file at once", func() error {
			if err := os.MkdirAll(path("en/moving"), 0o755); err != nil {
				return err
			}
			return os.WriteFile(path("en/moving/a.md"), []byte(doc("title: A", "")), 0o644)
		}},
		{"file in that folder", func() error { return os.WriteFile(path("en/moving/b.md"), []byte(doc("title: B", "")), 0o644) }},
		{"rename a folder", func() error { return os.Rename(path("nl/verhuizen"), path("nl/verhuis")) }},
		{"file in the renamed folder", func() error { return os.WriteFile(path("nl/verhuis/b.md"), []byte(doc("title: B", "")), 0o644) }},
		{"remove a folder", func() error { return os.RemoveAll(path("nl/verhuis")) }},
	}
	for _, st := range steps {
		if err := st.change(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		c.wait(t, st.name)
		c.settle()
	}
}

func TestWatcherBurst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"nl/a.md": doc("title: A", "")})
	c := startWatcher(t, dir, content.WatchOptions{})

	// A git pull: objects under .git, then many files in the work tree.
	files := map[string]string{".git/ORIG_HEAD": "abc\n", ".git/objects/ab/cdef": "blob"}
	for i := range 50 {
		files[fmt.Sprintf("nl/burst/%02d.md", i)] = doc("title: Burst", "")
	}
	writeFiles(t, dir, files)
	c.wait(t, "burst")
	if n := 1 + c.settle(); n > 5 {
		t.Errorf("50 files written at once gave %d calls; want a few", n)
	}
}

func TestWatcherRescan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := startWatcher(t, dir, content.WatchOptions{Rescan: 20 * time.Millisecond})
	if ch := c.wait(t, "rescan without events"); !ch.All {
		t.Errorf("rescan reported %+v; want All", ch)
	}
	c.wait(t, "second rescan")
}

func TestWatcherPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"nl/a.md": doc("title: A", ""), "nl/b.md": doc("title: B", "")})
	c := startWatcher(t, dir, content.WatchOptions{})
	// Saved as editors do: a hidden file renamed over the file.
	writeFiles(t, dir, map[string]string{"nl/.a.md.swp": doc("title: A2", "")})
	if err := os.Rename(filepath.Join(dir, "nl", ".a.md.swp"), filepath.Join(dir, "nl", "a.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "nl", "b.md")); err != nil {
		t.Fatal(err)
	}
	ch := c.wait(t, "save and remove")
	for _, ch2 := range drain(c) {
		ch.Paths = append(ch.Paths, ch2.Paths...)
		ch.All = ch.All || ch2.All
	}
	slices.Sort(ch.Paths)
	if ch.All || !slices.Equal(slices.Compact(ch.Paths), []string{"nl/a.md", "nl/b.md"}) {
		t.Errorf("change = %+v; want the paths nl/a.md and nl/b.md", ch)
	}
}

// drain returns the changes reported until none has come for a while.
func drain(c *changes) []content.Change {
	var out []content.Change
	for {
		select {
		case ch := <-c.c:
			out = append(out, ch)
		case <-time.After(300 * time.Millisecond):
			return out
		}
	}
}

func TestWatcherStops(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	w, err := content.NewWatcher(dir, content.WatchOptions{Rescan: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(content.Change) {}) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v; want nil when ctx is done", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return after ctx was cancelled")
	}

	// Close ends a Run in progress too.
	go func() { done <- w.Run(context.Background(), func(content.Change) {}) }()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v; want nil after Close", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return after Close")
	}
}

func TestNewWatcherErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := content.NewWatcher(filepath.Join(dir, "missing"), content.WatchOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: err = %v; want a not-exist error", err)
	}
	writeFiles(t, dir, map[string]string{"file.md": "x"})
	if _, err := content.NewWatcher(filepath.Join(dir, "file.md"), content.WatchOptions{}); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("file: err = %v; want an error", err)
	}
}

func TestWatcherLinkedFolder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"release-1/nl/a.md": doc("title: A", "")})
	link := filepath.Join(root, "current")
	if err := os.Symlink("release-1", link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	c := startWatcher(t, link, content.WatchOptions{})
	writeFiles(t, link, map[string]string{"nl/a.md": doc("title: A2", "")})
	c.wait(t, "save in a subfolder of a linked folder")
}
