package loket

import (
	"context"
	"time"
)

// Role says what a user of the agent panel may do. Each role may do what the
// roles before it may.
type Role string

// The roles.
const (
	RoleAgent  Role = "agent"  // answers contacts: search, guides, drafts, the queue
	RoleEditor Role = "editor" // also reads the flags and missing-content reports
	RoleAdmin  Role = "admin"  // also manages users
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAgent || r == RoleEditor || r == RoleAdmin }

// Includes reports whether a user with role r may do what role other may.
func (r Role) Includes(other Role) bool { return r.rank() >= other.rank() && other.Valid() }

func (r Role) rank() int {
	switch r {
	case RoleAgent:
		return 1
	case RoleEditor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// User is a person who signs in to the agent panel.
type User struct {
	ID        int64
	Name      string // the sign-in name, unique
	Role      Role
	Disabled  bool
	CreatedAt time.Time
	// Failed counts the failed sign-ins since the last good one; after
	// MaxFailedSignIns the account is locked until LockedUntil.
	Failed      int
	LockedUntil time.Time
}

// Sign-in limits.
const (
	MaxFailedSignIns = 5
	LockoutDuration  = 15 * time.Minute
	MinPasswordLen   = 10
)

// Session is a signed-in user's session. The token that names it is given
// to the browser once; the store keeps only its hash.
type Session struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
}

// UserStore keeps users and their sessions.
type UserStore interface {
	// CreateUser stores u with the password hash and sets its ID and
	// CreatedAt. Returns EINVALID for an invalid name or role, ECONFLICT when
	// the name is taken.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// FindUserByName returns the user and its password hash. Returns
	// ENOTFOUND if there is none.
	FindUserByName(ctx context.Context, name string) (*User, string, error)
	// FindUser returns the user. Returns ENOTFOUND if there is none.
	FindUser(ctx context.Context, id int64) (*User, error)
	// ListUsers returns every user, by name.
	ListUsers(ctx context.Context) ([]*User, error)
	// SetPassword replaces a user's password hash and ends their sessions.
	// Returns ENOTFOUND for an unknown name.
	SetPassword(ctx context.Context, name, passwordHash string) error
	// SetDisabled disables or enables a user; disabling ends their
	// sessions. Returns ENOTFOUND for an unknown name.
	SetDisabled(ctx context.Context, name string, disabled bool) error
	// RecordSignIn records a sign-in attempt: a good one clears the failures,
	// a failed one counts and, at MaxFailedSignIns, locks the account until
	// the given time.
	RecordSignIn(ctx context.Context, userID int64, ok bool, lockUntil time.Time) error
	// CreateSession stores a session for tokenHash.
	CreateSession(ctx context.Context, s *Session, tokenHash string) error
	// FindSession returns the session of tokenHash with its user, as it was
	// (LastSeen is the previous use), and marks it seen at now. Returns
	// ENOTFOUND when there is none or it expired, or its user is disabled.
	FindSession(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, error)
	// DeleteSession ends the session of tokenHash.
	DeleteSession(ctx context.Context, tokenHash string) error
}
