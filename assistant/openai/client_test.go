package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket/assistant"
	"github.com/loket/loket/assistant/openai"
	"github.com/loket/loket/assistant/openaitest"
)

const apiKey = "sk-test-secret-0123456789abcdef"

var conversation = []assistant.Message{
	{Role: assistant.RoleSystem, Content: "Answer from the numbered passages only."},
	{Role: assistant.RoleUser, Content: "Mijn internet doet het niet."},
	{Role: assistant.RoleAssistant, Content: "Brandt het lampje op je modem?"},
	{Role: assistant.RoleUser, Content: "Nee, het is uit."},
}

// newClient returns a client of s; change adjusts the configuration.
func newClient(t *testing.T, s *openaitest.Server, change func(*openai.Config)) *openai.Client {
	t.Helper()
	cfg := openai.Config{BaseURL: s.URL(), APIKey: apiKey, Model: "gpt-test", HTTPClient: s.Client()}
	if change != nil {
		change(&cfg)
	}
	c, err := openai.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// kindOf returns the *Error err is, failing the test when it is another.
func kindOf(t *testing.T, err error) *openai.Error {
	t.Helper()
	var e *openai.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *openai.Error", err, err)
	}
	return e
}

func TestCompleteStreamsTokens(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey(apiKey), openaitest.WithBehaviour(openaitest.Reply("Herstart je modem [1].")))
	var tokens []string
	got, err := newClient(t, s, nil).Complete(context.Background(), conversation, func(tok string) {
		tokens = append(tokens, tok)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != "Herstart je modem [1]." {
		t.Errorf("reply %q", got)
	}
	if want := []string{"Herstart", " je", " modem", " [1]."}; !reflect.DeepEqual(tokens, want) {
		t.Errorf("tokens %q, want %q", tokens, want)
	}
}

func TestCompleteWithoutTokens(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("Ja.")))
	got, err := newClient(t, s, func(c *openai.Config) { c.APIKey = "" }).Complete(context.Background(), conversation, nil)
	if err != nil || got != "Ja." {
		t.Fatalf("Complete = %q, %v", got, err)
	}
	if h := s.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization %q sent without a key", h)
	}
}

func TestCompleteRequest(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey(apiKey))
	c := newClient(t, s, func(c *openai.Config) {
		c.Temperature = new(float32(0.2))
		c.MaxTokens = 300
	})
	if _, err := c.Complete(context.Background(), conversation, nil); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/chat/completions" || r.Model != "gpt-test" || !r.Stream || r.MaxTokens != 300 {
		t.Errorf("path %q model %q stream %v max_tokens %d", r.Path, r.Model, r.Stream, r.MaxTokens)
	}
	if r.Temperature == nil || *r.Temperature != 0.2 {
		t.Errorf("temperature %v, want 0.2", r.Temperature)
	}
	var want []openaitest.Message
	for _, m := range conversation {
		want = append(want, openaitest.Message{Role: string(m.Role), Content: m.Content})
	}
	if !reflect.DeepEqual(r.Messages, want) {
		t.Errorf("messages\n%+v\nwant\n%+v", r.Messages, want)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+apiKey {
		t.Errorf("Authorization %q", got)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"user", "stream_options", "max_completion_tokens"} {
		if _, ok := body[field]; ok {
			t.Errorf("the request sets %q: %s", field, r.Body)
		}
	}
}

