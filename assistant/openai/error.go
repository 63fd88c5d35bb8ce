package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// The kinds of Error. Test for them with errors.Is.
var (
	// ErrRateLimited: HTTP 429, too many requests or tokens, or the quota
	// is used up. Error.RetryAfter says when to try again, if the server
	// said.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer: HTTP 5xx, an error event in the stream, or a stream that
	// cannot be parsed.
	ErrServer = errors.New("server error")
	// ErrTimeout: no first token within Config.FirstToken, no whole reply
	// within Config.Timeout, the caller's deadline, or HTTP 408. Also
	// matches context.DeadlineExceeded.
	ErrTimeout = errors.New("timed out")
	// ErrCanceled: the caller cancelled the context. Also matches
	// context.Canceled.
	ErrCanceled = errors.New("cancelled")
	// ErrUnreachable: no HTTP response: the connection was refused, the
	// name did not resolve, TLS failed.
	ErrUnreachable = errors.New("server unreachable")
	// ErrStreamDropped: the stream ended before the server finished the
	// reply. Part of it may have been passed to tokens.
	ErrStreamDropped = errors.New("stream dropped")
	// ErrRefused: HTTP 4xx other than 408 and 429 (a bad request, a wrong
	// key, an unknown model, an over-long prompt), a reply stopped by the
	// content filter or refused by the model, or a request that could not
	// be built.
	ErrRefused = errors.New("request refused")
	// ErrTruncated: the reply reached Config.MaxTokens and was cut off.
	ErrTruncated = errors.New("reply cut off at the token limit")
	// ErrEmptyReply: the server finished a reply without text.
	ErrEmptyReply = errors.New("empty reply")
)

// Error is a failed completion.
type Error struct {
	// Kind is one of the Err variables above.
	Kind error
	// StatusCode is the HTTP status of the response; 0 when the failure
	// came before or after it.
	StatusCode int
	// RetryAfter is how long a rate-limited caller should wait, from the
	// retry-after-ms or Retry-After header; 0 when not given.
	RetryAfter time.Duration
	// Err is the cause. Its message never contains the API key; the
	// go-openai error it may wrap (*goopenai.APIError, RequestError) can,
	// when the server echoed the key, so log Err, not what it wraps.
	Err error
}

// Error returns e.g. "openai: rate limited (HTTP 429, retry after 20s):
// Rate limit reached for requests".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("openai: ")
	b.WriteString(e.Kind.Error())
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.StatusCode)
		if e.RetryAfter > 0 {
			fmt.Fprintf(&b, ", retry after %v", e.RetryAfter)
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	return []error{e.Kind, e.Err}
}

// redacted is an error whose message was cleaned of the API key; it still
// unwraps to the original.
type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// fail returns an Error of kind caused by err.
func (c *Client) fail(kind, err error) *Error {
	return &Error{Kind: kind, Err: c.redact(err, "")}
}

// redact returns err with message msg, or its own when msg is empty,
// scrubbed.
func (c *Client) redact(err error, msg string) error {
	if msg == "" {
		msg = err.Error()
	}
	return &redacted{msg: c.scrub(msg), err: err}
}

// scrub takes the API key out of s: some servers echo what they were sent.
func (c *Client) scrub(s string) string {
	if c.cfg.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, c.cfg.APIKey, "[API key]")
}

// contextError returns the Error for a request whose context ended, or nil.
func (c *Client) contextError(ctx context.Context) *Error {
	if ctx.Err() == nil {
		return nil
	}
	cause := context.Cause(ctx)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(cause, context.DeadlineExceeded) {
		return c.fail(ErrTimeout, cause)
	}
	return c.fail(ErrCanceled, cause)
}

// requestError classifies an error from sending the request, before any
// of the stream was read.
func (c *Client) requestError(ctx context.Context, ex *exchange, err error) error {
	if e := c.contextError(ctx); e != nil {
		return e
	}
	var apiErr *goopenai.APIError
	var reqErr *goopenai.RequestError
	switch {
	case errors.As(err, &apiErr) && apiErr.HTTPStatusCode != 0:
		return c.statusError(apiErr.HTTPStatusCode, ex.header, c.redact(err, apiMessage(apiErr)))
	case errors.As(err, &reqErr):
		// Scrubbed before it is shortened, which could cut the key.
		return c.statusError(reqErr.HTTPStatusCode, ex.header, c.redact(err, bodyMessage(c.scrub(string(reqErr.Body)))))
	case ex.status >= 400:
		return c.statusError(ex.status, ex.header, c.redact(err, ""))
	case isTimeout(err):
		return c.fail(ErrTimeout, err)
	case !ex.sent:
		// go-openai checks some requests itself, e.g. max_tokens for
		// reasoning models, and sends nothing.
		return c.fail(ErrRefused, err)
	}
	return c.fail(ErrUnreachable, err)
}

// statusError classifies an HTTP error status.
func (c *Client) statusError(status int, header http.Header, cause error) *Error {
	e := &Error{StatusCode: status, Err: cause}
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter = ErrRateLimited, retryAfter(header)
	case status == http.StatusRequestTimeout:
		e.Kind = ErrTimeout
	case status >= 500:
		e.Kind = ErrServer
	case status >= 400:
		e.Kind = ErrRefused
	default:
		e.Kind = ErrServer
	}
	return e
}

// streamError classifies an error from reading the stream before it
// finished, after n bytes of text.
func (c *Client) streamError(ctx context.Context, ex *exchange, err error, n int) error {
	if e := c.contextError(ctx); e != nil {
		return e
	}
	var apiErr *goopenai.APIError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &apiErr):
		return c.fail(ErrServer, c.redact(err, "error event in the stream: "+apiMessage(apiErr)))
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr), errors.Is(err, goopenai.ErrTooManyEmptyStreamMessages):
		return c.fail(ErrServer, fmt.Errorf("malformed stream: %w", err))
	case errors.Is(err, io.EOF) && !isEventStream(ex.header):
		return c.fail(ErrServer, fmt.Errorf("the server answered with Content-Type %q, not an event stream", ex.header.Get("Content-Type")))
	case errors.Is(err, io.EOF):
		return c.fail(ErrStreamDropped, fmt.Errorf("the stream ended without a finish reason after %d bytes of text", n))
	case isTimeout(err):
		return c.fail(ErrTimeout, err)
	}
	return c.fail(ErrStreamDropped, fmt.Errorf("after %d bytes of text: %w", n, err))
}

// apiMessage describes an error body: its message, and its code or type.
func apiMessage(e *goopenai.APIError) string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	if code, ok := e.Code.(string); ok && code != "" {
		return msg + " (" + code + ")"
	}
	if e.Type != "" {
		return msg + " (" + e.Type + ")"
	}
	return msg
}

// bodyMessage describes an error body that is not OpenAI's JSON: its
// first line, shortened.
func bodyMessage(body string) string {
	s, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "…"
	}
	if s == "" {
		return "empty body"
	}
	return s
}

// retryAfter reads how long to wait from retry-after-ms (Azure) or
// Retry-After in seconds; the HTTP-date form is not used by these APIs.
func retryAfter(h http.Header) time.Duration {
	if ms, err := strconv.ParseFloat(h.Get("retry-after-ms"), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	if s, err := strconv.ParseFloat(h.Get("Retry-After"), 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	return 0
}

// isEventStream reports whether h announces Server-Sent Events.
func isEventStream(h http.Header) bool {
	mediaType, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mediaType == "text/event-stream"
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
