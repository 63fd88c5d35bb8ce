package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher reports changes below a folder: files saved, added, removed or
// renamed, folders added (they are watched too), a git pull. It watches
// every folder of the tree except those whose names start with "." (such as
// .git): a git pull is noticed through the files it changes in the work
// tree. Bursts of events are reported as one change once the folder has
// been quiet for WatchOptions.Debounce.
//
// A change names the paths that changed; the receiver reloads the
// knowledge base with a Loader's LoadChange, which checks those files only.
type Watcher struct {
	dir  string
	opts WatchOptions
	fsw  *fsnotify.Watcher
}

// Change is what a Watcher reports: the paths below the folder that
// changed since its last report, or All when it cannot tell which (a
// periodic rescan, events the system dropped). Paths are slash-separated
// and relative to the folder, as in an fs.FS; they may name files that no
// longer exist, folders, and files that are not content. A Loader's
// LoadChange takes it.
type Change struct {
	Paths []string // sorted
	All   bool
}

// WatchOptions configure a Watcher.
type WatchOptions struct {
	// Debounce is the quiet time before a change is reported; 100 ms when
	// zero. Under a steady stream of events a change is still reported
	// every 20 Debounce periods.
	Debounce time.Duration
	// Rescan also reports a change this often, as a safety net for file
	// systems without events (network and container mounts); 30 s when
	// zero, negative disables.
	Rescan time.Duration
	// Logger receives watch errors; slog.Default() when nil.
	Logger *slog.Logger
}

func (o *WatchOptions) defaults() {
	if o.Debounce <= 0 {
		o.Debounce = 100 * time.Millisecond
	}
	if o.Rescan == 0 {
		o.Rescan = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// NewWatcher starts watching the folder dir and every folder below it.
// Events are kept from then on, so a caller that loads the folder after
// NewWatcher and then calls Run misses nothing. Returns an error if dir does
// not exist, is not a folder, or cannot be watched.
func NewWatcher(dir string, opts WatchOptions) (*Watcher, error) {
	opts.defaults()
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("watch content folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("watch content folder: %s is not a folder", dir)
	}
	// Walking a link to a folder does not descend into it: watch the target.
	if target, err := filepath.EvalSymlinks(dir); err == nil {
		dir = target
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch content folder: %w", err)
	}
	w := &Watcher{dir: dir, opts: opts, fsw: fsw}
	if err := w.addTree(dir); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("watch content folder: %w", err)
	}
	return w, nil
}

// Run calls onChange after every change below the folder, with the paths
// that changed, and every Rescan period with All set, until ctx is done or
// the Watcher is closed; it returns nil then. Calls to onChange are made
// from Run's goroutine, one at a time: events that arrive meanwhile are
// reported by the next call. Run must not be called more than once at a
// time.
func (w *Watcher) Run(ctx context.Context, onChange func(Change)) error {
	debounce := time.NewTimer(w.opts.Debounce)
	debounce.Stop()
	defer debounce.Stop()
	var rescan <-chan time.Time
	if w.opts.Rescan > 0 {
		t := time.NewTicker(w.opts.Rescan)
		defer t.Stop()
		rescan = t.C
	}
	var first time.Time // of the events not yet reported; zero when none
	pending := &pendingChange{paths: map[string]bool{}}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if !w.handle(ev, pending) {
				continue
			}
			if first.IsZero() {
				first = time.Now()
			}
			debounce.Reset(w.delay(first))
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			w.opts.Logger.Warn("watch content folder", "dir", w.dir, "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: report a change of everything.
				pending.all = true
				if first.IsZero() {
					first = time.Now()
					debounce.Reset(w.opts.Debounce)
				}
			}
		case <-debounce.C:
			first = time.Time{}
			onChange(pending.take())
		case <-rescan:
			if first.IsZero() {
				onChange(Change{All: true})
			}
		}
	}
}

// pendingChange gathers the events not reported yet.
type pendingChange struct {
	paths map[string]bool
	all   bool
}

func (p *pendingChange) take() Change {
	c := Change{All: p.all}
	if !p.all {
		c.Paths = slices.Sorted(maps.Keys(p.paths))
	}
	clear(p.paths)
	p.all = false
	return c
}

// delay returns how long to wait for quiet before reporting events that
// started at first: Debounce, but never past 20 Debounce periods after first.
func (w *Watcher) delay(first time.Time) time.Duration {
	latest := first.Add(20 * w.opts.Debounce)
	return max(0, min(w.opts.Debounce, time.Until(latest)))
}

// handle watches a new folder, adds the path of ev to the pending change,
// and reports whether ev can change the knowledge base. Hidden files
// (editors' swap and temporary files) cannot.
func (w *Watcher) handle(ev fsnotify.Event, pending *pendingChange) bool {
	if strings.HasPrefix(filepath.Base(ev.Name), ".") {
		return false
	}
	switch {
	case ev.Has(fsnotify.Create):
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if err := w.addTree(ev.Name); err != nil {
				w.opts.Logger.Warn("watch content folder", "path", ev.Name, "err", err)
			}
		}
	case ev.Has(fsnotify.Rename), ev.Has(fsnotify.Remove):
		// A folder renamed away would keep its watch under its old name, so
		// drop it; the new name is watched when its Create event arrives.
		// Files have no watch to drop, hence no error to report.
		_ = w.fsw.Remove(ev.Name)
	}
	rel, err := filepath.Rel(w.dir, ev.Name)
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		pending.all = true
	} else {
		pending.paths[filepath.ToSlash(rel)] = true
	}
	return true
}

// addTree watches root and the folders below it, skipping hidden ones. It
// returns the error of watching root itself; a folder below it that cannot
// be watched is logged, and the others still are.
func (w *Watcher) addTree(root string) error {
	if err := w.fsw.Add(root); err != nil {
		return err
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			w.opts.Logger.Warn("watch content folder", "path", p, "err", err)
			return nil
		case p == root || !d.IsDir():
			return nil
		case strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		}
		// A folder removed as soon as it was made (git does that) needs no watch.
		if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			w.opts.Logger.Warn("watch content folder", "path", p, "err", err)
		}
		return nil
	})
}

// Close stops watching. A Run in progress returns.
func (w *Watcher) Close() error {
	return w.fsw.Close()
}
