package loket

import (
	"context"
	"time"
)

// Call is a phone call to the voicebot. The voicebot saves it after every
// turn, so that a call continues where it was when the server restarts
// mid-call, or when the next webhook of the call reaches another replica.
type Call struct {
	ID     string // the provider's call id (Twilio's CallSid)
	From   string // the caller's number, as the provider gave it
	To     string // the number called
	Locale Locale
	// State is the voicebot's dialog state, opaque to the store.
	State     []byte
	Outcome   ConversationOutcome
	HandoffID int64
	// Version counts the saves of the call. UpdateCall saves only when the
	// stored version is still the one read, so that two webhooks of one call
	// handled at once cannot overwrite each other unnoticed.
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// CallStore keeps the voicebot's calls.
type CallStore interface {
	// CreateCall stores c with Version 1 and sets its Version, CreatedAt and
	// UpdatedAt. Returns EINVALID when c has no ID, and ECONFLICT when a call
	// with that ID exists.
	CreateCall(ctx context.Context, c *Call) error
	// FindCall returns the call. Returns ENOTFOUND if there is none.
	FindCall(ctx context.Context, id string) (*Call, error)
	// UpdateCall saves c's locale, state, outcome and handoff, increments
	// its Version and sets UpdatedAt. Returns ENOTFOUND if there is no such
	// call, and ECONFLICT when the stored version is not c.Version: the call
	// changed since it was read.
	UpdateCall(ctx context.Context, c *Call) error
}
