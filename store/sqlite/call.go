package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"github.com/loket/loket"
)

// CreateCall stores c with version 1 and sets its Version, CreatedAt and
// UpdatedAt. Returns EINVALID without an ID and ECONFLICT when the call exists.
func (db *DB) CreateCall(ctx context.Context, c *loket.Call) error {
	if c == nil || c.ID == "" {
		return loket.Errorf(loket.EINVALID, "a call needs an id")
	}
	now := db.now()
	_, err := db.db.ExecContext(ctx, `INSERT INTO calls (id, from_no, to_no, locale, state, outcome, handoff_id, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, c.ID, c.From, c.To, string(c.Locale), nonNilBytes(c.State), string(c.Outcome),
		nullID(c.HandoffID), formatTime(now), formatTime(now))
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey || se.ExtendedCode == sqlite3.ErrConstraintUnique) {
		return loket.Errorf(loket.ECONFLICT, "call %s exists", c.ID)
	}
	if err != nil {
		return fmt.Errorf("create call: %w", err)
	}
	c.Version, c.CreatedAt, c.UpdatedAt = 1, now, now
	return nil
}

func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// FindCall returns the call. Returns ENOTFOUND if there is none.
func (db *DB) FindCall(ctx context.Context, id string) (*loket.Call, error) {
	var (
		c                loket.Call
		locale, outcome  string
		created, updated string
		handoff          sql.NullInt64
	)
	err := db.db.QueryRowContext(ctx, `SELECT id, from_no, to_no, locale, state, outcome, handoff_id, version, created_at, updated_at
		FROM calls WHERE id = ?`, id).Scan(&c.ID, &c.From, &c.To, &locale, &c.State, &outcome, &handoff, &c.Version, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no call %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find call: %w", err)
	}
	c.Locale, c.Outcome, c.HandoffID = loket.Locale(locale), loket.ConversationOutcome(outcome), handoff.Int64
	if len(c.State) == 0 {
		c.State = nil
	}
	if c.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if c.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &c, nil
}

// UpdateCall saves c's locale, state, outcome and handoff when the stored
// version is c.Version, then increments c.Version and sets UpdatedAt.
// Returns ENOTFOUND for an unknown call and ECONFLICT for a stale version.
func (db *DB) UpdateCall(ctx context.Context, c *loket.Call) error {
	now := db.now()
	res, err := db.db.ExecContext(ctx, `UPDATE calls SET locale = ?, state = ?, outcome = ?, handoff_id = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`, string(c.Locale), nonNilBytes(c.State), string(c.Outcome), nullID(c.HandoffID), formatTime(now), c.ID, c.Version)
	if err != nil {
		return fmt.Errorf("update call: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update call: %w", err)
	} else if n == 0 {
		var version int
		err := db.db.QueryRowContext(ctx, `SELECT version FROM calls WHERE id = ?`, c.ID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return loket.Errorf(loket.ENOTFOUND, "there is no call %s", c.ID)
		}
		if err != nil {
			return fmt.Errorf("update call: %w", err)
		}
		return loket.Errorf(loket.ECONFLICT, "call %s changed since it was read (version %d, not %d)", c.ID, version, c.Version)
	}
	c.Version++
	c.UpdatedAt = now
	return nil
}
