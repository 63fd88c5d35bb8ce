package faq_test

// Benchmarks of the help site's pages: the time the server spends on one
// request, in process (the gin engine's ServeHTTP with a real kb, a real
// Bleve index and a real SQLite database; no network), as the p50-ms and
// p99-ms metrics (nearest-rank over every measured request). On the demo
// content and on a generated knowledge base of 10,000 articles
// (internal/corpus, seed 1):
//
//	go test -run '^$' -bench '^BenchmarkPages$' -benchtime 2000x ./faq
//	go test -run '^$' -bench '^BenchmarkPages$/demo' ./faq
//	LOKET_BENCH_ARTICLES=1000 go test -run '^$' -bench '^BenchmarkPages$' ./faq
//
// docs/benchmarks.md has the figures; cmd/loket-bench/site measures the
// same pages over HTTP against a running loket serve.

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/internal/corpus"
	"github.com/loket/loket/web"
)

// pageWorkload is a knowledge base with the pages customers ask of it.
type pageWorkload struct {
	fsys     fs.FS
	articles []string // "/nl/articles/internet/storing"
	queries  []benchQuery
}

type benchQuery struct {
	text   string
	locale loket.Locale
}

// BenchmarkPages measures the article page, the search results page and
// the search API. Every public article is requested in turn; the queries
// are the titles and customer questions of the public documents (demo) or
// the 1,000 generated queries (generated-N), each in its own locale. The
// requests carry a visitor cookie and ask for gzip, as a browser's do.
func BenchmarkPages(b *testing.B) {
	b.Run("demo", func(b *testing.B) { benchPages(b, demoWorkload(b)) })
	n := benchArticles(b)
	b.Run("generated-"+strconv.Itoa(n), func(b *testing.B) { benchPages(b, generatedWorkload(b, n)) })
}

func benchPages(b *testing.B, w pageWorkload) {
	s := newTestSite(b, w.fsys, nil)
	h := s.Config.Handler
	cookie := visitorCookie(b, h)
	search, api := make([]string, len(w.queries)), make([]string, len(w.queries))
	for i, q := range w.queries {
		search[i] = "/" + string(q.locale) + "/search?" + url.Values{"q": {q.text}}.Encode()
		api[i] = "/api/v1/search?" + url.Values{"q": {q.text}, "locale": {string(q.locale)}}.Encode()
	}
	b.Run("article", func(b *testing.B) { benchGet(b, h, cookie, w.articles) })
	b.Run("search", func(b *testing.B) { benchGet(b, h, cookie, search) })
	b.Run("api-search", func(b *testing.B) { benchGet(b, h, cookie, api) })
}

// benchGet requests the paths in turn, after a warm-up round of at most
// 200 of them, and reports the percentiles of ServeHTTP's time.
func benchGet(b *testing.B, h http.Handler, cookie *http.Cookie, paths []string) {
	for _, p := range paths[:min(len(paths), 200)] {
		serve(b, h, cookie, p)
	}
	var samples []time.Duration
	for i := 0; b.Loop(); i++ {
		samples = append(samples, serve(b, h, cookie, paths[i%len(paths)]))
	}
	reportPercentiles(b, samples)
}

func serve(tb testing.TB, h http.Handler, cookie *http.Cookie, path string) time.Duration {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.AddCookie(cookie)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	took := time.Since(start)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return took
}

// visitorCookie returns the cookie a first visit to the home page sets.
func visitorCookie(tb testing.TB, h http.Handler) *http.Cookie {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/nl/", nil))
	for _, c := range rec.Result().Cookies() {
		if c.Name == web.VisitorCookie {
			return c
		}
	}
	tb.Fatal("the home page sets no visitor cookie")
	return nil
}

// reportPercentiles reports the nearest-rank p50 and p99 of samples.
func reportPercentiles(b *testing.B, samples []time.Duration) {
	if len(samples) == 0 {
		return
	}
	slices.Sort(samples)
	at := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(samples)))) - 1
		return float64(samples[max(0, min(i, len(samples)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

func demoWorkload(tb testing.TB) pageWorkload {
	tb.Helper()
	snap, err := content.Load(demo.FS(), content.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	w := pageWorkload{fsys: demo.FS()}
	add := func(m *loket.Meta) {
		if m.Audience != loket.AudiencePublic {
			return
		}
		for _, text := range append([]string{m.Title}, m.Questions...) {
			w.queries = append(w.queries, benchQuery{text, m.Locale})
		}
	}
	for _, a := range snap.Articles {
		if a.Audience == loket.AudiencePublic {
			w.articles = append(w.articles, a.URL)
		}
		add(&a.Meta)
	}
	for _, g := range snap.Guides {
		add(&g.Meta)
	}
	return w.shuffled()
}

func generatedWorkload(tb testing.TB, n int) pageWorkload {
	tb.Helper()
	c, err := corpus.Generate(n, 1)
	if err != nil {
		tb.Fatal(err)
	}
	w := pageWorkload{fsys: c.FS()}
	for _, a := range c.Articles {
		if a.Audience == loket.AudiencePublic {
			w.articles = append(w.articles, "/"+string(a.Locale)+"/articles/"+a.ID)
		}
	}
	for _, q := range c.Queries(1000, 1) {
		w.queries = append(w.queries, benchQuery{q.Query, loket.Locale(q.Lang)})
	}
	return w.shuffled()
}

// shuffled mixes locales and categories with a fixed seed, so that a short
// run requests a fair sample.
func (w pageWorkload) shuffled() pageWorkload {
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(w.articles), func(i, j int) { w.articles[i], w.articles[j] = w.articles[j], w.articles[i] })
	rng.Shuffle(len(w.queries), func(i, j int) { w.queries[i], w.queries[j] = w.queries[j], w.queries[i] })
	return w
}

// benchArticles is the size of the generated knowledge base:
// LOKET_BENCH_ARTICLES, or 10,000.
func benchArticles(tb testing.TB) int {
	tb.Helper()
	s := os.Getenv("LOKET_BENCH_ARTICLES")
	if s == "" {
		return 10000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("LOKET_BENCH_ARTICLES=%q: want a positive number", s)
	}
	return n
}
