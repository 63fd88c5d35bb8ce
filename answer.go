package loket

import (
	"context"
	"time"
)

// Question is what a customer or agent asks the answer engine.
type Question struct {
	Text   string
	Locale Locale
	// History is the conversation so far, oldest first, so that a follow-up
	// ("and for a business customer?") is understood. The engine keeps only
	// the last few turns.
	History []Turn
}

// Answer is the engine's reply: a text grounded in numbered passages of the
// knowledge base, cited as [1], [2], or a plain statement that it does not
// know (Declined).
type Answer struct {
	Text      string
	Citations []Citation // Citations[i] is cited as [i+1]
	// Declined means the knowledge base holds no good answer; Text then
	// says so, and the channel offers a person.
	Declined bool
	Mode     AnswerMode
	// Confidence is how well the best passage matches the question, from 0
	// to 1; the engine declines below its threshold.
	Confidence float64
}

// AnswerMode says how an answer was made.
type AnswerMode string

// The answer modes.
const (
	// ModeGenerated: a language model wrote the answer from the passages.
	ModeGenerated AnswerMode = "generated"
	// ModeExtractive: the answer is the best passage itself, because no
	// model is configured, or the model failed, was too slow, or gave an
	// answer that was not grounded in the passages.
	ModeExtractive AnswerMode = "extractive"
	// ModeDeclined: nothing good enough was found.
	ModeDeclined AnswerMode = "declined"
)

// Citation is a passage an answer relies on, with where to read it in full.
type Citation struct {
	ID      string // the article's id
	Title   string
	URL     string // the article, with the passage's anchor when it has one
	Section string // the heading of the passage, "" for the lead
}

// Answerer answers questions from the knowledge base it was given: a public
// one for customers, one with internal articles for agents.
type Answerer interface {
	// Answer answers q. When tokens is not nil, the answer's text is passed
	// to it piece by piece as it is produced, before Answer returns; the
	// returned Answer holds the whole text and the citations. Returns
	// EINVALID for an empty or overlong question; otherwise it always
	// answers, falling back to the extractive answer when the model fails.
	Answer(ctx context.Context, q Question, tokens func(string)) (*Answer, error)
}

// MaxQuestionLength is the longest question the engine takes, in characters.
const MaxQuestionLength = 1000

// Conversation is a chat between a customer and the bot.
type Conversation struct {
	ID        string
	Channel   Channel
	Locale    Locale
	Turns     []Turn
	Outcome   ConversationOutcome
	Declines  int // answers in a row the bot could not give
	HandoffID int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ConversationOutcome is how a conversation ended.
type ConversationOutcome string

// The outcomes of a conversation.
const (
	OutcomeOpen      ConversationOutcome = ""           // still going
	OutcomeResolved  ConversationOutcome = "resolved"   // the customer said it helped
	OutcomeHandedOff ConversationOutcome = "handed_off" // passed to a person
	OutcomeAbandoned ConversationOutcome = "abandoned"  // the customer went away
)

// ConversationStore keeps conversations.
type ConversationStore interface {
	// CreateConversation stores c and sets its CreatedAt and UpdatedAt.
	// Returns ECONFLICT when the ID exists.
	CreateConversation(ctx context.Context, c *Conversation) error
	// FindConversation returns the conversation. Returns ENOTFOUND if there
	// is none.
	FindConversation(ctx context.Context, id string) (*Conversation, error)
	// UpdateConversation saves c's turns, outcome, declines and handoff, and
	// sets UpdatedAt. Returns ENOTFOUND if there is none.
	UpdateConversation(ctx context.Context, c *Conversation) error
	// AbandonConversations marks open conversations not updated since the
	// given time as abandoned and returns them.
	AbandonConversations(ctx context.Context, before time.Time) ([]*Conversation, error)
}
