package loket

import (
	"context"
	"time"
)

// EventType names what happened. Events are written once and never changed;
// insights are computed from them.
type EventType string

// The event types recorded by the channels.
const (
	EventSearch   EventType = "search"   // a search was run (Results holds the hit count)
	EventSuggest  EventType = "suggest"  // a suggestion was chosen
	EventView     EventType = "view"     // an article or guide was opened
	EventVote     EventType = "vote"     // "was this helpful?" answered (Data["helpful"])
	EventAnswer   EventType = "answer"   // the bot or voicebot answered or declined
	EventHandoff  EventType = "handoff"  // a contact went to a person
	EventOutcome  EventType = "outcome"  // a contact ended (Data["outcome"])
	EventDeflect  EventType = "deflect"  // a contact was avoided by a suggested answer
	EventGuide    EventType = "guide"    // a guided flow step was taken
	EventFeedback EventType = "feedback" // an agent flagged an article
	EventComment  EventType = "comment"  // a customer explained a "not helpful" vote (Data["comment"])
)

// Channel names where an event happened.
type Channel string

// The channels.
const (
	ChannelWeb   Channel = "web"   // the public help site
	ChannelAPI   Channel = "api"   // the public JSON API
	ChannelChat  Channel = "chat"  // the bot
	ChannelVoice Channel = "voice" // the voicebot
	ChannelAgent Channel = "agent" // the agent panel
	ChannelCLI   Channel = "cli"   // the loket command
)

// Event is one thing that happened on a channel.
type Event struct {
	ID        int64
	Time      time.Time
	Type      EventType
	Channel   Channel
	Locale    Locale
	Session   string // an opaque visitor, conversation or call identifier
	Query     string // what the customer typed or said, if anything
	ArticleID string // the article or guide concerned, if any
	Results   int    // for searches: the number of hits
	Data      map[string]string
}

// EventFilter selects events. Zero fields match everything.
type EventFilter struct {
	Type    EventType
	Channel Channel
	Session string
	Since   time.Time
	Until   time.Time
	Limit   int // 0 means no limit
}

// EventStore keeps the append-only event log.
type EventStore interface {
	// RecordEvent stores e and sets its ID, and its Time when zero.
	// Returns EINVALID when e has no Type.
	RecordEvent(ctx context.Context, e *Event) error
	// FindEvents returns the events matching f, oldest first.
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
}

// ArticleViews counts how often one article or guide was opened.
type ArticleViews struct {
	ArticleID string
	Views     int
}

// ViewCounter ranks articles by how often they were opened.
type ViewCounter interface {
	// MostViewed returns the articles and guides opened most often in locale
	// since the given time (view events), most viewed first, at most limit.
	MostViewed(ctx context.Context, locale Locale, since time.Time, limit int) ([]ArticleViews, error)
}
