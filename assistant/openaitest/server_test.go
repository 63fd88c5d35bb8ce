package openaitest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket/assistant/openaitest"
	goopenai "github.com/sashabaranov/go-openai"
)

const question = `{"model":"gpt-test","messages":[{"role":"system","content":"Answer briefly."},{"role":"user","content":"How do I restart my modem?"}]`

// post sends a chat completion request body to path and returns the
// response, closed when the test ends.
func post(t *testing.T, s *openaitest.Server, path, body string, header map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.Server.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// events reads a Server-Sent Events body into its data payloads.
func events(t *testing.T, body io.Reader) (data []string, err error) {
	t.Helper()
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		payload, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			t.Fatalf("line %q is not a data line", line)
		}
		data = append(data, payload)
	}
	return data, sc.Err()
}

type chunk struct {
	ID                string `json:"id"`
	Object            string `json:"object"`
	Created           int64  `json:"created"`
	Model             string `json:"model"`
	SystemFingerprint string `json:"system_fingerprint"`
	Choices           []struct {
		Index int `json:"index"`
		Delta *struct {
			Role    string  `json:"role"`
			Content *string `json:"content"`
		} `json:"delta"`
		Message *struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"message"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
}

func TestStreamWireFormat(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("Herstart je modem [1].")))
	resp := post(t, s, "/v1/chat/completions", question+`,"stream":true}`, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q, want text/event-stream", ct)
	}
	data, err := events(t, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || data[len(data)-1] != "[DONE]" {
		t.Fatalf("the stream does not end with [DONE]: %q", data)
	}
	var pieces []string
	for i, d := range data[:len(data)-1] {
		var c chunk
		if err := json.Unmarshal([]byte(d), &c); err != nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
		if c.ID != "chatcmpl-openaitest-1" || c.Object != "chat.completion.chunk" || c.Created == 0 || c.Model != "gpt-test" || c.SystemFingerprint == "" {
			t.Errorf("chunk %d has header %+v", i, c)
		}
		if len(c.Choices) != 1 || c.Choices[0].Delta == nil || c.Choices[0].Message != nil {
			t.Fatalf("chunk %d has choices %s", i, d)
		}
		ch := c.Choices[0]
		last := i == len(data)-2
		switch {
		case i == 0 && (ch.Delta.Role != "assistant" || ch.Delta.Content == nil || *ch.Delta.Content != ""):
			t.Errorf("the first chunk does not open the assistant's message: %s", d)
		case last && (ch.FinishReason == nil || *ch.FinishReason != "stop" || ch.Delta.Content != nil):
			t.Errorf("the last chunk does not finish with stop: %s", d)
		case !last && ch.FinishReason != nil:
			t.Errorf("chunk %d has a finish reason: %s", i, d)
		case i > 0 && !last:
			pieces = append(pieces, *ch.Delta.Content)
		}
	}
	if want := []string{"Herstart", " je", " modem", " [1]."}; !reflect.DeepEqual(pieces, want) {
		t.Errorf("content chunks %q, want %q", pieces, want)
	}
}

func TestCompletionWireFormat(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("Herstart je modem [1].")))
	resp := post(t, s, "/v1/chat/completions", question+`}`, nil)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var c chunk
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	if c.Object != "chat.completion" || c.ID == "" || c.Model != "gpt-test" || len(c.Choices) != 1 {
		t.Fatalf("completion %+v", c)
	}
	ch := c.Choices[0]
	if ch.Message == nil || ch.Message.Role != "assistant" || ch.Message.Content != "Herstart je modem [1]." {
		t.Errorf("message %+v", ch.Message)
	}
	if ch.FinishReason == nil || *ch.FinishReason != "stop" {
		t.Errorf("finish_reason %v", ch.FinishReason)
	}
	if c.Usage == nil || c.Usage.CompletionTokens != 4 || c.Usage.TotalTokens != c.Usage.PromptTokens+4 {
		t.Errorf("usage %+v", c.Usage)
	}
}

func TestDeterministic(t *testing.T) {
	bodies := make([][]byte, 2)
	for i := range bodies {
		s := openaitest.NewServer(t)
		resp := post(t, s, "/v1/chat/completions", question+`,"stream":true}`, nil)
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		bodies[i] = body
	}
	if !bytes.Equal(bodies[0], bodies[1]) {
		t.Errorf("two servers answered the same request differently:\n%s\n%s", bodies[0], bodies[1])
	}
}

