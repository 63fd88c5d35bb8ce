package openaitest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
	"unicode"
)

// created is the timestamp of every object the Server returns, fixed so
// that its replies are byte-for-byte repeatable.
const created = 1700000000

// fingerprint is the system_fingerprint of every reply.
const fingerprint = "fp_openaitest"

// completion is a chat.completion object, or with Delta choices a
// chat.completion.chunk.
type completion struct {
	ID                string   `json:"id"`
	Object            string   `json:"object"`
	Created           int64    `json:"created"`
	Model             string   `json:"model"`
	SystemFingerprint string   `json:"system_fingerprint"`
	Choices           []choice `json:"choices"`
	Usage             *usage   `json:"usage,omitempty"`
}

type choice struct {
	Index    int       `json:"index"`
	Message  *message  `json:"message,omitempty"`
	Delta    *delta    `json:"delta,omitempty"`
	Logprobs *struct{} `json:"logprobs"`
	// FinishReason is null until the last chunk.
	FinishReason *string `json:"finish_reason"`
}

type message struct {
	Role    string  `json:"role"`
	Content string  `json:"content"`
	Refusal *string `json:"refusal"`
}

type delta struct {
	Role    string  `json:"role,omitempty"`
	Content *string `json:"content,omitempty"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type model struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

type modelList struct {
	Object string  `json:"object"`
	Data   []model `json:"data"`
}

type apiError struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    any     `json:"code"`
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeError writes an error the way the OpenAI API does:
// {"error": {"message", "type", "param", "code"}}.
func writeError(w http.ResponseWriter, status int, message string) {
	e := apiError{Message: message, Type: "invalid_request_error"}
	switch {
	case status == http.StatusUnauthorized:
		e.Code = "invalid_api_key"
	case status == http.StatusNotFound:
		e.Code = "model_not_found"
	case status == http.StatusTooManyRequests:
		e.Type, e.Code = "requests", "rate_limit_exceeded"
	case status >= 500:
		e.Type = "server_error"
	}
	writeJSON(w, status, map[string]apiError{"error": e})
}

// retryAfter formats d for a Retry-After header: whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

// split cuts text into the pieces a model streams: each word with the
// white space before it, so that the pieces join to text exactly.
func split(text string) []string {
	var pieces []string
	start := 0
	prevSpace := false
	for i, r := range text {
		space := unicode.IsSpace(r)
		if space && !prevSpace && i > start {
			pieces = append(pieces, text[start:i])
			start = i
		}
		prevSpace = space
	}
	if start < len(text) {
		pieces = append(pieces, text[start:])
	}
	return pieces
}

// countWords stands in for a tokenizer in the usage figures.
func countWords(r Request) int {
	n := 0
	for _, m := range r.Messages {
		n += len(split(m.Content))
	}
	return n
}
