package twiml_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket/store/sqlite"
	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/voicebot/twiml"
	"github.com/loket/loket/web"
)

// BenchmarkWebhookTurn measures the server time of each webhook of a call
// without a language model: the incoming call (greeting), a question
// (search and the spoken answer) and the caller's "yes" (goodbye), through
// the HTTP handler with signature checks, on a real SQLite file and the
// demo knowledge base. It reports nearest-rank p50 and p99 per webhook.
//
//	go test -run '^$' -bench BenchmarkWebhookTurn -benchtime 2000x ./voicebot/twiml
func BenchmarkWebhookTurn(b *testing.B) {
	lib := library(b)
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "loket.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	clk := &clock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, lib.Site().Hours.Location)}
	bot, err := voicebot.New(voicebot.Options{Library: lib, Calls: db, Handoffs: db, Events: db, Links: db,
		Lines: map[string]voicebot.Line{lineNL: {Language: "nl-NL"}}, Logger: quiet, Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	const base = "https://help.helder.example"
	engine := web.New(web.Options{Logger: quiet})
	twiml.New(twiml.Options{Bot: bot, AuthToken: authToken, PublicURL: base, Logger: quiet}).Register(engine)
	questions := []string{
		"Wanneer krijg ik mijn jaarafrekening?", "Wat kost een monteur?", "Hoe geef ik mijn meterstand door?",
		"Hoe kan ik mijn termijnbedrag aanpassen?", "Ik ga verhuizen, wat moet ik doen?", "Hoe wijzig ik mijn IBAN?",
		"Wat betekent het rode lampje op mijn modem?", "Hoe zeg ik mijn contract op?",
	}
	times := map[string][]time.Duration{}
	post := func(name, path string, f url.Values) {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", twiml.Sign(authToken, base+path, f))
		w := httptest.NewRecorder()
		start := time.Now()
		engine.ServeHTTP(w, req)
		times[name] = append(times[name], time.Since(start))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", name, w.Code, w.Body)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		call := url.Values{"CallSid": {fmt.Sprintf("CA%032d", i)}, "From": {fmt.Sprintf("+316%08d", i)}, "To": {lineNL}}
		post("incoming", "/voice/twilio/incoming", call)
		q := url.Values{"SpeechResult": {questions[i%len(questions)]}, "Confidence": {"0.9"}}
		yes := url.Values{"SpeechResult": {"ja"}, "Confidence": {"0.9"}}
		for k, v := range call {
			q[k], yes[k] = v, v
		}
		post("question", "/voice/twilio/turn", q)
		post("yes", "/voice/twilio/turn", yes)
	}
	b.StopTimer()
	for _, name := range []string{"incoming", "question", "yes"} {
		d := times[name]
		slices.Sort(d)
		b.ReportMetric(ms(d[(len(d)-1)*50/100]), name+"-p50-ms")
		b.ReportMetric(ms(d[(len(d)-1)*99/100]), name+"-p99-ms")
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