func TestGoOpenAIClientParsesReplies(t *testing.T) {
	const text = "Herstart je modem [1]."
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test-key"), openaitest.WithBehaviour(openaitest.Reply(text)))
	cfg := goopenai.DefaultConfig("sk-test-key")
	cfg.BaseURL = s.URL()
	cfg.HTTPClient = s.Client()
	client := goopenai.NewClientWithConfig(cfg)
	ctx := context.Background()
	req := goopenai.ChatCompletionRequest{
		Model:    "gpt-test",
		Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "How do I restart my modem?"}},
	}

	resp, err := client.CreateChatCompletion(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Choices[0].Message.Content; got != text || resp.Choices[0].FinishReason != goopenai.FinishReasonStop {
		t.Errorf("non-streamed reply %q, %q", got, resp.Choices[0].FinishReason)
	}

	stream, err := client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var got strings.Builder
	var finish goopenai.FinishReason
	for {
		c, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString(c.Choices[0].Delta.Content)
		if c.Choices[0].FinishReason != "" {
			finish = c.Choices[0].FinishReason
		}
	}
	if got.String() != text || finish != goopenai.FinishReasonStop {
		t.Errorf("streamed reply %q, %q", got.String(), finish)
	}

	models, err := client.ListModels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(models.Models) != 1 || models.Models[0].ID != "fake-model" {
		t.Errorf("models %+v", models.Models)
	}
}

func TestAzure(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("azure-key"), openaitest.WithBehaviour(openaitest.Reply("Hallo.")))
	cfg := goopenai.DefaultAzureConfig("azure-key", s.AzureEndpoint())
	cfg.APIVersion = "2024-06-01"
	cfg.HTTPClient = s.Client()
	resp, err := goopenai.NewClientWithConfig(cfg).CreateChatCompletion(context.Background(), goopenai.ChatCompletionRequest{
		Model:    "my-deployment",
		Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "Hoi"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "Hallo." {
		t.Errorf("reply %q", resp.Choices[0].Message.Content)
	}
	r := s.Requests()[0]
	if r.Path != "/openai/deployments/my-deployment/chat/completions" || r.Deployment != "my-deployment" || r.APIVersion != "2024-06-01" {
		t.Errorf("request path %q deployment %q api-version %q", r.Path, r.Deployment, r.APIVersion)
	}
	if r.Header.Get("api-key") != "azure-key" || r.APIKey() != "azure-key" {
		t.Errorf("api-key header %q", r.Header.Get("api-key"))
	}

	noVersion := post(t, s, "/openai/deployments/my-deployment/chat/completions", question+`}`, map[string]string{"api-key": "azure-key"})
	if noVersion.StatusCode != http.StatusNotFound {
		t.Errorf("without api-version: status %d, want 404", noVersion.StatusCode)
	}
}

func TestAPIKey(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-right-key-1234"))
	tests := []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"none", "/v1/chat/completions", nil, http.StatusUnauthorized},
		{"wrong", "/v1/chat/completions", map[string]string{"Authorization": "Bearer sk-wrong-key-9999"}, http.StatusUnauthorized},
		{"api-key on /v1", "/v1/chat/completions", map[string]string{"api-key": "sk-right-key-1234"}, http.StatusUnauthorized},
		{"right", "/v1/chat/completions", map[string]string{"Authorization": "Bearer sk-right-key-1234"}, http.StatusOK},
		{"azure none", "/openai/deployments/d/chat/completions?api-version=2024-06-01", nil, http.StatusUnauthorized},
		{"azure bearer", "/openai/deployments/d/chat/completions?api-version=2024-06-01", map[string]string{"Authorization": "Bearer sk-right-key-1234"}, http.StatusUnauthorized},
		{"azure right", "/openai/deployments/d/chat/completions?api-version=2024-06-01", map[string]string{"api-key": "sk-right-key-1234"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(t, s, tt.path, question+`}`, tt.header)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want == http.StatusUnauthorized {
				e := decodeError(t, resp)
				if e.Code != "invalid_api_key" || strings.Contains(e.Message, "sk-wrong-key-9999") {
					t.Errorf("error %+v", e)
				}
			}
		})
	}
}

type apiError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
	Code    any    `json:"code"`
}

