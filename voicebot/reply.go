package voicebot

import (
	"time"

	"github.com/loket/loket"
)

// Reply is what the caller hears next and what happens after: listen for an
// answer, wait in the queue, or hang up. Exactly one of Listen, Enqueue,
// Leave and Hangup is set, except in a reply to a wait turn, which may have
// none: the caller keeps waiting.
type Reply struct {
	Say    []Speech
	Listen *Listen
	// Hold asks for hold audio after Say (queue wait turns).
	Hold    bool
	Enqueue *Enqueue
	Leave   bool // take the caller out of the queue (they chose a callback)
	Hangup  bool
	// Handoff is the handoff of the call, when this turn made it.
	Handoff *loket.Handoff
}

// Speech is one thing said, in a language and voice.
type Speech struct {
	Text     string
	Language string // "nl-NL", "en-GB"
	Voice    string // the provider's voice name; "" for its default
	// Streamed means the text was already passed to the stream of
	// TurnStreaming as it was produced: it is in the reply for the
	// transcript, not to be said again.
	Streamed bool
}

// Listen asks the provider to wait for the caller's speech or keys.
type Listen struct {
	Speech   bool
	Keys     bool
	Digits   int      // the number of keys that ends the input; 0 for none
	Language string   // the speech recogniser's language
	Hints    []string // words and phrases the caller is likely to say
	Timeout  time.Duration
}

// Enqueue puts the caller in the queue for a person.
type Enqueue struct {
	Queue    string
	Priority int // the handoff's priority: 1 for a repeat caller
}

// Input is what the caller did in reply to a Listen.
type Input struct {
	Speech string // the recognised speech, "" for none
	// Confidence is the recogniser's confidence in Speech, from 0 to 1; 0
	// when the provider gives none.
	Confidence float64
	Digits     string // the keys pressed, "" for none
}

// silent reports whether the caller gave nothing.
func (in Input) silent() bool { return in.Speech == "" && in.Digits == "" }

// CallInfo identifies a new call.
type CallInfo struct {
	ID   string // the provider's call id
	From string // the caller's number
	To   string // the number called
}

// QueueStatus is what the provider says about a caller in the queue.
type QueueStatus struct {
	Position int           // 1 for the next caller served; 0 when unknown
	Average  time.Duration // the queue's average wait; 0 when unknown
	Waited   time.Duration // how long this caller has waited
}

// QueueResult says why a caller left the queue.
type QueueResult string

// The results the providers report.
const (
	QueueBridged  QueueResult = "bridged"      // a person took the call
	QueueLeft     QueueResult = "leave"        // the caller chose a callback
	QueueHangup   QueueResult = "hangup"       // the caller hung up while waiting
	QueueFull     QueueResult = "queue-full"   // the queue had no room
	QueueError    QueueResult = "error"        // the provider failed
	QueueRedirect QueueResult = "redirected"   // the call was moved elsewhere
	QueueSystem   QueueResult = "system-error" // the provider failed
	QueueBridging QueueResult = "bridging-in-process"
)
