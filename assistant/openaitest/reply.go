package openaitest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// stream answers with Server-Sent Events: an opening chunk with the role,
// one chunk per word, a closing chunk with the finish reason, and
// "data: [DONE]".
func (s *Server) stream(w http.ResponseWriter, r *http.Request, b Behaviour, req Request, id string) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rc.Flush()

	chunk := s.chunker(id, req)
	if !s.wait(r.Context(), b.firstToken) {
		return
	}
	empty := ""
	if !send(w, rc, chunk(&delta{Role: "assistant", Content: &empty}, nil)) {
		return
	}
	for i, piece := range split(b.text(req)) {
		if b.drop && i == b.dropAfter {
			cut(rc)
			return
		}
		if i > 0 && !s.wait(r.Context(), b.betweenTokens) {
			return
		}
		if !send(w, rc, chunk(&delta{Content: &piece}, nil)) {
			return
		}
	}
	if b.drop {
		cut(rc)
		return
	}
	finish := b.finishReason()
	if !send(w, rc, chunk(&delta{}, &finish)) {
		return
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	rc.Flush()
}

// chunker returns a function that makes the chunks of one streamed reply.
func (s *Server) chunker(id string, req Request) func(*delta, *string) completion {
	return func(d *delta, finish *string) completion {
		return completion{
			ID:                id,
			Object:            "chat.completion.chunk",
			Created:           created,
			Model:             replyModel(req),
			SystemFingerprint: fingerprint,
			Choices:           []choice{{Delta: d, FinishReason: finish}},
		}
	}
}

// complete answers with one chat.completion object.
func (s *Server) complete(w http.ResponseWriter, r *http.Request, b Behaviour, req Request, id string) {
	text := b.text(req)
	pieces := split(text)
	wait := b.firstToken
	if len(pieces) > 1 {
		wait += time.Duration(len(pieces)-1) * b.betweenTokens
	}
	if !s.wait(r.Context(), wait) {
		return
	}
	finish := b.finishReason()
	prompt := countWords(req)
	body, err := json.Marshal(completion{
		ID:                id,
		Object:            "chat.completion",
		Created:           created,
		Model:             replyModel(req),
		SystemFingerprint: fingerprint,
		Choices:           []choice{{Message: &message{Role: "assistant", Content: text}, FinishReason: &finish}},
		Usage:             &usage{PromptTokens: prompt, CompletionTokens: len(pieces), TotalTokens: prompt + len(pieces)},
	})
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if b.drop {
		w.Write(body[:len(body)/2])
		cut(http.NewResponseController(w))
		return
	}
	w.Write(body)
}

// wait waits d, and reports false when the client went away or the server
// is closing first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// send writes one event and flushes it; it reports false when the client
// is gone.
func send(w http.ResponseWriter, rc *http.ResponseController, c completion) bool {
	data, err := json.Marshal(c)
	if err != nil {
		return false
	}
	if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
		return false
	}
	return rc.Flush() == nil
}

// cut closes the connection under a reply that is not finished, as a
// crashing server or a broken proxy does: the client reads what was
// flushed, then an unexpected EOF.
func cut(rc *http.ResponseController) {
	rc.Flush()
	conn, _, err := rc.Hijack()
	if err != nil {
		return
	}
	conn.Close()
}

// replyModel is the model a reply names: the requested model, or the
// deployment on Azure when the body names none.
func replyModel(r Request) string {
	if r.Model == "" {
		return r.Deployment
	}
	return r.Model
}