func TestTemperature(t *testing.T) {
	tests := []struct {
		name string
		set  *float32
		want string // the JSON value, "" for absent
	}{
		{"unset", nil, ""},
		{"zero", new(float32(0)), "0"},
		{"set", new(float32(1.5)), "1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			c := newClient(t, s, func(c *openai.Config) { c.Temperature = tt.set })
			if _, err := c.Complete(context.Background(), conversation, nil); err != nil {
				t.Fatal(err)
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(s.Requests()[0].Body, &body); err != nil {
				t.Fatal(err)
			}
			if got := string(body["temperature"]); got != tt.want {
				t.Errorf("temperature %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAzure(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey(apiKey), openaitest.WithBehaviour(openaitest.Reply("Hallo.")))
	c := newClient(t, s, func(c *openai.Config) {
		c.Azure = true
		c.BaseURL = s.AzureEndpoint()
		c.Model = "loket-gpt-3.5"
		c.APIVersion = "2024-06-01"
	})
	got, err := c.Complete(context.Background(), conversation, nil)
	if err != nil || got != "Hallo." {
		t.Fatalf("Complete = %q, %v", got, err)
	}
	r := s.Requests()[0]
	if r.Path != "/openai/deployments/loket-gpt-3.5/chat/completions" || r.APIVersion != "2024-06-01" {
		t.Errorf("path %q api-version %q", r.Path, r.APIVersion)
	}
	if r.Header.Get("api-key") != apiKey || r.Header.Get("Authorization") != "" {
		t.Errorf("api-key %q, Authorization %q", r.Header.Get("api-key"), r.Header.Get("Authorization"))
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		behaviour openaitest.Behaviour
		kind      error
		status    int
	}{
		{"rate limited", openaitest.RateLimited(7 * time.Second), openai.ErrRateLimited, 429},
		{"server error", openaitest.ServerError(), openai.ErrServer, 500},
		{"unavailable", openaitest.Fail(503, "The engine is currently overloaded."), openai.ErrServer, 503},
		{"bad request", openaitest.Fail(400, "This model's maximum context length is 8192 tokens."), openai.ErrRefused, 400},
		{"request timeout", openaitest.Fail(408, "Request timed out."), openai.ErrTimeout, 408},
		{"empty reply", openaitest.Reply(""), openai.ErrEmptyReply, 0},
		{"blank reply", openaitest.Reply(" \n "), openai.ErrEmptyReply, 0},
		{"dropped half-way", openaitest.Reply("Herstart je modem en wacht twee minuten.").Drop(3), openai.ErrStreamDropped, 0},
		{"dropped before text", openaitest.Reply("Herstart je modem.").Drop(0), openai.ErrStreamDropped, 0},
		{"dropped before finish", openaitest.Reply("Herstart je modem.").Drop(99), openai.ErrStreamDropped, 0},
		{"token limit", openaitest.Reply("Herstart je").Finish("length"), openai.ErrTruncated, 0},
		{"content filter", openaitest.Reply("Herstart").Finish("content_filter"), openai.ErrRefused, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t, openaitest.WithBehaviour(tt.behaviour))
			got, err := newClient(t, s, nil).Complete(context.Background(), conversation, nil)
			if got != "" {
				t.Errorf("a failed completion returned %q", got)
			}
			e := kindOf(t, err)
			if !errors.Is(err, tt.kind) || e.StatusCode != tt.status {
				t.Errorf("error %q: kind %v, status %d; want %v, %d", err, e.Kind, e.StatusCode, tt.kind, tt.status)
			}
		})
	}
}

func TestRateLimitedSaysWhenToRetry(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.RateLimited(7*time.Second)))
	_, err := newClient(t, s, nil).Complete(context.Background(), conversation, nil)
	if e := kindOf(t, err); e.RetryAfter != 7*time.Second {
		t.Errorf("RetryAfter %v", e.RetryAfter)
	}
	const want = "openai: rate limited (HTTP 429, retry after 7s): Rate limit reached for requests. Please try again later. (rate_limit_exceeded)"
	if err.Error() != want {
		t.Errorf("message\n%s\nwant\n%s", err, want)
	}
}

func TestDroppedStreamPassedSomeTokens(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("Herstart je modem en wacht.").Drop(2)))
	var tokens []string
	got, err := newClient(t, s, nil).Complete(context.Background(), conversation, func(tok string) {
		tokens = append(tokens, tok)
	})
	if !errors.Is(err, openai.ErrStreamDropped) || got != "" {
		t.Fatalf("Complete = %q, %v; want a dropped stream", got, err)
	}
	if want := []string{"Herstart", " je"}; !reflect.DeepEqual(tokens, want) {
		t.Errorf("tokens before the drop %q, want %q", tokens, want)
	}
}