func decodeError(t *testing.T, resp *http.Response) apiError {
	t.Helper()
	var body struct {
		Error *apiError `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Error == nil || body.Error.Message == "" {
		t.Fatalf("no error object in the body")
	}
	return *body.Error
}

func TestErrorBehaviours(t *testing.T) {
	s := openaitest.NewServer(t)
	s.SetBehaviour(openaitest.RateLimited(2500 * time.Millisecond))
	resp := post(t, s, "/v1/chat/completions", question+`,"stream":true}`, nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("rate limited: status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if e := decodeError(t, resp); e.Type != "requests" || e.Code != "rate_limit_exceeded" {
		t.Errorf("rate limited: error %+v", e)
	}

	s.SetBehaviour(openaitest.ServerError())
	resp = post(t, s, "/v1/chat/completions", question+`,"stream":true}`, nil)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("server error: status %d", resp.StatusCode)
	}
	if e := decodeError(t, resp); e.Type != "server_error" {
		t.Errorf("server error: error %+v", e)
	}

	s.SetBehaviour(openaitest.Fail(http.StatusBadRequest, "context_length_exceeded"))
	resp = post(t, s, "/v1/chat/completions", question+`}`, nil)
	if e := decodeError(t, resp); resp.StatusCode != http.StatusBadRequest || e.Message != "context_length_exceeded" {
		t.Errorf("fail: status %d, error %+v", resp.StatusCode, e)
	}
}

func TestBadRequests(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithModels("gpt-test"))
	tests := []struct {
		name, body string
		want       int
	}{
		{"not JSON", `{"model":`, http.StatusBadRequest},
		{"no model", `{"messages":[{"role":"user","content":"Hi"}]}`, http.StatusBadRequest},
		{"no messages", `{"model":"gpt-test","messages":[]}`, http.StatusBadRequest},
		{"bad role", `{"model":"gpt-test","messages":[{"role":"robot","content":"Hi"}]}`, http.StatusBadRequest},
		{"temperature", `{"model":"gpt-test","temperature":3,"messages":[{"role":"user","content":"Hi"}]}`, http.StatusBadRequest},
		{"unknown model", `{"model":"gpt-other","messages":[{"role":"user","content":"Hi"}]}`, http.StatusNotFound},
		{"content parts", `{"model":"gpt-test","messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}`, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(t, s, "/v1/chat/completions", tt.body, nil)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want != http.StatusOK {
				decodeError(t, resp)
			}
		})
	}
	reqs := s.Requests()
	if got := reqs[len(reqs)-1].Last("user"); got != "Hi" {
		t.Errorf("content parts decoded as %q", got)
	}
}

func TestDrop(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("one two three four five").Drop(2)))
	resp := post(t, s, "/v1/chat/completions", question+`,"stream":true}`, nil)
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading a dropped stream: %v, want unexpected EOF", err)
	}
	if bytes.Contains(body, []byte("[DONE]")) || bytes.Contains(body, []byte(`"stop"`)) {
		t.Errorf("a dropped stream finished: %s", body)
	}
	if got := bytes.Count(body, []byte("data: ")); got != 3 {
		t.Errorf("%d events before the drop, want the role chunk and 2 words:\n%s", got, body)
	}

	resp = post(t, s, "/v1/chat/completions", question+`}`, nil)
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading a dropped completion: %v, want unexpected EOF", err)
	}
}

func TestSlowStopsWhenClientLeaves(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("late").Slow(time.Minute, 0)))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(question+`}`))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := s.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("a reply a minute late arrived at once")
	}
	// The server's Close in Cleanup would hang for a minute if the
	// handler did not notice that the client left.
}

func TestSlowBetweenTokens(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply("a b c").Slow(0, 20*time.Millisecond)))
	start := time.Now()
	resp := post(t, s, "/v1/chat/completions", question+`,"stream":true}`, nil)
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 40*time.Millisecond {
		t.Errorf("three tokens 20 ms apart took %v", elapsed)
	}
}

func TestSetBehaviourAndReplyFunc(t *testing.T) {
	s := openaitest.NewServer(t)
	read := func() string {
		resp := post(t, s, "/v1/chat/completions", question+`}`, nil)
		var c chunk
		if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return c.Choices[0].Message.Content
	}
	if got := read(); got != openaitest.DefaultReply {
		t.Errorf("default reply %q", got)
	}
	s.SetBehaviour(openaitest.ReplyFunc(func(r openaitest.Request) string {
		return "You asked: " + r.Last("user") + " (" + r.Last("system") + ")"
	}))
	if got, want := read(), "You asked: How do I restart my modem? (Answer briefly.)"; got != want {
		t.Errorf("ReplyFunc reply %q, want %q", got, want)
	}
	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests recorded", len(reqs))
	}
	want := []openaitest.Message{{Role: "system", Content: "Answer briefly."}, {Role: "user", Content: "How do I restart my modem?"}}
	if r := reqs[1]; r.Model != "gpt-test" || r.Stream || r.Temperature != nil || !reflect.DeepEqual(r.Messages, want) {
		t.Errorf("recorded request %+v", r)
	}
}

func TestUnknownPath(t *testing.T) {
	s := openaitest.NewServer(t)
	resp := post(t, s, "/v1/completions", question+`}`, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d", resp.StatusCode)
	}
	decodeError(t, resp)
}
