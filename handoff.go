package loket

import (
	"context"
	"strings"
	"time"
)

// Handoff is a contact that self-service did not settle, passed to a person
// with everything the customer already said and saw, so that they never
// have to repeat themselves. Every channel creates the same record: the
// contact form, the bot and the voicebot.
type Handoff struct {
	ID       int64
	Channel  Channel
	Locale   Locale
	Status   HandoffStatus
	Question string // what the customer asked, in their own words
	// Transcript is the conversation before the handoff (bot, voicebot),
	// oldest first; empty for the contact form.
	Transcript []Turn
	Offered    []Offer // articles already shown or read out, in order
	Contact    Contact
	Reason     string // why self-service stopped (HandoffReason values)
	Team       string // the team a guide escalated to, if any
	Priority   int    // higher is served first; repeat contacts get 1
	// External is the channel's own id for the contact (a call SID, a
	// conversation id), unique per channel when set.
	External  string
	Session   string // the visitor, conversation or call it came from
	CreatedAt time.Time
	TakenBy   string
	TakenAt   time.Time
	ClosedAt  time.Time
}

// HandoffStatus is where a handoff is in the queue.
type HandoffStatus string

// The handoff statuses.
const (
	HandoffWaiting HandoffStatus = "waiting" // in the queue
	HandoffTaken   HandoffStatus = "taken"   // an agent has it
	HandoffClosed  HandoffStatus = "closed"  // wrapped up
)

// Reasons for a handoff.
const (
	ReasonContactForm   = "contact_form"   // the customer filled in the form
	ReasonAskedPerson   = "asked_person"   // the customer asked for a person
	ReasonNotAnswered   = "not_answered"   // self-service could not answer
	ReasonNotHelped     = "not_helped"     // the answers given did not help
	ReasonEscalated     = "escalated"      // a guided flow escalated to a team
	ReasonRepeat        = "repeat_contact" // the customer contacted us recently
	ReasonSilence       = "silence"        // the caller said nothing
	ReasonAfterHours    = "after_hours"    // a callback asked outside opening hours
	ReasonNotUnderstood = "not_understood" // the voicebot did not understand the caller twice
)

// Turn is one message in a conversation.
type Turn struct {
	Role string // "customer", "bot" or "agent"
	Text string
	Time time.Time
}

// Offer is an article shown to the customer before the handoff.
type Offer struct {
	ArticleID string
	Title     string
	URL       string
	// Helped is the customer's verdict: nil when they did not say.
	Helped *bool
}

// Contact holds how to reach the customer, as they gave it.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// ValidPhone reports whether s looks like a phone number a person can be
// called back on: 8 to 15 digits, with only "+", spaces and "-()./"
// between them ("+31 6 1234 5678", "020-123 45 67").
func ValidPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+ -()./", r):
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// HandoffFilter selects handoffs. Zero fields match everything.
type HandoffFilter struct {
	Status   HandoffStatus
	Channel  Channel
	External string
	Phone    string    // handoffs from this number (repeat callers)
	Since    time.Time // created at or after
	Limit    int
}

// HandoffStore keeps the handoff queue.
type HandoffStore interface {
	// CreateHandoff stores h as waiting and sets its ID, Status and
	// CreatedAt. Returns EINVALID when h has no Channel, and ECONFLICT when
	// another handoff of the channel has the same External id.
	CreateHandoff(ctx context.Context, h *Handoff) error
	// FindHandoff returns the handoff. Returns ENOTFOUND if there is none.
	FindHandoff(ctx context.Context, id int64) (*Handoff, error)
	// FindHandoffs returns the handoffs matching f, highest priority and
	// oldest first.
	FindHandoffs(ctx context.Context, f HandoffFilter) ([]*Handoff, error)
	// SetHandoffContact records how to reach the customer, given after the
	// handoff was made. Returns ENOTFOUND if there is no such handoff.
	SetHandoffContact(ctx context.Context, id int64, c Contact) error
	// AddHandoffTurns appends turns to the transcript of a handoff, for what
	// happened after it was made (the caller asked to be called back, or
	// hung up while waiting). Returns ENOTFOUND if there is no such handoff.
	AddHandoffTurns(ctx context.Context, id int64, turns ...Turn) error
	// TakeHandoff gives a waiting handoff to an agent and returns it. When
	// two agents take the same handoff at once, exactly one gets it: the
	// other gets ECONFLICT, as does anyone taking a handoff no longer
	// waiting. Returns ENOTFOUND if there is no such handoff.
	TakeHandoff(ctx context.Context, id int64, agent string) (*Handoff, error)
	// CloseHandoff stores the wrap-up and closes the handoff. Returns
	// ECONFLICT unless the handoff is taken by w.Agent, ENOTFOUND if there is
	// no such handoff, and EINVALID for an incomplete wrap-up.
	CloseHandoff(ctx context.Context, w *WrapUp) error
	// FindWrapUp returns the wrap-up of a closed handoff. Returns ENOTFOUND
	// if there is none.
	FindWrapUp(ctx context.Context, handoffID int64) (*WrapUp, error)
}

// WrapUp is how an agent ended a contact.
type WrapUp struct {
	HandoffID int64
	Agent     string
	Outcome   WrapOutcome
	ArticleID string   // resolved: the article that held the answer, if any
	GuideID   string   // resolved or escalated through a guided flow, if any
	GuidePath []string // the steps of the guide taken, in order
	Team      string   // transferred: the team that takes over
	Note      string
	Time      time.Time
}

// WrapOutcome is the result of a contact an agent handled.
type WrapOutcome string

// The outcomes of a contact.
const (
	WrapResolved    WrapOutcome = "resolved"    // solved, optionally with an article or guide
	WrapTransferred WrapOutcome = "transferred" // passed to another team
	WrapCallback    WrapOutcome = "callback"    // the customer is called back later
)

// Valid reports whether o is a known outcome.
func (o WrapOutcome) Valid() bool {
	return o == WrapResolved || o == WrapTransferred || o == WrapCallback
}
