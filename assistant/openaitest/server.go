// Package openaitest is a fake OpenAI-compatible server for tests. It is a
// real HTTP server that speaks the wire protocol of the Chat Completions
// API, so that a client under test goes through its whole stack: request
// encoding, headers, status codes, Server-Sent Events and the error
// bodies.
//
// It serves:
//
//	POST /v1/chat/completions                                  OpenAI, Ollama, vLLM, llama.cpp
//	POST /openai/deployments/{deployment}/chat/completions     Azure OpenAI (?api-version=... required)
//	GET  /v1/models, GET /openai/models                        the model list
//
// A request with "stream": true is answered with a text/event-stream of
// chat.completion.chunk objects, one per word, flushed one by one and ended
// by "data: [DONE]"; otherwise with one chat.completion object. What the
// server answers is its Behaviour, which a test may change between
// requests. Everything it sends is deterministic: ids count up from
// chatcmpl-openaitest-1, timestamps are fixed, chunks follow the words.
package openaitest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// Server is a fake OpenAI-compatible server. Its methods are safe for
// concurrent use.
type Server struct {
	*httptest.Server

	apiKey  string
	models  []string
	closing chan struct{}

	mu        sync.Mutex
	behaviour Behaviour
	requests  []Request
	replies   int
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey makes the server require key: as "Authorization: Bearer key"
// on /v1 and as the "api-key" header on Azure paths. A request without it,
// or with another key, gets HTTP 401 with an invalid_api_key error.
func WithAPIKey(key string) Option {
	return func(s *Server) { s.apiKey = key }
}

// WithBehaviour sets the behaviour the server starts with.
func WithBehaviour(b Behaviour) Option {
	return func(s *Server) { s.behaviour = b }
}

// WithModels sets the models the server lists and accepts: a request for
// another model gets HTTP 404 with a model_not_found error. Without this
// option any model is accepted and "fake-model" is listed.
func WithModels(ids ...string) Option {
	return func(s *Server) { s.models = ids }
}

// NewServer starts a Server; it is closed when the test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := &Server{closing: make(chan struct{})}
	for _, opt := range opts {
		opt(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	mux.HandleFunc("POST /openai/deployments/{deployment}/chat/completions", s.handleChat)
	mux.HandleFunc("GET /v1/models", s.handleModels)
	mux.HandleFunc("GET /openai/models", s.handleModels)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "Invalid URL ("+r.Method+" "+r.URL.Path+")")
	})
	s.Server = httptest.NewServer(mux)
	tb.Cleanup(func() {
		// Handlers waiting in a slow behaviour return first, so that
		// Close does not wait for them.
		close(s.closing)
		s.Server.Close()
	})
	return s
}

// URL returns the base URL of the OpenAI-style API, ending in /v1: the
// BaseURL for a client.
func (s *Server) URL() string {
	return s.Server.URL + "/v1"
}

// AzureEndpoint returns the root URL, which plays the Azure OpenAI
// resource endpoint (https://{resource}.openai.azure.com).
func (s *Server) AzureEndpoint() string {
	return s.Server.URL
}

// SetBehaviour changes how the server answers the requests that arrive
// from now on.
func (s *Server) SetBehaviour(b Behaviour) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.behaviour = b
}

// Requests returns the chat completion requests received so far, in the
// order they arrived, including those that were refused.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// receive records r and returns the behaviour to answer it with and the
// id of its reply.
func (s *Server) receive(r Request) (Behaviour, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	s.replies++
	return s.behaviour, "chatcmpl-openaitest-" + strconv.Itoa(s.replies)
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	req := Request{
		Path:       r.URL.Path,
		Deployment: r.PathValue("deployment"),
		APIVersion: r.URL.Query().Get("api-version"),
		Header:     r.Header.Clone(),
	}
	body, readErr := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	req.Body = body
	decodeErr := req.decode()
	b, id := s.receive(req)
	switch {
	case !s.authorized(req):
		s.writeUnauthorized(w, req)
	case req.Deployment != "" && req.APIVersion == "":
		// What Azure answers for a missing or unknown api-version.
		writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]string{"code": "404", "message": "Resource not found"}})
	case readErr != nil:
		writeError(w, http.StatusBadRequest, readErr.Error())
	case decodeErr != nil:
		writeError(w, http.StatusBadRequest, decodeErr.Error())
	case !s.knows(req):
		writeError(w, http.StatusNotFound, "The model `"+req.Model+"` does not exist or you do not have access to it.")
	case b.status != 0:
		if b.status == http.StatusTooManyRequests && b.retryAfter > 0 {
			w.Header().Set("Retry-After", retryAfter(b.retryAfter))
		}
		writeError(w, b.status, b.message)
	case req.Stream:
		s.stream(w, r, b, req, id)
	default:
		s.complete(w, r, b, req, id)
	}
}

func (s *Server) handleModels(w http.ResponseWriter, r *http.Request) {
	req := Request{Path: r.URL.Path, Header: r.Header.Clone()}
	if !s.authorized(req) {
		s.writeUnauthorized(w, req)
		return
	}
	ids := s.models
	if len(ids) == 0 {
		ids = []string{"fake-model"}
	}
	list := modelList{Object: "list", Data: []model{}}
	for _, id := range ids {
		list.Data = append(list.Data, model{ID: id, Object: "model", Created: created, OwnedBy: "openaitest"})
	}
	writeJSON(w, http.StatusOK, list)
}

// authorized reports whether r carries the key the server requires, in
// the header its path calls for.
func (s *Server) authorized(r Request) bool {
	if s.apiKey == "" {
		return true
	}
	if r.Deployment != "" || r.Path == "/openai/models" {
		return r.Header.Get("api-key") == s.apiKey
	}
	return r.Header.Get("Authorization") == "Bearer "+s.apiKey
}

func (s *Server) writeUnauthorized(w http.ResponseWriter, r Request) {
	if r.APIKey() == "" {
		writeError(w, http.StatusUnauthorized, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")
		return
	}
	// Like OpenAI, show only the ends of the key that was sent.
	writeError(w, http.StatusUnauthorized, "Incorrect API key provided: "+mask(r.APIKey())+".")
}

func (s *Server) knows(r Request) bool {
	if len(s.models) == 0 || r.Deployment != "" {
		return true
	}
	for _, id := range s.models {
		if id == r.Model {
			return true
		}
	}
	return false
}

// mask hides all but the first and last few characters of a key.
func mask(key string) string {
	if len(key) <= 8 {
		return "***"
	}
	return key[:3] + "***" + key[len(key)-4:]
}
