package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/loket/loket/content"
	"github.com/loket/loket/kb"
)

func runIndex(ctx context.Context, e *env, args []string) error {
	var c contentFlags
	var out string
	fs := newFlags(e, "index", "DIR", "Load a knowledge base, build its search index and print figures.")
	c.register(fs, e, false)
	fs.StringVar(&out, "out", "", "folder to build the index in; a temporary folder, removed afterwards, when empty")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	c.dir = fs.Arg(0)
	if out == "" {
		dir, cleanup, err := tempIndex()
		if err != nil {
			return err
		}
		defer cleanup()
		out = dir
	}
	bar := newProgress(e.stderr)
	start := time.Now()
	k, err := openKB(ctx, &c, out, kb.Options{Logger: discardLogger(), Progress: bar.stage("indexing"),
		Content: content.Options{Progress: bar.stage("loading")}})
	if err != nil {
		return err
	}
	defer k.Close()
	bar.done()
	took := time.Since(start)
	st := k.Status()
	docs := st.Articles + st.Guides
	fmt.Fprintf(e.stdout, "documents  %d (%d articles, %d guides) from %d files\n", docs, st.Articles, st.Guides, st.Files)
	fmt.Fprintf(e.stdout, "locales    %v\n", st.Locales)
	fmt.Fprintf(e.stdout, "problems   %d errors, %d warnings (run loket lint for details)\n", st.Errors, st.Warnings)
	fmt.Fprintf(e.stdout, "took       %v (%.0f documents/s)\n", took.Round(time.Millisecond), float64(docs)/took.Seconds())
	fmt.Fprintf(e.stdout, "index      %s on disk\n", humanBytes(dirSize(out)))
	return nil
}

// progress draws a progress bar on a terminal and stays silent elsewhere.
type progress struct {
	w     io.Writer
	tty   bool
	shown bool
}

func newProgress(w io.Writer) *progress { return &progress{w: w, tty: isTerminal(w)} }

// stage returns the function that reports the progress of one stage of
// the work ("loading", "indexing") on the bar.
func (p *progress) stage(name string) func(done, total int) {
	return func(done, total int) {
		if !p.tty || total == 0 {
			return
		}
		const width = 30
		n := done * width / total
		fmt.Fprintf(p.w, "\r%-8s [%s%s] %d/%d   ", name, strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
		p.shown = true
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
