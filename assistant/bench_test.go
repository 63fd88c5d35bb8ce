package assistant_test

// Benchmarks of the bot without a language model (extractive answers):
// the time from a question to the first piece of text and to the whole
// answer, in the engine and through POST /api/v1/chat with streaming, as
// the metrics first-p50-ms, first-p99-ms, done-p50-ms and done-p99-ms
// (nearest-rank over the answered questions), and "unanswered", the share
// of questions declined or met with the bot's own message (a handoff when
// the question asks for a person). On the demo
// content, or on a knowledge base folder and query file:
//
//	go test -run '^$' -bench '^Benchmark(Answer|ChatStream)$' -benchtime 2000x ./assistant
//	LOKET_BENCH_CONTENT=/work/shared/eval/banking77/kb \
//	LOKET_BENCH_QUERIES=/work/shared/eval/banking77/queries.jsonl \
//		go test -run '^$' -bench '^Benchmark(Answer|ChatStream)$' -benchtime 3080x ./assistant
//
// docs/benchmarks.md has the figures; cmd/loket-bench/site measures the
// same stream against a running loket serve, and "loket eval --answers"
// the engine with recall and declines.

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/internal/benchkit"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/search"
	"github.com/loket/loket/web"
)

// BenchmarkAnswer asks the engine the questions in turn and times its
// tokens callback (the first text) and its return (the whole answer).
func BenchmarkAnswer(b *testing.B) {
	lib, questions := benchQuestions(b)
	eng := assistant.NewEngine(assistant.EngineOptions{Library: lib, Logger: quiet})
	ctx := context.Background()
	var first, done []time.Duration
	unanswered, asked := 0, 0
	for i := 0; b.Loop(); i++ {
		q := questions[i%len(questions)]
		start := time.Now()
		var firstAt time.Duration
		a, err := eng.Answer(ctx, q, func(string) {
			if firstAt == 0 {
				firstAt = time.Since(start)
			}
		})
		took := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		asked++
		if a.Declined {
			unanswered++
			continue
		}
		first, done = append(first, firstAt), append(done, took)
	}
	reportLatency(b, first, done, unanswered, asked)
}

// BenchmarkChatStream sends the questions to POST /api/v1/chat with
// streaming over a real HTTP round trip (httptest, loopback), each in a
// new conversation stored in a real SQLite database, and times the first
// "token" event and the "done" event as the client reads them.
func BenchmarkChatStream(b *testing.B) {
	lib, questions := benchQuestions(b)
	db := openDB(b)
	eng := assistant.NewEngine(assistant.EngineOptions{Library: lib, Logger: quiet})
	bot, err := assistant.NewBot(assistant.BotOptions{Engine: eng, Library: lib, Conversations: db, Handoffs: db, Events: db, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	e := web.New(web.Options{Logger: quiet})
	assistant.NewAPI(bot, assistant.APIOptions{Logger: quiet}).Register(e)
	srv := httptest.NewServer(e)
	b.Cleanup(srv.Close)
	client := srv.Client()
	var first, done []time.Duration
	unanswered, asked := 0, 0
	for i := 0; b.Loop(); i++ {
		s := streamChat(b, client, srv.URL, questions[i%len(questions)])
		asked++
		if s.Mode != string(loket.ModeExtractive) && s.Mode != string(loket.ModeGenerated) {
			unanswered++
			continue
		}
		first, done = append(first, s.FirstToken), append(done, s.Done)
	}
	reportLatency(b, first, done, unanswered, asked)
}

func streamChat(tb testing.TB, client *http.Client, base string, q loket.Question) benchkit.ChatTiming {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"message": q.Text, "locale": q.Locale, "stream": true})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/chat", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("chat %q: %s", q.Text, res.Status)
	}
	s, err := benchkit.ReadChatStream(res.Body, start, q.Text)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// reportLatency reports the nearest-rank p50 and p99 of the first text
// and the whole answer, and the share not answered.
func reportLatency(b *testing.B, first, done []time.Duration, unanswered, asked int) {
	b.Helper()
	for _, m := range []struct {
		name    string
		samples []time.Duration
	}{{"first", first}, {"done", done}} {
		if len(m.samples) == 0 {
			continue
		}
		slices.Sort(m.samples)
		at := func(p float64) float64 {
			i := int(math.Ceil(p*float64(len(m.samples)))) - 1
			return float64(m.samples[max(0, min(i, len(m.samples)-1))]) / float64(time.Millisecond)
		}
		b.ReportMetric(at(0.50), m.name+"-p50-ms")
		b.ReportMetric(at(0.99), m.name+"-p99-ms")
	}
	if asked > 0 {
		b.ReportMetric(float64(unanswered)/float64(asked), "unanswered")
	}
}

// benchQuestions returns the public library and the questions to ask: the
// query file LOKET_BENCH_QUERIES over the knowledge base folder
// LOKET_BENCH_CONTENT when set, or else the titles and customer questions
// of the demo's public articles and guides.
func benchQuestions(tb testing.TB) (loket.Library, []loket.Question) {
	tb.Helper()
	dir, file := os.Getenv("LOKET_BENCH_CONTENT"), os.Getenv("LOKET_BENCH_QUERIES")
	if (dir == "") != (file == "") {
		tb.Fatal("set both LOKET_BENCH_CONTENT and LOKET_BENCH_QUERIES, or neither")
	}
	if dir == "" {
		lib := library(tb, loket.AudiencePublic)
		return lib, demoQuestions(lib)
	}
	lib := folderLibrary(tb, dir)
	f, err := os.Open(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	qs, err := search.ReadEvalQueries(f)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]loket.Question, len(qs))
	for i, q := range qs {
		out[i] = loket.Question{Text: q.Query, Locale: loket.Locale(q.Lang)}
	}
	return lib, out
}

func demoQuestions(lib loket.Library) []loket.Question {
	var out []loket.Question
	add := func(m *loket.Meta) {
		for _, text := range append([]string{m.Title}, m.Questions...) {
			out = append(out, loket.Question{Text: text, Locale: m.Locale})
		}
	}
	for _, l := range lib.Locales() {
		for _, a := range lib.Articles(loket.ArticleFilter{Locale: l}) {
			add(&a.Meta)
		}
		for _, g := range lib.Guides(l) {
			add(&g.Meta)
		}
	}
	return out
}

// folderLibrary returns the public library of a knowledge base folder,
// indexed in a temporary folder.
func folderLibrary(tb testing.TB, dir string) loket.Library {
	tb.Helper()
	k, err := kb.Open(context.Background(), kb.Options{FS: os.DirFS(dir), IndexDir: tb.TempDir(), Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { k.Close() })
	return k.Library(loket.AudiencePublic)
}
