package assistant_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/assistant/openai"
	"github.com/loket/loket/assistant/openaitest"
	"github.com/loket/loket/web"
)

// fakeModel starts an OpenAI-compatible server with behaviour b and a
// client for it, with a short first-token limit.
func fakeModel(tb testing.TB, b openaitest.Behaviour) (*openaitest.Server, assistant.Model) {
	tb.Helper()
	srv := openaitest.NewServer(tb, openaitest.WithBehaviour(b), openaitest.WithAPIKey("test-key"))
	temp := float32(0)
	m, err := openai.New(openai.Config{BaseURL: srv.URL(), APIKey: "test-key", Model: "helder-test", Temperature: &temp,
		FirstToken: 500 * time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	return srv, m
}

var passageHeader = regexp.MustCompile(`(?m)^\[(\d+)\] .*$`)

// groundedReply answers like a good model: the first sentence of the first
// passage it was given, cited.
func groundedReply(r openaitest.Request) string {
	q := r.Last("user")
	loc := passageHeader.FindStringIndex(q)
	if loc == nil {
		return "NO_ANSWER"
	}
	rest := strings.TrimSpace(q[loc[1]:])
	if i := strings.Index(rest, ". "); i > 0 {
		rest = rest[:i]
	}
	return strings.TrimSuffix(rest, ".") + " [1]."
}

func engine(tb testing.TB, m assistant.Model) *assistant.Engine {
	return assistant.NewEngine(assistant.EngineOptions{Library: library(tb, loket.AudiencePublic), Model: m, Logger: quiet})
}

func ask(tb testing.TB, e *assistant.Engine, q string) (*loket.Answer, string) {
	tb.Helper()
	var streamed strings.Builder
	a, err := e.Answer(context.Background(), loket.Question{Text: q, Locale: "nl"}, func(s string) { streamed.WriteString(s) })
	if err != nil {
		tb.Fatal(err)
	}
	return a, streamed.String()
}

func TestModelAnswersWell(t *testing.T) {
	srv, m := fakeModel(t, openaitest.ReplyFunc(groundedReply))
	a, streamed := ask(t, engine(t, m), "Hoe geef ik mijn meterstand door?")
	if a.Mode != loket.ModeGenerated || len(a.Citations) != 1 || a.Citations[0].ID != "energie/meterstand-doorgeven" || !strings.HasSuffix(a.Text, "[1].") {
		t.Fatalf("answer = %+v", a)
	}
	if streamed != a.Text {
		t.Errorf("streamed %q, answer %q", streamed, a.Text)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || !reqs[0].Stream || reqs[0].Model != "helder-test" || len(reqs[0].Messages) < 2 {
		t.Fatalf("requests = %+v", reqs)
	}
	sys, user := reqs[0].Messages[0], reqs[0].Last("user")
	if sys.Role != "system" || !strings.Contains(sys.Content, "Helder") || !strings.Contains(sys.Content, "Dutch") || !strings.Contains(user, "[1] Meterstand doorgeven") ||
		!strings.Contains(user, "Customer's question: Hoe geef ik mijn meterstand door?") {
		t.Errorf("prompt:\n%s\n---\n%s", sys.Content, user)
	}
	for _, r := range reqs {
		if strings.Contains(r.Last("user"), "RET-2026") || strings.Contains(r.Last("user"), "Klantbeeld") {
			t.Error("the public bot gave the model an internal passage")
		}
	}
}

// TestModelFailures checks that every way a model can fail ends in the
// extractive answer, never an error or an ungrounded text.
func TestModelFailures(t *testing.T) {
	cases := []struct {
		name string
		b    openaitest.Behaviour
	}{
		{"cites a passage it was not given", openaitest.Reply("Geef je meterstand door in de app [9].")},
		{"cites nothing", openaitest.Reply("Geef je meterstand door in de app Mijn Helder.")},
		{"answers in English", openaitest.Reply("You can submit your meter reading in the app and you will get a confirmation by email [1].")},
		{"too slow to start", openaitest.ReplyFunc(groundedReply).Slow(5*time.Second, 0)},
		{"rate limited", openaitest.RateLimited(20 * time.Second)},
		{"server error", openaitest.ServerError()},
		{"drops the stream", openaitest.Reply("Je geeft je meterstand door in de app Mijn Helder [1]. Met een slimme meter hoef je niets te doen [1]. Dat gaat vanzelf [1].").Drop(6)},
		{"says it has no answer", openaitest.Reply("NO_ANSWER")},
		{"stops at the length limit", openaitest.Reply("Je geeft je meterstand door").Finish("length")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, m := fakeModel(t, c.b)
			a, _ := ask(t, engine(t, m), "Hoe geef ik mijn meterstand door?")
			if a.Mode != loket.ModeExtractive || a.Declined || len(a.Citations) != 1 || a.Citations[0].ID != "energie/meterstand-doorgeven" {
				t.Errorf("answer = %+v", a)
			}
		})
	}
}

// newAPI serves the chat API of a bot over a model.
func newAPI(tb testing.TB, m assistant.Model) (*httptest.Server, *assistant.Bot) {
	tb.Helper()
	db := openDB(tb)
	lib := library(tb, loket.AudiencePublic)
	bot, err := assistant.NewBot(assistant.BotOptions{Engine: engine(tb, m), Library: lib, Conversations: db, Handoffs: db, Events: db, Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	e := web.New(web.Options{Logger: quiet})
	assistant.NewAPI(bot, assistant.APIOptions{Logger: quiet, CORSOrigins: []string{"https://www.helder.example"}}).Register(e)
	ts := httptest.NewServer(e)
	tb.Cleanup(ts.Close)
	return ts, bot
}

type sse struct{ event, data string }

func postChat(tb testing.TB, url string, body map[string]any, stream bool) (*http.Response, []sse, map[string]any) {
	tb.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/chat", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	if stream {
		req.Header.Set("Accept", "text/event-stream")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	if !stream {
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res, nil, out
	}
	var events []sse
	var cur sse
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.data = strings.TrimPrefix(line, "data: ")
		case line == "" && cur.event != "":
			events = append(events, cur)
			cur = sse{}
		}
	}
	var done map[string]any
	if n := len(events); n > 0 && events[n-1].event == "done" {
		json.Unmarshal([]byte(events[n-1].data), &done)
	}
	return res, events, done
}

func TestChatAPIStreaming(t *testing.T) {
	_, m := fakeModel(t, openaitest.Reply("Je geeft je meterstand door in de app Mijn Helder [1]. Met een slimme meter hoef je niets te doen [1].").Slow(0, 5*time.Millisecond))
	ts, _ := newAPI(t, m)
	res, events, done := postChat(t, ts.URL, map[string]any{"message": "Hoe geef ik mijn meterstand door?", "locale": "nl"}, true)
	if res.Header.Get("Content-Type") != "text/event-stream" || len(events) < 3 {
		t.Fatalf("%s, events %+v", res.Header.Get("Content-Type"), events)
	}
	var text strings.Builder
	for _, e := range events[:len(events)-1] {
		if e.event != "token" {
			t.Fatalf("unexpected event %+v", e)
		}
		var tok map[string]string
		json.Unmarshal([]byte(e.data), &tok)
		text.WriteString(tok["text"])
	}
	if done["answer"] != text.String() || done["mode"] != "generated" || done["conversation_id"] == "" {
		t.Errorf("done = %v, streamed %q", done, text.String())
	}
	cits, _ := done["citations"].([]any)
	if len(cits) != 1 || !strings.HasPrefix(cits[0].(map[string]any)["url"].(string), ts.URL+"/nl/articles/energie/meterstand-doorgeven") {
		t.Errorf("citations = %v", cits)
	}
	// Without streaming, the same shape in one piece.
	res, _, out := postChat(t, ts.URL, map[string]any{"message": "Hoe geef ik mijn meterstand door?", "locale": "nl"}, false)
	if res.StatusCode != 200 || out["mode"] != "generated" || out["declined"] != false {
		t.Errorf("plain = %d %v", res.StatusCode, out)
	}
}

func TestChatAPIReplacesAStreamThatBreaks(t *testing.T) {
	_, m := fakeModel(t, openaitest.Reply("Je geeft je meterstand door in de app Mijn Helder [1]. Je krijgt dan ook € 500 cadeau [1]. Tot ziens.").Slow(0, 2*time.Millisecond))
	ts, _ := newAPI(t, m)
	_, events, done := postChat(t, ts.URL, map[string]any{"message": "Hoe geef ik mijn meterstand door?", "locale": "nl"}, true)
	var shown strings.Builder
	replaced := ""
	for _, e := range events {
		var v map[string]string
		json.Unmarshal([]byte(e.data), &v)
		switch e.event {
		case "token":
			shown.WriteString(v["text"])
		case "replace":
			replaced = v["text"]
		}
	}
	if strings.Contains(shown.String(), "500") {
		t.Errorf("an ungrounded sentence was streamed: %q", shown.String())
	}
	if replaced == "" || done["answer"] != replaced || done["mode"] != "extractive" {
		t.Errorf("replace %q, done %v", replaced, done)
	}
}

func TestChatAPIBadInput(t *testing.T) {
	ts, _ := newAPI(t, nil)
	for _, tt := range []struct {
		body   string
		status int
	}{
		{`{"message": ""}`, 400},
		{`{"message": "` + strings.Repeat("a", loket.MaxQuestionLength+1) + `"}`, 400},
		{`not json`, 400},
		{`{"message": "hoi", "locale": "xx"}`, 400},
		{`{"message": "hoi", "locale": "de"}`, 400},
		{`{"message": "hoi", "conversation_id": "unknown"}`, 404},
		{`{"message": "` + strings.Repeat("a", 20<<10) + `"}`, 413},
	} {
		res, err := http.Post(ts.URL+"/api/v1/chat", "application/json", strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		var e web.ErrorBody
		json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if res.StatusCode != tt.status || e.Error.Message == "" {
			t.Errorf("%.40s: %d %+v, want %d", tt.body, res.StatusCode, e, tt.status)
		}
	}
	req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/api/v1/chat", nil)
	req.Header.Set("Origin", "https://www.helder.example")
	res, _ := http.DefaultClient.Do(req)
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "https://www.helder.example" {
		t.Errorf("preflight: %d %v", res.StatusCode, res.Header)
	}
}
