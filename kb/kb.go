// Package kb serves a knowledge base while it changes: it loads the content,
// builds the search index, and on every change in the content folder reloads
// what changed and updates the index, while searches keep being answered.
// Channels read it through loket.Library views, one per audience.
package kb

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/search"
)

// Options configure a KB.
type Options struct {
	// FS is the knowledge base. Dir, when set, is the folder FS reads, and
	// is watched for changes; leave it empty for content that never changes,
	// such as the embedded demo.
	FS  fs.FS
	Dir string
	// IndexDir is where the Bleve index is built; it is rebuilt at start.
	IndexDir string
	Content  content.Options
	Logger   *slog.Logger
	// Debounce is the quiet time after a change before reloading.
	Debounce time.Duration
	// Progress, when set, is called while the index is first built.
	Progress func(done, total int)
	// BuildGCPercent, when above 0, is the garbage collector's percentage
	// (GOGC) while Open loads the content and builds the index; the one
	// before is restored afterwards. A build allocates several times the
	// memory it keeps (about 3 GB for 10,000 articles, of which 150 MB
	// stay); collecting less often meanwhile makes it about a tenth faster.
	// A soft memory limit, when set, still bounds the heap. It changes a
	// setting of the whole process: leave it 0 where other work runs.
	BuildGCPercent int
}

// BuildGCPercent is the BuildGCPercent loket uses when GOGC is not set.
const BuildGCPercent = 400

// KB is a live knowledge base. It is safe for concurrent use.
type KB struct {
	opts    Options
	logger  *slog.Logger
	loader  *content.Loader
	index   *search.Index
	watcher *content.Watcher // nil without a folder

	reloadMu sync.Mutex // one reload at a time
	mu       sync.RWMutex
	status   Status
}

// Status describes the knowledge base being served: what was loaded, the
// problems found, and the last reload.
type Status struct {
	Ready       bool                 `json:"ready"`
	Source      string               `json:"source"`
	LoadedAt    time.Time            `json:"loaded_at"`
	Articles    int                  `json:"articles"`
	Guides      int                  `json:"guides"`
	Drafts      int                  `json:"drafts"`
	Files       int                  `json:"files"`
	Locales     []loket.Locale       `json:"locales"`
	Errors      int                  `json:"errors"`
	Warnings    int                  `json:"warnings"`
	Diagnostics []content.Diagnostic `json:"diagnostics"`
	LastReload  ReloadStats          `json:"last_reload"`
	Reloads     int                  `json:"reloads"`
	ReloadError string               `json:"reload_error,omitempty"`
}

// ReloadStats tells what the last load changed, the work it took to load
// the content, and how long it took in all.
type ReloadStats struct {
	Indexed  int               `json:"indexed"`
	Deleted  int               `json:"deleted"`
	Synonyms int               `json:"synonyms"`
	Content  content.LoadStats `json:"content"`
	Took     time.Duration     `json:"took_ns"`
}

// Open loads the knowledge base and builds its index. It fails when the
// content folder cannot be read or the index cannot be created; problems in
// files are reported in the Status and logged, never fatal.
func Open(ctx context.Context, opts Options) (*KB, error) {
	if opts.FS == nil {
		return nil, fmt.Errorf("kb: no content")
	}
	k := &KB{opts: opts, logger: opts.Logger, loader: content.NewLoader(opts.FS, opts.Content)}
	if k.logger == nil {
		k.logger = slog.Default()
	}
	start := time.Now()
	if opts.BuildGCPercent > 0 {
		defer debug.SetGCPercent(debug.SetGCPercent(opts.BuildGCPercent))
	}
	if opts.Dir != "" {
		// Watch before the first load, so that a change made while loading
		// is not missed.
		w, err := content.NewWatcher(opts.Dir, content.WatchOptions{Debounce: opts.Debounce, Logger: k.logger})
		if err != nil {
			return nil, err
		}
		k.watcher = w
	}
	snap, err := k.loader.Load()
	if err != nil {
		k.closeWatcher()
		return nil, fmt.Errorf("load content: %w", err)
	}
	ix, stats, err := search.Build(ctx, opts.IndexDir, snap, search.Options{Logger: k.logger, Progress: opts.Progress})
	if err != nil {
		k.closeWatcher()
		return nil, fmt.Errorf("build index: %w", err)
	}
	k.index = ix
	k.record(snap, stats, time.Since(start), nil)
	k.logDiagnostics(nil, snap.Diagnostics)
	return k, nil
}