func TestRefusedRequests(t *testing.T) {
	t.Run("wrong key", func(t *testing.T) {
		s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-another-key-9876543210"))
		_, err := newClient(t, s, nil).Complete(context.Background(), conversation, nil)
		if e := kindOf(t, err); !errors.Is(err, openai.ErrRefused) || e.StatusCode != 401 {
			t.Errorf("error %v", err)
		}
	})
	t.Run("unknown model", func(t *testing.T) {
		s := openaitest.NewServer(t, openaitest.WithModels("gpt-other"))
		_, err := newClient(t, s, nil).Complete(context.Background(), conversation, nil)
		if e := kindOf(t, err); !errors.Is(err, openai.ErrRefused) || e.StatusCode != 404 {
			t.Errorf("error %v", err)
		}
	})
	t.Run("no messages", func(t *testing.T) {
		s := openaitest.NewServer(t)
		_, err := newClient(t, s, nil).Complete(context.Background(), nil, nil)
		if !errors.Is(err, openai.ErrRefused) || len(s.Requests()) != 0 {
			t.Errorf("error %v after %d requests", err, len(s.Requests()))
		}
	})
	t.Run("checked by go-openai", func(t *testing.T) {
		s := openaitest.NewServer(t)
		c := newClient(t, s, func(c *openai.Config) { c.Model, c.MaxTokens = "o3-mini", 100 })
		_, err := c.Complete(context.Background(), conversation, nil)
		if !errors.Is(err, openai.ErrRefused) || len(s.Requests()) != 0 {
			t.Errorf("error %v after %d requests", err, len(s.Requests()))
		}
	})
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := openai.New(openai.Config{BaseURL: "http://" + addr + "/v1", Model: "gpt-test", APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(context.Background(), conversation, nil)
	if !errors.Is(err, openai.ErrUnreachable) {
		t.Errorf("error %v, want unreachable", err)
	}
}

// slowDelay is how long a slow server waits: far longer than any of the
// tests' bounds, so a test that returns at all returned before the server.
const slowDelay = 10 * time.Second

func TestFirstTokenTimeout(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("Te laat.").Slow(slowDelay, 0)))
	c := newClient(t, s, func(c *openai.Config) { c.FirstToken = 100 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	got, err := c.Complete(ctx, conversation, nil)
	if elapsed := time.Since(start); elapsed >= slowDelay {
		t.Errorf("returned after %v, no sooner than the server", elapsed)
	}
	if !errors.Is(err, openai.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || got != "" {
		t.Fatalf("Complete = %q, %v; want a timeout", got, err)
	}
	if ctx.Err() != nil || !strings.Contains(err.Error(), "no token within 100ms") {
		t.Errorf("error %q is not the first-token timeout", err)
	}
}

func TestFirstTokenBoundsOnlyTheFirst(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("een twee drie").Slow(0, 300*time.Millisecond)))
	c := newClient(t, s, func(c *openai.Config) { c.FirstToken = 200 * time.Millisecond })
	got, err := c.Complete(context.Background(), conversation, nil)
	if err != nil || got != "een twee drie" {
		t.Errorf("Complete = %q, %v; gaps after the first token must not time out", got, err)
	}
}

func TestTimeout(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("een twee drie vier").Slow(0, slowDelay)))
	c := newClient(t, s, func(c *openai.Config) { c.Timeout = 200 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var tokens []string
	got, err := c.Complete(ctx, conversation, func(tok string) { tokens = append(tokens, tok) })
	if !errors.Is(err, openai.ErrTimeout) || got != "" {
		t.Fatalf("Complete = %q, %v; want a timeout", got, err)
	}
	if ctx.Err() != nil || !strings.Contains(err.Error(), "no complete reply within 200ms") {
		t.Errorf("error %q is not the whole-request timeout", err)
	}
	if len(tokens) != 1 {
		t.Errorf("tokens %q, want the first", tokens)
	}
}

func TestCallerDeadline(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("Te laat.").Slow(slowDelay, 0)))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := newClient(t, s, nil).Complete(ctx, conversation, nil)
	if !errors.Is(err, openai.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want a timeout", err)
	}
}

