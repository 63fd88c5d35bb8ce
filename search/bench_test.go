package search_test

// Benchmarks of the search foundation over a generated knowledge base of
// 10,000 articles (internal/corpus, seed 1). The knowledge base and its
// snapshot are generated once per test process, in memory; each benchmark
// builds its own index in a temporary folder. A quick run on fewer
// articles:
//
//	go test -run '^$' -bench . -benchmem ./search
//	LOKET_BENCH_ARTICLES=1000 go test -run '^$' -bench . -benchmem ./search
//
// docs/benchmarks.md has the figures and cmd/loket-bench measures the
// same things end to end.

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/internal/corpus"
	"github.com/loket/loket/search"
)

const (
	benchSeed    = 1
	benchQueries = 1000
)

// benchKB is the generated knowledge base the benchmarks share.
type benchKB struct {
	corpus  *corpus.Corpus
	snap    *content.Snapshot
	queries []corpus.Query
}

var loadBenchKB = sync.OnceValues(func() (*benchKB, error) {
	n := 10000
	if s := os.Getenv("LOKET_BENCH_ARTICLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("LOKET_BENCH_ARTICLES=%q: want a positive number", s)
		}
		n = v
	}
	c, err := corpus.Generate(n, benchSeed)
	if err != nil {
		return nil, err
	}
	snap, err := content.Load(c.FS(), content.Options{})
	if err != nil {
		return nil, err
	}
	if snap.Errors() > 0 {
		return nil, fmt.Errorf("generated knowledge base has %d errors", snap.Errors())
	}
	return &benchKB{corpus: c, snap: snap, queries: c.Queries(benchQueries, benchSeed)}, nil
})

func benchData(b *testing.B) *benchKB {
	b.Helper()
	d, err := loadBenchKB()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

var quiet = search.Options{Logger: slog.New(slog.DiscardHandler)}

// buildIndex builds the index of snap in a temporary folder.
func buildIndex(b *testing.B, snap *content.Snapshot) *search.Index {
	b.Helper()
	ix, _, err := search.Build(context.Background(), b.TempDir(), snap, quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

// BenchmarkBuild measures building the index of the whole knowledge base
// from a loaded snapshot (loading the Markdown is not included).
func BenchmarkBuild(b *testing.B) {
	d := benchData(b)
	dir := b.TempDir()
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ix, _, err := search.Build(ctx, filepath.Join(dir, strconv.Itoa(n)), d.snap, quiet)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		os.RemoveAll(filepath.Join(dir, strconv.Itoa(n)))
		n++
		b.StartTimer()
	}
	b.ReportMetric(float64(len(d.snap.Articles)*n)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearch measures one public search of ten hits, cycling through
// the generated queries (paraphrases with dropped words, swapped words and
// typos).
func BenchmarkSearch(b *testing.B) {
	d := benchData(b)
	lib := buildIndex(b, d.snap).Library(loket.AudiencePublic)
	ctx := context.Background()
	run := func(q corpus.Query) {
		if _, err := lib.Search(ctx, loket.Query{Text: q.Query, Locale: loket.Locale(q.Lang), Limit: 10}); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range d.queries { // warm up caches and the index's memory maps
		run(q)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		run(d.queries[i%len(d.queries)])
		i++
	}
}

// BenchmarkSuggest measures one search-as-you-type request of five
// suggestions, for the first part of each generated query.
func BenchmarkSuggest(b *testing.B) {
	d := benchData(b)
	lib := buildIndex(b, d.snap).Library(loket.AudiencePublic)
	ctx := context.Background()
	suggest := func(q corpus.Query) {
		if _, err := lib.Suggest(ctx, loket.Locale(q.Lang), q.Prefix(), 5); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range d.queries {
		suggest(q)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		suggest(d.queries[i%len(d.queries)])
		i++
	}
}

// BenchmarkUpdateOneFile measures what a saved file costs: the Loader
// re-reads the folder (a stat of every file, a parse of the changed one)
// and the index applies the new snapshot. The metrics split the two.
func BenchmarkUpdateOneFile(b *testing.B) {
	d := benchData(b)
	dir := filepath.Join(b.TempDir(), "kb")
	if _, err := d.corpus.Write(dir); err != nil {
		b.Fatal(err)
	}
	loader := content.NewLoader(os.DirFS(dir), content.Options{})
	snap, err := loader.Load()
	if err != nil {
		b.Fatal(err)
	}
	ix := buildIndex(b, snap)
	ctx := context.Background()
	var load, update time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := d.corpus.Articles[i%len(d.corpus.Articles)]
		src := append(a.Markdown(), "\n"+uniqueWord(i)+"\n"...)
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(a.Path())), src, 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		snap, err := loader.Load()
		if err != nil {
			b.Fatal(err)
		}
		loaded := time.Now()
		st, err := ix.Update(ctx, snap)
		if err != nil {
			b.Fatal(err)
		}
		load, update = load+loaded.Sub(start), update+time.Since(loaded)
		if st.Indexed != 1 {
			b.Fatalf("changed one file, %d documents re-indexed", st.Indexed)
		}
		i++
	}
	b.ReportMetric(float64(load)/1e6/float64(i), "load-ms/op")
	b.ReportMetric(float64(update)/1e6/float64(i), "update-ms/op")
}

// uniqueWord returns a word that occurs in no generated article: "zq"
// followed by i written in letters.
func uniqueWord(i int) string {
	w := []byte("zq")
	for {
		w = append(w, byte('a'+i%26))
		i /= 26
		if i == 0 {
			return string(w)
		}
	}
}
