package content_test

// Benchmarks of loading a generated knowledge base (internal/corpus, seed
// 1, 10,000 articles; LOKET_BENCH_ARTICLES for another size):
//
//	go test -run '^$' -bench . -benchmem ./content
//	LOKET_BENCH_ARTICLES=1000 go test -run '^$' -bench . ./content
//
// BenchmarkLoad reports heap-MB, the live heap a Loader and its Snapshot
// hold after a full load, and text-MB and html-MB, the plain text and
// rendered HTML of the snapshot's articles counted once per distinct
// backing array. BenchmarkReloadOneFile changes one file on disk and loads
// again, as kb does after the watcher's debounce. docs/benchmarks.md has
// the figures.

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/loket/loket/content"
	"github.com/loket/loket/internal/corpus"
)

func benchArticles(b *testing.B) int {
	b.Helper()
	s := os.Getenv("LOKET_BENCH_ARTICLES")
	if s == "" {
		return 10000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		b.Fatalf("LOKET_BENCH_ARTICLES=%q: want a positive number", s)
	}
	return n
}

func BenchmarkLoad(b *testing.B) {
	c, err := corpus.Generate(benchArticles(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	fsys := c.FS()
	var heap uint64
	var snap *content.Snapshot
	for b.Loop() {
		before := liveHeap()
		loader := content.NewLoader(fsys, content.Options{})
		if snap, err = loader.Load(); err != nil {
			b.Fatal(err)
		}
		heap = liveHeap() - before
		runtime.KeepAlive(loader)
	}
	if snap.Errors() > 0 {
		b.Fatalf("%d errors: %v", snap.Errors(), snap.Diagnostics[0])
	}
	text, html := snapshotStrings(snap)
	b.ReportMetric(float64(heap)/1e6, "heap-MB")
	b.ReportMetric(float64(text)/1e6, "text-MB")
	b.ReportMetric(float64(html)/1e6, "html-MB")
}

// liveHeap returns the bytes of live heap objects after a collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// snapshotStrings returns the bytes of article text (Text, Summary and
// section texts) and of HTML in s, counting each backing array once.
func snapshotStrings(s *content.Snapshot) (text, html int) {
	type span struct{ start, end uintptr }
	var spans []span
	add := func(v string) {
		if v != "" {
			p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
			spans = append(spans, span{p, p + uintptr(len(v))})
		}
	}
	for _, a := range s.Articles {
		add(a.Text)
		add(a.Summary)
		for _, sec := range a.Sections {
			add(sec.Text)
		}
		html += len(a.HTML)
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	end := uintptr(0)
	for _, sp := range spans {
		from := max(sp.start, end)
		if sp.end > from {
			text += int(sp.end - from)
			end = sp.end
		}
	}
	return text, html
}

func BenchmarkReloadOneFile(b *testing.B) {
	c, err := corpus.Generate(benchArticles(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := c.Write(dir); err != nil {
		b.Fatal(err)
	}
	loader := content.NewLoader(os.DirFS(dir), content.Options{})
	if _, err := loader.Load(); err != nil {
		b.Fatal(err)
	}
	a := c.Articles[len(c.Articles)/2]
	name := filepath.Join(dir, filepath.FromSlash(a.Path()))
	src := a.Markdown()
	clock := time.Now()
	i := 0
	run := func(b *testing.B, load func() (*content.Snapshot, error)) {
		for b.Loop() {
			b.StopTimer()
			i++
			clock = clock.Add(time.Second)
			if err := os.WriteFile(name, fmt.Appendf(slices.Clone(src), "\nwoord%d\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			if err := os.Chtimes(name, clock, clock); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			snap, err := load()
			if err != nil {
				b.Fatal(err)
			}
			if snap.Stats.Parsed != 1 || snap.Article(a.Locale, a.ID) == nil {
				b.Fatalf("%s: stats %+v", a.Path(), snap.Stats)
			}
		}
	}
	b.Run("Load", func(b *testing.B) { run(b, loader.Load) })
	b.Run("LoadChange", func(b *testing.B) {
		run(b, func() (*content.Snapshot, error) { return loader.LoadChange(content.Change{Paths: []string{a.Path()}}) })
	})
}