func TestCancel(t *testing.T) {
	t.Run("mid-stream", func(t *testing.T) {
		s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("een twee drie").Slow(0, slowDelay)))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		start := time.Now()
		got, err := newClient(t, s, nil).Complete(ctx, conversation, func(string) { cancel() })
		if elapsed := time.Since(start); elapsed >= slowDelay {
			t.Errorf("returned after %v, no sooner than the server", elapsed)
		}
		if !errors.Is(err, openai.ErrCanceled) || !errors.Is(err, context.Canceled) || got != "" {
			t.Errorf("Complete = %q, %v; want cancelled", got, err)
		}
	})
	t.Run("before", func(t *testing.T) {
		s := openaitest.NewServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := newClient(t, s, nil).Complete(ctx, conversation, nil)
		if !errors.Is(err, openai.ErrCanceled) {
			t.Errorf("error %v, want cancelled", err)
		}
	})
}

func TestConcurrentCompletions(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.ReplyFunc(func(r openaitest.Request) string {
		return "Antwoord op: " + r.Last("user")
	})))
	c := newClient(t, s, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			q := fmt.Sprintf("vraag %d", i)
			got, err := c.Complete(context.Background(), []assistant.Message{{Role: assistant.RoleUser, Content: q}}, nil)
			if want := "Antwoord op: " + q; err != nil || got != want {
				t.Errorf("Complete = %q, %v; want %q", got, err, want)
			}
		})
	}
	wg.Wait()
}

func TestNewRejectsBadConfig(t *testing.T) {
	ok := openai.Config{BaseURL: "http://localhost:11434/v1", Model: "llama3.1:8b"}
	tests := []struct {
		name   string
		change func(*openai.Config)
	}{
		{"no BaseURL", func(c *openai.Config) { c.BaseURL = "" }},
		{"relative BaseURL", func(c *openai.Config) { c.BaseURL = "localhost:11434/v1" }},
		{"other scheme", func(c *openai.Config) { c.BaseURL = "ftp://localhost/v1" }},
		{"credentials in BaseURL", func(c *openai.Config) { c.BaseURL = "https://user:" + apiKey + "@example.com/v1" }},
		{"no Model", func(c *openai.Config) { c.Model = " " }},
		{"Azure without APIVersion", func(c *openai.Config) { c.Azure, c.APIKey = true, apiKey }},
		{"Azure without APIKey", func(c *openai.Config) { c.Azure, c.APIVersion = true, "2024-06-01" }},
		{"APIVersion without Azure", func(c *openai.Config) { c.APIVersion = "2024-06-01" }},
		{"temperature too high", func(c *openai.Config) { c.Temperature = new(float32(2.5)) }},
		{"negative temperature", func(c *openai.Config) { c.Temperature = new(float32(-0.1)) }},
		{"negative MaxTokens", func(c *openai.Config) { c.MaxTokens = -1 }},
		{"negative Timeout", func(c *openai.Config) { c.Timeout = -time.Second }},
		{"negative FirstToken", func(c *openai.Config) { c.FirstToken = -time.Second }},
	}
	if _, err := openai.New(ok); err != nil {
		t.Fatalf("a good config: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.change(&cfg)
			c, err := openai.New(cfg)
			if err == nil || c != nil {
				t.Fatalf("New = %v, %v; want an error", c, err)
			}
			if strings.Contains(err.Error(), apiKey) {
				t.Errorf("error %q shows the API key", err)
			}
		})
	}
}

