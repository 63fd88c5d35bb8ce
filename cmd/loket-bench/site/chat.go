package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/loket/loket/internal/benchkit"
	"github.com/loket/loket/search"
)

// chatFigures are the bot's answers over HTTP, one question at a time,
// each in a new conversation.
type chatFigures struct {
	Questions int            `json:"questions"`
	Modes     map[string]int `json:"modes"` // answers by mode: extractive, declined ...
	// FirstToken and Done time the answered questions (mode extractive or
	// generated): until the first "token" event and until "done".
	FirstToken latency `json:"first_token"`
	Done       latency `json:"done"`
	// AllFirstToken and AllDone time every question, declined ones too
	// (whose reply is the bot's own message, also sent as a token).
	AllFirstToken latency `json:"all_first_token"`
	AllDone       latency `json:"all_done"`
}

// chatTiming is one streamed answer.
type chatTiming = benchkit.ChatTiming

// measureChat asks the bot the first cfg.chat queries, or all of them,
// through POST /api/v1/chat with streaming, after cfg.warmup questions
// that are not counted.
func measureChat(ctx context.Context, cfg *config, w *workload, base string) (chatFigures, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	n := chatQuestions(cfg, w)
	for i := range min(cfg.warmup, n) {
		if _, err := askStreaming(ctx, client, base, w.queries[i], w.locale(w.queries[i])); err != nil {
			return chatFigures{}, err
		}
	}
	out := chatFigures{Questions: n, Modes: map[string]int{}}
	var first, done, allFirst, allDone []time.Duration
	for _, q := range w.queries[:n] {
		t, err := askStreaming(ctx, client, base, q, w.locale(q))
		if err != nil {
			return out, err
		}
		out.Modes[t.Mode]++
		allFirst, allDone = append(allFirst, t.FirstToken), append(allDone, t.Done)
		if t.Mode == "extractive" || t.Mode == "generated" {
			first, done = append(first, t.FirstToken), append(done, t.Done)
		}
	}
	out.FirstToken, out.Done = summarise(first), summarise(done)
	out.AllFirstToken, out.AllDone = summarise(allFirst), summarise(allDone)
	return out, nil
}

// chatQuestions is how many questions measureChat asks.
func chatQuestions(cfg *config, w *workload) int {
	if cfg.chat == 0 {
		return len(w.queries)
	}
	return min(cfg.chat, len(w.queries))
}

// askStreaming posts one question in a new conversation and reads the
// server-sent events until "done".
func askStreaming(ctx context.Context, client *http.Client, base string, q search.EvalQuery, locale string) (chatTiming, error) {
	body, err := json.Marshal(map[string]any{"message": q.Query, "locale": locale, "stream": true})
	if err != nil {
		return chatTiming{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/chat", bytes.NewReader(body))
	if err != nil {
		return chatTiming{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return chatTiming{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return chatTiming{}, fmt.Errorf("POST /api/v1/chat %q: %s", q.Query, resp.Status)
	}
	return benchkit.ReadChatStream(resp.Body, start, q.Query)
}
