package loket

import (
	"context"
	"time"
)

// Flag is an agent's report that an article is wrong or outdated, or that
// an article is missing: what editors fix next.
type Flag struct {
	ID        int64
	Time      time.Time
	Agent     string
	Kind      FlagKind
	Locale    Locale
	ArticleID string // "" for missing content
	Note      string // what is wrong, or what the customer asked that nothing answers
	HandoffID int64  // the contact it came up in, if any
	Resolved  bool
}

// FlagKind says what is wrong.
type FlagKind string

// The kinds of flag.
const (
	FlagWrong    FlagKind = "wrong"
	FlagOutdated FlagKind = "outdated"
	FlagMissing  FlagKind = "missing"
)

// Valid reports whether k is a known kind.
func (k FlagKind) Valid() bool { return k == FlagWrong || k == FlagOutdated || k == FlagMissing }

// FlagFilter selects flags. Zero fields match everything.
type FlagFilter struct {
	Kind       FlagKind
	Unresolved bool
	Limit      int
}

// FlagStore keeps flags.
type FlagStore interface {
	// CreateFlag stores f and sets its ID and Time. Returns EINVALID for an
	// unknown kind, a wrong or outdated flag without an article, or a
	// missing-content flag without a note.
	CreateFlag(ctx context.Context, f *Flag) error
	// FindFlags returns the flags matching f, newest first.
	FindFlags(ctx context.Context, f FlagFilter) ([]*Flag, error)
	// ResolveFlag marks a flag handled. Returns ENOTFOUND if there is none.
	ResolveFlag(ctx context.Context, id int64) error
}

// ShortLink is a short address an agent gives a customer for a public
// article: /l/{Code}.
type ShortLink struct {
	Code      string
	Locale    Locale
	ArticleID string
	Agent     string
	HandoffID int64
	CreatedAt time.Time
}

// LinkStore keeps short links.
type LinkStore interface {
	// CreateShortLink stores l and sets its Code and CreatedAt.
	CreateShortLink(ctx context.Context, l *ShortLink) error
	// FindShortLink returns the link. Returns ENOTFOUND if there is none.
	FindShortLink(ctx context.Context, code string) (*ShortLink, error)
}
