package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/loket/loket"
)

var _ loket.UserStore = (*DB)(nil)

// userName is what a sign-in name may look like: letters, digits and . _ -
// @, so that it can also be an e-mail address.
var userName = regexp.MustCompile(`^[\p{L}\p{N}._@-]{2,64}$`)

// CreateUser stores u with its password hash and sets its ID and CreatedAt.
// Returns EINVALID for an invalid name or role and ECONFLICT when the name
// is taken.
func (db *DB) CreateUser(ctx context.Context, u *loket.User, passwordHash string) error {
	if !userName.MatchString(u.Name) {
		return loket.Errorf(loket.EINVALID, "a user name has 2 to 64 letters, digits, '.', '_', '-' or '@'")
	}
	if !u.Role.Valid() {
		return loket.Errorf(loket.EINVALID, "role %q is unknown: use agent, editor or admin", u.Role)
	}
	now := db.now()
	res, err := db.db.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.Name, string(u.Role), passwordHash, u.Disabled, formatTime(now))
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return loket.Errorf(loket.ECONFLICT, "user %s exists", u.Name)
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	u.CreatedAt = now
	return nil
}

const userColumns = `id, name, role, disabled, failed, locked_until, created_at`

type scanner interface{ Scan(...any) error }

// scanUser scans a row of lead columns, userColumns, then extra columns.
func scanUser(row scanner, lead []any, extra ...any) (*loket.User, error) {
	var (
		u               loket.User
		role, locked, c string
	)
	cols := append(append(lead, &u.ID, &u.Name, &role, &u.Disabled, &u.Failed, &locked, &c), extra...)
	if err := row.Scan(cols...); err != nil {
		return nil, err
	}
	u.Role = loket.Role(role)
	var err error
	if u.CreatedAt, err = parseTime(c); err != nil {
		return nil, err
	}
	if locked != "" {
		if u.LockedUntil, err = parseTime(locked); err != nil {
			return nil, err
		}
	}
	return &u, nil
}

// FindUserByName returns the user and its password hash. Returns ENOTFOUND
// if there is none.
func (db *DB) FindUserByName(ctx context.Context, name string) (*loket.User, string, error) {
	var hash string
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE name = ?`, name), nil, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", loket.Errorf(loket.ENOTFOUND, "there is no user %s", name)
	}
	if err != nil {
		return nil, "", fmt.Errorf("find user: %w", err)
	}
	return u, hash, nil
}

// FindUser returns the user. Returns ENOTFOUND if there is none.
func (db *DB) FindUser(ctx context.Context, id int64) (*loket.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id), nil)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no user %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// ListUsers returns every user, by name.
func (db *DB) ListUsers(ctx context.Context) ([]*loket.User, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []*loket.User
	for rows.Next() {
		u, err := scanUser(rows, nil)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash, clears a lockout and ends
// the user's sessions. Returns ENOTFOUND for an unknown name.
func (db *DB) SetPassword(ctx context.Context, name, passwordHash string) error {
	return db.updateUser(ctx, name, `UPDATE users SET password_hash = ?, failed = 0, locked_until = '' WHERE name = ?`, passwordHash, name)
}

// SetDisabled disables or enables a user; disabling ends the user's
// sessions. Returns ENOTFOUND for an unknown name.
func (db *DB) SetDisabled(ctx context.Context, name string, disabled bool) error {
	return db.updateUser(ctx, name, `UPDATE users SET disabled = ? WHERE name = ?`, disabled, name)
}

// updateUser runs an update of one user and ends the user's sessions, in
// one transaction.
func (db *DB) updateUser(ctx context.Context, name, query string, args ...any) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return loket.Errorf(loket.ENOTFOUND, "there is no user %s", name)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)`, name); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return nil
	})
}

// RecordSignIn records a sign-in attempt. A good one clears the failures;
// a failed one counts, and the MaxFailedSignIns-th locks the account until
// lockUntil.
func (db *DB) RecordSignIn(ctx context.Context, userID int64, ok bool, lockUntil time.Time) error {
	var err error
	if ok {
		_, err = db.db.ExecContext(ctx, `UPDATE users SET failed = 0, locked_until = '' WHERE id = ?`, userID)
	} else {
		_, err = db.db.ExecContext(ctx, `UPDATE users SET failed = failed + 1,
			locked_until = CASE WHEN failed + 1 >= ? THEN ? ELSE locked_until END WHERE id = ?`,
			loket.MaxFailedSignIns, formatTime(lockUntil), userID)
	}
	if err != nil {
		return fmt.Errorf("record sign-in: %w", err)
	}
	return nil
}

// CreateSession stores a session for tokenHash and sets its ID.
func (db *DB) CreateSession(ctx context.Context, s *loket.Session, tokenHash string) error {
	res, err := db.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, s.UserID, formatTime(s.CreatedAt), formatTime(s.ExpiresAt), formatTime(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	s.ID, err = res.LastInsertId()
	return err
}

// FindSession returns the session of tokenHash with its user, LastSeen
// being its previous use, and marks it seen at now. Returns ENOTFOUND when there is none, it expired, or its
// user is disabled.
func (db *DB) FindSession(ctx context.Context, tokenHash string, now time.Time) (*loket.Session, *loket.User, error) {
	var (
		s                      loket.Session
		created, expires, seen string
	)
	row := db.db.QueryRowContext(ctx, `SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_seen, `+prefixed("u.", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash)
	u, err := scanUser(row, []any{&s.ID, &s.UserID, &created, &expires, &seen})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, loket.Errorf(loket.ENOTFOUND, "no such session")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	for _, t := range []struct {
		s   string
		dst *time.Time
	}{{created, &s.CreatedAt}, {expires, &s.ExpiresAt}, {seen, &s.LastSeen}} {
		if *t.dst, err = parseTime(t.s); err != nil {
			return nil, nil, err
		}
	}
	if !now.Before(s.ExpiresAt) || u.Disabled {
		return nil, nil, loket.Errorf(loket.ENOTFOUND, "the session has ended")
	}
	if _, err := db.db.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ?`, formatTime(now), s.ID); err != nil {
		return nil, nil, fmt.Errorf("touch session: %w", err)
	}
	return &s, u, nil
}

// DeleteSession ends the session of tokenHash.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

func prefixed(p, cols string) string {
	return p + regexp.MustCompile(`,\s*`).ReplaceAllString(cols, ", "+p)
}