// TestAPIKeyNeverInErrors makes servers echo the key in every way they can
// and checks that no error message shows it.
func TestAPIKeyNeverInErrors(t *testing.T) {
	behaviours := []openaitest.Behaviour{
		openaitest.Fail(http.StatusBadRequest, "Invalid request from key "+apiKey),
		openaitest.Fail(http.StatusUnauthorized, "Incorrect API key provided: "+apiKey),
		openaitest.Fail(http.StatusTooManyRequests, "Key "+apiKey+" is rate limited"),
		openaitest.Fail(http.StatusInternalServerError, apiKey),
		openaitest.Reply("half an answer").Drop(1),
		openaitest.Reply(""),
		openaitest.Reply("x").Slow(slowDelay, 0),
	}
	for i, b := range behaviours {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			s := openaitest.NewServer(t, openaitest.WithBehaviour(b))
			for _, azure := range []bool{false, true} {
				c := newClient(t, s, func(c *openai.Config) {
					c.FirstToken = 100 * time.Millisecond
					if azure {
						c.Azure, c.BaseURL, c.APIVersion = true, s.AzureEndpoint(), "2024-06-01"
					}
				})
				_, err := c.Complete(context.Background(), conversation, nil)
				if err == nil {
					t.Fatal("no error")
				}
				e := kindOf(t, err)
				for _, msg := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), e.Err.Error()} {
					if strings.Contains(msg, apiKey) {
						t.Errorf("error shows the API key: %s", msg)
					}
				}
			}
		})
	}
}

// TestBrokenStreams covers streams the fake server does not send: each
// handler writes an opening the way OpenAI does, then breaks off its own
// way.
func TestBrokenStreams(t *testing.T) {
	const opening = `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","choices":[{"index":0,"delta":{"role":"assistant","content":"Herstart"},"finish_reason":null}]}` + "\n\n"
	tests := []struct {
		name string
		rest string
		kind error // nil: the reply "Herstart"
	}{
		{"ends without finish or DONE", "", openai.ErrStreamDropped},
		{"DONE without finish", "data: [DONE]\n\n", nil},
		{"finish without DONE", `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n", nil},
		{"error event", `data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}` + "\n\n", openai.ErrServer},
		{"malformed chunk", "data: {\"id\":\n\n", openai.ErrServer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, opening+tt.rest)
			}))
			defer srv.Close()
			c, err := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: "gpt-test", HTTPClient: srv.Client()})
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Complete(context.Background(), conversation, nil)
			switch {
			case tt.kind == nil && (err != nil || got != "Herstart"):
				t.Errorf("Complete = %q, %v; want the reply", got, err)
			case tt.kind != nil && (!errors.Is(err, tt.kind) || got != ""):
				t.Errorf("Complete = %q, %v; want %v", got, err, tt.kind)
			}
		})
	}
}

func TestFirstTokenBeforeHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice when the client leaves.
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(slowDelay):
		}
	}))
	defer srv.Close()
	c, err := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: "gpt-test", HTTPClient: srv.Client(), FirstToken: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(context.Background(), conversation, nil)
	if !errors.Is(err, openai.ErrTimeout) || !strings.Contains(err.Error(), "no token within") {
		t.Errorf("error %v, want the first-token timeout", err)
	}
}

func TestRetryAfterMilliseconds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// What Azure OpenAI sends.
		w.Header().Set("retry-after-ms", "1500")
		w.Header().Set("Retry-After", "2")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded call rate limit."}}`)
	}))
	defer srv.Close()
	c, err := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: "gpt-test", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(context.Background(), conversation, nil)
	if e := kindOf(t, err); !errors.Is(err, openai.ErrRateLimited) || e.RetryAfter != 1500*time.Millisecond {
		t.Errorf("error %v, RetryAfter %v", err, e.RetryAfter)
	}
}

func TestNotAStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Welcome to nginx!</body></html>\n")
	}))
	defer srv.Close()
	c, err := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: "gpt-test", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(context.Background(), conversation, nil)
	if !errors.Is(err, openai.ErrServer) || !strings.Contains(err.Error(), "text/html") {
		t.Errorf("error %v, want a server error naming the content type", err)
	}
}