// Library returns the knowledge base as aud sees it.
func (k *KB) Library(aud loket.Audience) loket.Library { return k.index.Library(aud) }

// Snapshot returns the content currently served.
func (k *KB) Snapshot() *content.Snapshot { return k.index.Snapshot() }

// Status returns the current status.
func (k *KB) Status() Status {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.status
}

// Reload reads the content again, looking at every file, and updates the
// index with what changed. A file that no longer loads keeps its last good
// version in service.
func (k *KB) Reload(ctx context.Context) (Status, error) {
	return k.reload(ctx, content.Change{All: true})
}

// reload loads what the change names and updates the index.
func (k *KB) reload(ctx context.Context, c content.Change) (Status, error) {
	k.reloadMu.Lock()
	defer k.reloadMu.Unlock()
	start := time.Now()
	prev := k.index.Snapshot()
	snap, err := k.loader.LoadChange(c)
	if err != nil {
		k.recordError(err)
		return k.Status(), fmt.Errorf("reload content: %w", err)
	}
	stats, err := k.index.Update(ctx, snap)
	if err != nil {
		k.recordError(err)
		return k.Status(), fmt.Errorf("update index: %w", err)
	}
	k.record(snap, stats, time.Since(start), nil)
	k.logDiagnostics(prev.Diagnostics, snap.Diagnostics)
	if stats.Indexed > 0 || stats.Deleted > 0 || stats.Synonyms > 0 {
		k.logger.Info("content reloaded", "indexed", stats.Indexed, "deleted", stats.Deleted,
			"synonyms", stats.Synonyms, "errors", snap.Errors(), "took", time.Since(start).Round(time.Microsecond))
	}
	return k.Status(), nil
}

// Run reloads after every change in the content folder until ctx is done.
// Without a folder it only waits for ctx. Call it once.
func (k *KB) Run(ctx context.Context) error {
	if k.watcher == nil {
		<-ctx.Done()
		return nil
	}
	return k.watcher.Run(ctx, func(c content.Change) {
		if _, err := k.reload(ctx, c); err != nil && ctx.Err() == nil {
			k.logger.Error("content reload failed; the previous content keeps serving", "err", err)
		}
	})
}

// Close stops watching and closes the index.
func (k *KB) Close() error {
	k.closeWatcher()
	return k.index.Close()
}

func (k *KB) closeWatcher() {
	if k.watcher != nil {
		if err := k.watcher.Close(); err != nil {
			k.logger.Warn("stop watching content", "err", err)
		}
	}
}

func (k *KB) record(snap *content.Snapshot, stats search.Stats, took time.Duration, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	source := k.opts.Dir
	if source == "" {
		source = "embedded demo"
	}
	k.status = Status{
		Ready: true, Source: source, LoadedAt: snap.LoadedAt,
		Articles: len(snap.Articles), Guides: len(snap.Guides), Drafts: snap.Drafts, Files: snap.Files,
		Locales: snap.Locales(), Errors: snap.Errors(), Warnings: len(snap.Diagnostics) - snap.Errors(),
		Diagnostics: snap.Diagnostics,
		LastReload:  ReloadStats{Indexed: stats.Indexed, Deleted: stats.Deleted, Synonyms: stats.Synonyms, Content: snap.Stats, Took: took},
		Reloads:     k.status.Reloads + 1,
	}
	if err != nil {
		k.status.ReloadError = err.Error()
	}
}

func (k *KB) recordError(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.status.ReloadError = err.Error()
}

// logDiagnostics logs the diagnostics that are new since the last load, so
// that a broken file is reported once, not on every reload.
func (k *KB) logDiagnostics(before, after []content.Diagnostic) {
	seen := make(map[content.Diagnostic]bool, len(before))
	for _, d := range before {
		seen[d] = true
	}
	for _, d := range after {
		if seen[d] {
			continue
		}
		if d.Severity == content.SeverityError {
			k.logger.Error("content error", "file", d.Path, "line", d.Line, "msg", d.Message)
		} else {
			k.logger.Warn("content warning", "file", d.Path, "line", d.Line, "msg", d.Message)
		}
	}
}
