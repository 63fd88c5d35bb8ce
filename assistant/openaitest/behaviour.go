package openaitest

import (
	"net/http"
	"time"
)

// DefaultReply is the text a Server answers with until told otherwise.
const DefaultReply = "This is a reply from the fake model."

// Behaviour is how a Server answers a chat completion request. The zero
// Behaviour answers DefaultReply. Build one with Reply, ReplyFunc,
// RateLimited, ServerError or Fail, and adjust it with Slow, Drop and
// Finish; each returns a changed copy.
type Behaviour struct {
	reply         func(Request) string
	firstToken    time.Duration
	betweenTokens time.Duration
	status        int
	retryAfter    time.Duration
	message       string
	drop          bool
	dropAfter     int
	finish        string
}

// Reply answers every request with text, streamed one word per chunk.
func Reply(text string) Behaviour {
	return Behaviour{reply: func(Request) string { return text }}
}

// ReplyFunc answers each request with what f returns for it.
func ReplyFunc(f func(Request) string) Behaviour {
	return Behaviour{reply: f}
}

// RateLimited answers HTTP 429 with OpenAI's rate-limit error body and,
// when retryAfter is positive, a Retry-After header in whole seconds.
func RateLimited(retryAfter time.Duration) Behaviour {
	return Behaviour{
		status:     http.StatusTooManyRequests,
		retryAfter: retryAfter,
		message:    "Rate limit reached for requests. Please try again later.",
	}
}

// ServerError answers HTTP 500 with OpenAI's server-error body.
func ServerError() Behaviour {
	return Behaviour{
		status:  http.StatusInternalServerError,
		message: "The server had an error while processing your request. Sorry about that!",
	}
}

// Fail answers HTTP status with an OpenAI-style error body carrying message.
func Fail(status int, message string) Behaviour {
	return Behaviour{status: status, message: message}
}

// Slow waits firstToken before the first token and betweenTokens between
// tokens. Streamed replies send their headers at once; a non-streamed
// reply is sent whole after the total. Waiting stops when the client goes
// away or the server closes.
func (b Behaviour) Slow(firstToken, betweenTokens time.Duration) Behaviour {
	b.firstToken, b.betweenTokens = firstToken, betweenTokens
	return b
}

// Drop cuts the connection after afterChunks content chunks (0: right
// after the opening role chunk), with no finish reason and no [DONE], so
// the client sees an unexpected EOF. A non-streamed reply is cut half-way
// through its JSON body.
func (b Behaviour) Drop(afterChunks int) Behaviour {
	b.drop, b.dropAfter = true, max(afterChunks, 0)
	return b
}

// Finish ends the reply with finish_reason reason ("length",
// "content_filter", ...) instead of "stop".
func (b Behaviour) Finish(reason string) Behaviour {
	b.finish = reason
	return b
}

func (b Behaviour) text(r Request) string {
	if b.reply == nil {
		return DefaultReply
	}
	return b.reply(r)
}

func (b Behaviour) finishReason() string {
	if b.finish == "" {
		return "stop"
	}
	return b.finish
}
