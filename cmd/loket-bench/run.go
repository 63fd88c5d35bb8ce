package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/internal/corpus"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/search"
)

// run measures everything the configuration asks for. It returns the
// report so far with the first error, so that figures measured before a
// failure are still printed.
func run(ctx context.Context, cfg *config) (*report, error) {
	rep := &report{Machine: readMachine(), Command: strings.Join(append([]string{"loket-bench"}, os.Args[1:]...), " ")}
	work, err := os.MkdirTemp("", "loket-bench-")
	if err != nil {
		return nil, err
	}
	if cfg.keep {
		cfg.progress("keeping %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	kbDir := filepath.Join(work, "kb")
	c, queries, err := generate(cfg, kbDir, rep)
	if err != nil {
		return rep, err
	}
	snap, err := measureBuild(ctx, cfg, kbDir, filepath.Join(work, "index"), queries, rep)
	if err != nil {
		return rep, err
	}
	steps := []struct {
		part string
		run  func() error
	}{
		{"fts5", func() error { return compareFTS5(ctx, cfg, work, "generated", snap, queries, rep) }},
		{"freshness", func() error { return runFreshness(ctx, cfg, work, kbDir, c, rep) }},
		{"server", func() error { return runServer(ctx, cfg, work, kbDir, queries, rep) }},
		{"eval", func() error { return runEvalSets(ctx, cfg, work, rep) }},
	}
	for _, s := range steps {
		if !cfg.runs(s.part) {
			continue
		}
		if err := s.run(); err != nil {
			rep.Problems = append(rep.Problems, s.part+": "+err.Error())
			cfg.progress("%s: %v", s.part, err)
		}
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.check()
	rep.Machine.LoadEnd = loadAverage()
	if len(rep.Problems) > 0 {
		return rep, fmt.Errorf("%d parts failed", len(rep.Problems))
	}
	return rep, nil
}

// generate writes the knowledge base into dir and returns its queries.
func generate(cfg *config, dir string, rep *report) (*corpus.Corpus, []search.EvalQuery, error) {
	cfg.progress("generating %d articles (seed %d)", cfg.articles, cfg.seed)
	start := time.Now()
	c, err := corpus.Generate(cfg.articles, cfg.seed)
	if err != nil {
		return nil, nil, err
	}
	generated := time.Now()
	st, err := c.Write(dir)
	if err != nil {
		return nil, nil, err
	}
	rep.Corpus = corpusFigures{Articles: cfg.articles, Seed: cfg.seed, Queries: cfg.queries, Stats: st,
		GenerateMs: ms(generated.Sub(start)), WriteMs: ms(time.Since(generated))}
	if cfg.keep {
		rep.Corpus.Dir = dir
	}
	var qs []search.EvalQuery
	for _, q := range c.Queries(cfg.queries, cfg.seed) {
		qs = append(qs, search.EvalQuery{Query: q.Query, Relevant: q.Relevant, Lang: q.Lang})
	}
	return c, qs, nil
}

// measureBuild loads the knowledge base and builds its index, as loket
// index and the server's start do, then measures search and suggestions
// on it. It returns the snapshot for the FTS5 comparison.
func measureBuild(ctx context.Context, cfg *config, kbDir, indexDir string, qs []search.EvalQuery, rep *report) (*content.Snapshot, error) {
	cfg.progress("loading and indexing")
	root, err := os.OpenRoot(kbDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	// The collector's setting while building, as loket index has it
	// (cmd/loket openKB): without GOGC and without a memory limit.
	gc := -2
	if _, set := os.LookupEnv("GOGC"); !set && debug.SetMemoryLimit(-1) == math.MaxInt64 {
		gc = debug.SetGCPercent(kb.BuildGCPercent)
	}
	start := time.Now()
	snap, err := content.Load(root.FS(), content.Options{})
	if err != nil {
		return nil, err
	}
	if snap.Errors() > 0 {
		return nil, fmt.Errorf("the generated knowledge base has %d errors", snap.Errors())
	}
	loaded := time.Now()
	ix, _, err := search.Build(ctx, indexDir, snap, search.Options{Logger: quietLogger})
	if gc != -2 {
		debug.SetGCPercent(gc)
	}
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	rep.Build = buildFigures{Documents: len(snap.Articles) + len(snap.Guides),
		LoadMs: ms(loaded.Sub(start)), IndexMs: ms(time.Since(loaded)), TotalMs: ms(time.Since(start)),
		IndexMB: float64(dirSize(indexDir)) / (1 << 20)}
	if !cfg.runs("search") {
		return snap, nil
	}
	cfg.progress("searching: %d queries, %d passes", len(qs), cfg.passes)
	lib := ix.Library(loket.AudiencePublic)
	q, err := evaluate(ctx, loketEngine{lib}, qs, cfg.passes)
	if err != nil {
		return nil, err
	}
	rep.Search = &q.Latency
	rep.addResult("generated", len(snap.Articles), engineResult{Engine: "Loket", BuildMs: rep.Build.IndexMs, Quality: q})
	prefixes := make([]search.EvalQuery, len(qs))
	for i, x := range qs {
		prefixes[i] = search.EvalQuery{Query: corpus.Query{Query: x.Query}.Prefix(), Lang: x.Lang}
	}
	sl, err := measureSuggest(ctx, lib, prefixes, cfg.passes)
	if err != nil {
		return nil, err
	}
	rep.Suggest = &sl
	return snap, nil
}

// compareFTS5 builds the FTS5 table of snap and evaluates its variants on
// the queries, as the set named set.
func compareFTS5(ctx context.Context, cfg *config, work, set string, snap *content.Snapshot, qs []search.EvalQuery, rep *report) error {
	cfg.progress("FTS5 on %s", set)
	dir, err := os.MkdirTemp(work, "fts5-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fts, took, err := buildFTS5(ctx, dir, snap)
	if errors.Is(err, errNoFTS5) {
		rep.note(err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	defer fts.Close()
	for _, v := range fts.variants() {
		q, err := evaluate(ctx, v.engine, qs, cfg.passes)
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		rep.addResult(set, len(snap.Articles), engineResult{Engine: v.name, BuildMs: ms(took), Quality: q})
	}
	return nil
}

func runFreshness(ctx context.Context, cfg *config, work, kbDir string, c *corpus.Corpus, rep *report) error {
	cfg.progress("freshness: opening the knowledge base with its watcher, %d saves", cfg.freshRuns)
	f, err := measureFreshness(ctx, kbDir, filepath.Join(work, "fresh-index"), c, cfg.freshRuns, cfg.seed)
	rep.Freshness = &f
	return err
}

func runServer(ctx context.Context, cfg *config, work, kbDir string, qs []search.EvalQuery, rep *report) error {
	bin := cfg.loketBin
	if bin == "" {
		cfg.progress("building cmd/loket")
		var err error
		if bin, err = buildLoket(ctx, work); err != nil {
			return err
		}
	}
	cfg.progress("memory: running loket serve")
	m, err := measureServer(ctx, bin, kbDir, filepath.Join(work, "data"), qs)
	rep.Server = &m
	return err
}

// runEvalSets compares Loket and FTS5 on every evaluation set in
// cfg.evalDir: a folder with kb/ and queries.jsonl.
func runEvalSets(ctx context.Context, cfg *config, work string, rep *report) error {
	entries, err := os.ReadDir(cfg.evalDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		dir := filepath.Join(cfg.evalDir, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "queries.jsonl")); !e.IsDir() || err != nil {
			continue
		}
		if err := runEvalSet(ctx, cfg, work, e.Name(), dir, rep); err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
	}
	return nil
}

func runEvalSet(ctx context.Context, cfg *config, work, name, dir string, rep *report) error {
	cfg.progress("evaluation set %s", name)
	f, err := os.Open(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		return err
	}
	qs, err := search.ReadEvalQueries(f)
	f.Close()
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(filepath.Join(dir, "kb"))
	if err != nil {
		return err
	}
	defer root.Close()
	snap, err := content.Load(root.FS(), content.Options{})
	if err != nil {
		return err
	}
	indexDir, err := os.MkdirTemp(work, "eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(indexDir)
	start := time.Now()
	ix, _, err := search.Build(ctx, filepath.Join(indexDir, "index"), snap, search.Options{Logger: quietLogger})
	if err != nil {
		return err
	}
	defer ix.Close()
	took := time.Since(start)
	q, err := evaluate(ctx, loketEngine{ix.Library(loket.AudiencePublic)}, qs, cfg.passes)
	if err != nil {
		return err
	}
	rep.addResult(name, len(snap.Articles), engineResult{Engine: "Loket", BuildMs: ms(took), Quality: q})
	if cfg.runs("fts5") {
		return compareFTS5(ctx, cfg, work, name, snap, qs, rep)
	}
	return nil
}

// dirSize returns the size of the files below dir.
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
