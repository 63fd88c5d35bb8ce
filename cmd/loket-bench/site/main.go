// Command site measures the help site and the bot as customers reach
// them: over HTTP, against a real "loket serve" process that it starts on
// a loopback port and stops at the end. It prints the figures of the
// "Help site" and "Bot" sections of docs/benchmarks.md:
//
//	go run ./cmd/loket-bench/site                    # the embedded demo content
//	go run ./cmd/loket-bench/site -articles 10000    # the generated knowledge base
//	go run ./cmd/loket-bench/site -content /work/shared/eval/banking77/kb \
//		-queries /work/shared/eval/banking77/queries.jsonl -skip pages,wrk
//
// It measures, one part after the other:
//
//   - pages: GET /{locale}/articles/{id} and GET /{locale}/search?q=…, one
//     request at a time with a visitor cookie, as a browser sends them
//     (Accept-Encoding: gzip); the time from sending the request until the
//     last byte of the body arrived, nearest-rank p50 and p99;
//   - chat: POST /api/v1/chat with streaming, one new conversation per
//     question, one at a time, every query unless -chat says fewer: the
//     time until the first "token" event and until the "done" event;
//   - wrk: requests per second of GET /api/v1/search?q=…&locale=…, with wrk
//     and the script rotate.lua, which sends the queries in turn so that no
//     single query is measured over and over; the report repeats what wrk
//     printed (with --latency), for pasting next to the figures.
//
// The server runs with --rate-search 0 and --rate-chat 0: the rate limits
// (60 searches and 20 chat messages per client and minute by default)
// would otherwise answer most requests with 429. Everything else is the
// default configuration: no language model, so the bot answers
// extractively; request logs at level info, written to a file.
//
// Search queries come from -queries (a query file as loket eval reads it),
// or else the generated queries of -articles (seed -seed), or else the
// titles and customer questions of the public articles and guides. Each
// query is searched in its own locale; article pages are every public
// article in turn.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// config is what the flags ask for.
type config struct {
	content    string
	articles   int
	seed       int64
	queries    string
	loketBin   string
	addr       string
	requests   int
	warmup     int
	chat       int
	wrk        string
	wrkThreads int
	wrkConns   int
	wrkTime    time.Duration
	wrkTimeout time.Duration
	wrkQueries int
	skip       []string
	keep       bool
	asJSON     bool
}

// parts that -skip can leave out.
var parts = []string{"pages", "chat", "wrk"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "site:", err)
		os.Exit(2)
	}
	rep, err := run(ctx, cfg)
	if rep != nil {
		if werr := rep.write(os.Stdout, cfg.asJSON); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "site:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.StringVar(&cfg.content, "content", "", "knowledge base folder; the embedded demo when empty and -articles is 0")
	fs.IntVar(&cfg.articles, "articles", 0, "generate a knowledge base of this many articles (internal/corpus) and serve it")
	fs.Int64Var(&cfg.seed, "seed", 1, "seed of the generated knowledge base and its queries")
	fs.StringVar(&cfg.queries, "queries", "", "query file, one JSON object a line ({\"query\", \"relevant\", \"lang\"}); see the command's doc for the default")
	fs.StringVar(&cfg.loketBin, "loket", "", "loket binary to measure; built from ./cmd/loket when empty")
	fs.StringVar(&cfg.addr, "addr", "", "address for loket serve, HOST:PORT; a free loopback port when empty")
	fs.IntVar(&cfg.requests, "requests", 2000, "measured requests of each page")
	fs.IntVar(&cfg.warmup, "warmup", 200, "requests of each kind before measuring, not counted")
	fs.IntVar(&cfg.chat, "chat", 0, "most chat questions measured (the queries in turn); 0 for every query")
	fs.StringVar(&cfg.wrk, "wrk", "wrk", "wrk binary")
	fs.IntVar(&cfg.wrkThreads, "wrk-threads", 2, "wrk -t")
	fs.IntVar(&cfg.wrkConns, "wrk-connections", 16, "wrk -c")
	fs.DurationVar(&cfg.wrkTime, "wrk-duration", 20*time.Second, "wrk -d")
	fs.DurationVar(&cfg.wrkTimeout, "wrk-timeout", 10*time.Second, "wrk --timeout: slower answers count as timeouts, not in the latency")
	fs.IntVar(&cfg.wrkQueries, "wrk-queries", 500, "distinct queries wrk rotates through")
	skip := fs.String("skip", "", "comma-separated parts to leave out: "+strings.Join(parts, ", "))
	fs.BoolVar(&cfg.keep, "keep", false, "keep the work folder (knowledge base, data, server log, wrk paths) and print where it is")
	fs.BoolVar(&cfg.asJSON, "json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 || cfg.articles < 0 || cfg.requests < 1 || cfg.warmup < 0 || cfg.chat < 0 || cfg.wrkQueries < 1 {
		fs.Usage()
		return nil, fmt.Errorf("bad arguments")
	}
	if cfg.articles > 0 && cfg.content != "" {
		return nil, fmt.Errorf("-content and -articles: choose one")
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
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "site: "+format+"\n", args...)
}
