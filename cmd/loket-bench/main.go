// Command loket-bench measures the search foundation and prints the
// figures of docs/benchmarks.md in one run:
//
//	go run -tags sqlite_fts5 ./cmd/loket-bench -articles 10000
//
// It generates a knowledge base (internal/corpus) into a temporary folder
// and measures, on it:
//
//   - the full index build: loading the Markdown and building the index;
//   - search and suggestion latency in process, over generated queries;
//   - how soon a saved file is searchable, through kb with the folder
//     watcher, as the server runs it;
//   - the resident memory of a real "loket serve" process;
//   - recall and latency next to a SQLite FTS5 BM25 table on the same
//     articles (needs the build tag sqlite_fts5), on the generated
//     knowledge base and on the evaluation sets in -eval.
//
// Run it from the module root: the memory figure builds cmd/loket with
// "go build". -skip leaves parts out for a quick run; -json prints one
// JSON object instead of text.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

// config is what the flags ask for.
type config struct {
	articles   int
	seed       int64
	queries    int
	passes     int
	evalDir    string
	freshRuns  int
	loketBin   string
	skip       []string
	keep       bool
	asJSON     bool
	jsonFile   string
	progressTo io.Writer
}

// parts that -skip can leave out.
var parts = []string{"search", "fts5", "freshness", "server", "eval"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "loket-bench:", err)
		os.Exit(2)
	}
	rep, err := run(ctx, cfg)
	if rep != nil {
		if werr := rep.write(os.Stdout, cfg.asJSON); werr != nil && err == nil {
			err = werr
		}
		if werr := rep.writeFile(cfg.jsonFile); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loket-bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{progressTo: os.Stderr}
	fs := flag.NewFlagSet("loket-bench", flag.ContinueOnError)
	fs.IntVar(&cfg.articles, "articles", 10000, "articles in the generated knowledge base")
	fs.Int64Var(&cfg.seed, "seed", 1, "seed of the generated knowledge base and queries")
	fs.IntVar(&cfg.queries, "queries", 1000, "generated queries")
	fs.IntVar(&cfg.passes, "passes", 3, "measured passes over the queries, after one to warm up")
	fs.StringVar(&cfg.evalDir, "eval", "/work/shared/eval", "folder of evaluation sets: <set>/kb and <set>/queries.jsonl")
	fs.IntVar(&cfg.freshRuns, "fresh-runs", 20, "files saved to measure how soon a change is searchable")
	fs.StringVar(&cfg.loketBin, "loket", "", "loket binary for the memory figure; built from ./cmd/loket when empty")
	skip := fs.String("skip", "", "comma-separated parts to leave out: "+strings.Join(parts, ", "))
	fs.BoolVar(&cfg.keep, "keep", false, "keep the generated knowledge base and print where it is")
	fs.BoolVar(&cfg.asJSON, "json", false, "print one JSON object")
	fs.StringVar(&cfg.jsonFile, "json-file", "", "also write the JSON object to this file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 || cfg.articles < 1 || cfg.queries < 1 || cfg.passes < 1 {
		fs.Usage()
		return nil, fmt.Errorf("bad arguments")
	}
	for _, p := range strings.Split(*skip, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !slices.Contains(parts, p) {
			return nil, fmt.Errorf("-skip %s: not one of %s", p, strings.Join(parts, ", "))
		}
		cfg.skip = append(cfg.skip, p)
	}
	return cfg, nil
}

func (c *config) runs(part string) bool { return !slices.Contains(c.skip, part) }

// progress reports what the run is doing, on standard error.
func (c *config) progress(format string, args ...any) {
	fmt.Fprintf(c.progressTo, "loket-bench: "+format+"\n", args...)
}

var quietLogger = slog.New(slog.DiscardHandler)
