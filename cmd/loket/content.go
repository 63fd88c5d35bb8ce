package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"runtime/debug"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/kb"
)

// contentFlags are the flags of every command that reads a knowledge base.
type contentFlags struct {
	dir           string
	defaultLocale string
	strict        bool
}

func (c *contentFlags) register(fs *flag.FlagSet, e *env, withDir bool) {
	if withDir {
		fs.StringVar(&c.dir, "content", e.envOr("LOKET_CONTENT", ""), "knowledge base folder; the embedded demo when empty (env LOKET_CONTENT)")
	}
	fs.StringVar(&c.defaultLocale, "default-locale", e.envOr("LOKET_DEFAULT_LOCALE", "nl"), "locale of files outside a locale folder (env LOKET_DEFAULT_LOCALE)")
}

// options returns the loader options the flags describe.
func (c *contentFlags) options() (content.Options, error) {
	l, err := loket.ParseLocale(c.defaultLocale)
	if err != nil {
		return content.Options{}, fmt.Errorf("--default-locale: %s", loket.ErrorMessage(err))
	}
	return content.Options{DefaultLocale: l, Strict: c.strict}, nil
}

// source opens the knowledge base: the folder dir, read through os.Root so
// that no path can leave it, or the embedded demo when dir is empty.
func source(dir string) (fs.FS, error) {
	if dir == "" {
		return demo.FS(), nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("content folder: %s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	}
	return root.FS(), nil
}

// openKB loads a knowledge base and builds its index in indexDir. Of
// opts.Content, only Progress is kept: the flags give the rest.
func openKB(ctx context.Context, c *contentFlags, indexDir string, opts kb.Options) (*kb.KB, error) {
	copts, err := c.options()
	if err != nil {
		return nil, err
	}
	fsys, err := source(c.dir)
	if err != nil {
		return nil, err
	}
	copts.Progress = opts.Content.Progress
	opts.FS, opts.Dir, opts.IndexDir, opts.Content = fsys, c.dir, indexDir, copts
	if buildGC() {
		opts.BuildGCPercent = kb.BuildGCPercent
	}
	return kb.Open(ctx, opts)
}

// buildGC reports whether the first build may run with the collector at
// kb.BuildGCPercent: not when the operator set GOGC, and not under a soft
// memory limit (loket serve's, or GOMEMLIMIT), where the heap a build
// grows to counts more than its speed.
func buildGC() bool {
	_, set := os.LookupEnv("GOGC")
	return !set && debug.SetMemoryLimit(-1) == math.MaxInt64
}

// openTempKB opens a knowledge base for one command, with its index in a
// temporary folder; closeKB closes it and removes the folder.
func openTempKB(ctx context.Context, c *contentFlags) (k *kb.KB, closeKB func(), err error) {
	dir, cleanup, err := tempIndex()
	if err != nil {
		return nil, nil, err
	}
	k, err = openKB(ctx, c, dir, kb.Options{Logger: discardLogger()})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	return k, func() { k.Close(); cleanup() }, nil
}

// audience is the audience a command reads as: internal with --internal.
func audience(internal bool) loket.Audience {
	if internal {
		return loket.AudienceInternal
	}
	return loket.AudiencePublic
}

// tempIndex returns a temporary folder for an index and a function that
// removes it.
func tempIndex() (string, func(), error) {
	dir, err := os.MkdirTemp("", "loket-index-")
	if err != nil {
		return "", nil, fmt.Errorf("temporary index folder: %w", err)
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
