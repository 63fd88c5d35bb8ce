package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Request is a chat completion request as the Server received it.
type Request struct {
	// Path is the URL path: /v1/chat/completions, or
	// /openai/deployments/{deployment}/chat/completions for Azure.
	Path string
	// Deployment is the Azure deployment named in the path; empty on /v1.
	Deployment string
	// APIVersion is the api-version query parameter; empty when absent.
	APIVersion string
	// Header holds the request headers, among them Authorization and
	// api-key.
	Header http.Header
	// Body is the raw JSON body.
	Body []byte

	Model    string
	Messages []Message
	Stream   bool
	// Temperature is nil when the request did not set one.
	Temperature *float64
	// MaxTokens and MaxCompletionTokens are 0 when not set.
	MaxTokens           int
	MaxCompletionTokens int
}

// Message is one message of a Request.
type Message struct {
	Role    string
	Content string
}

// APIKey returns the key the request was sent with: the bearer token of
// the Authorization header, or else the api-key header (Azure).
func (r Request) APIKey() string {
	if token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return token
	}
	return r.Header.Get("api-key")
}

// Last returns the content of the last message with the role ("system",
// "user", "assistant"), or "" when there is none.
func (r Request) Last(role string) string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == role {
			return r.Messages[i].Content
		}
	}
	return ""
}

// chatRequest is the part of the Chat Completions request body the Server
// reads.
type chatRequest struct {
	Model               string        `json:"model"`
	Messages            []wireMessage `json:"messages"`
	Stream              bool          `json:"stream"`
	Temperature         *float64      `json:"temperature"`
	MaxTokens           int           `json:"max_tokens"`
	MaxCompletionTokens int           `json:"max_completion_tokens"`
}

type wireMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// decode fills r from its Body. It returns a message for a 400 reply when
// the body is not a valid request.
func (r *Request) decode() error {
	var body chatRequest
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return fmt.Errorf("We could not parse the JSON body of your request. (%v)", err)
	}
	r.Model, r.Stream, r.Temperature = body.Model, body.Stream, body.Temperature
	r.MaxTokens, r.MaxCompletionTokens = body.MaxTokens, body.MaxCompletionTokens
	for i, m := range body.Messages {
		content, err := contentText(m.Content)
		if err != nil {
			return fmt.Errorf("Invalid type for 'messages[%d].content'.", i)
		}
		r.Messages = append(r.Messages, Message{Role: m.Role, Content: content})
	}
	return r.validate()
}

func (r *Request) validate() error {
	switch {
	case r.Model == "" && r.Deployment == "":
		return fmt.Errorf("you must provide a model parameter")
	case len(r.Messages) == 0:
		return fmt.Errorf("[] is too short - 'messages'")
	case r.Temperature != nil && (*r.Temperature < 0 || *r.Temperature > 2):
		return fmt.Errorf("Invalid 'temperature': expected a value between 0 and 2, but got %v instead.", *r.Temperature)
	}
	for i, m := range r.Messages {
		switch m.Role {
		case "system", "developer", "user", "assistant", "tool":
		default:
			return fmt.Errorf("Invalid value: '%s'. Supported values are: 'system', 'assistant', 'user', 'tool', and 'developer'. (messages[%d].role)", m.Role, i)
		}
	}
	return nil
}

// contentText reads a message content: a string, an array of parts whose
// text parts are joined, or null.
func contentText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String(), nil
}
