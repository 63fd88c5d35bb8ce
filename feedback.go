package loket

import (
	"context"
	"time"
)

// Vote is a customer's answer to "Was this helpful?" on an article.
type Vote struct {
	ID        int64
	Time      time.Time
	Channel   Channel
	Locale    Locale
	ArticleID string
	Helpful   bool
	Comment   string // optional, after "No": what was missing
	Session   string
}

// VoteCount sums the votes on one article.
type VoteCount struct {
	Yes, No int
}

// FeedbackStore keeps votes.
type FeedbackStore interface {
	// CreateVote stores v and sets its ID, and its Time when zero. Returns
	// EINVALID without an ArticleID, or with a comment over 2,000 characters.
	CreateVote(ctx context.Context, v *Vote) error
	// CountVotes returns the votes on an article in a locale.
	CountVotes(ctx context.Context, locale Locale, articleID string) (VoteCount, error)
}

// MaxCommentLength is the longest feedback comment accepted, in characters.
const MaxCommentLength = 2000
