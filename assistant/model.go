package assistant

import "context"

// Model writes the next message of a conversation: a chat-completion
// language model. assistant/openai implements it over any OpenAI-compatible
// API; tests use a fake server that speaks the same protocol.
type Model interface {
	// Complete returns the model's reply to msgs. When tokens is not nil,
	// the reply is passed to it piece by piece as the model produces it,
	// before Complete returns. An error means no usable reply: the caller
	// falls back to an answer without the model.
	Complete(ctx context.Context, msgs []Message, tokens func(string)) (string, error)
}

// Message is one message to or from the model.
type Message struct {
	Role    Role
	Content string
}

// Role says who speaks in a Message.
type Role string

// The roles of the chat-completion protocol.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)
