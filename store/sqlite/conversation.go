package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/loket/loket"
)

var _ loket.ConversationStore = (*DB)(nil)

// CreateConversation stores c and sets its CreatedAt and UpdatedAt. Returns
// EINVALID without an ID and ECONFLICT when the ID exists.
func (db *DB) CreateConversation(ctx context.Context, c *loket.Conversation) error {
	if c == nil || c.ID == "" {
		return loket.Errorf(loket.EINVALID, "a conversation needs an id")
	}
	turns, err := json.Marshal(nonNil(c.Turns))
	if err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	now := db.now()
	_, err = db.db.ExecContext(ctx, `INSERT INTO conversations (id, channel, locale, turns, outcome, declines, handoff_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, string(c.Channel), string(c.Locale), string(turns), string(c.Outcome),
		c.Declines, nullID(c.HandoffID), formatTime(now), formatTime(now))
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey || se.ExtendedCode == sqlite3.ErrConstraintUnique) {
		return loket.Errorf(loket.ECONFLICT, "conversation %s exists", c.ID)
	}
	if err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = now, now
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// FindConversation returns the conversation. Returns ENOTFOUND if there is
// none.
func (db *DB) FindConversation(ctx context.Context, id string) (*loket.Conversation, error) {
	var (
		c                               loket.Conversation
		channel, locale, turns, outcome string
		created, updated                string
		handoff                         sql.NullInt64
	)
	err := db.db.QueryRowContext(ctx, `SELECT id, channel, locale, turns, outcome, declines, handoff_id, created_at, updated_at
		FROM conversations WHERE id = ?`, id).Scan(&c.ID, &channel, &locale, &turns, &outcome, &c.Declines, &handoff, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no conversation %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find conversation: %w", err)
	}
	c.Channel, c.Locale, c.Outcome, c.HandoffID = loket.Channel(channel), loket.Locale(locale), loket.ConversationOutcome(outcome), handoff.Int64
	if err := json.Unmarshal([]byte(turns), &c.Turns); err != nil {
		return nil, fmt.Errorf("conversation %s turns: %w", id, err)
	}
	if len(c.Turns) == 0 {
		c.Turns = nil
	}
	if c.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if c.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &c, nil
}

// UpdateConversation saves c's turns, outcome, declines and handoff and
// sets UpdatedAt. Returns ENOTFOUND if there is none.
func (db *DB) UpdateConversation(ctx context.Context, c *loket.Conversation) error {
	turns, err := json.Marshal(nonNil(c.Turns))
	if err != nil {
		return fmt.Errorf("update conversation: %w", err)
	}
	now := db.now()
	res, err := db.db.ExecContext(ctx, `UPDATE conversations SET turns = ?, outcome = ?, declines = ?, handoff_id = ?, updated_at = ?
		WHERE id = ?`, string(turns), string(c.Outcome), c.Declines, nullID(c.HandoffID), formatTime(now), c.ID)
	if err != nil {
		return fmt.Errorf("update conversation: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return loket.Errorf(loket.ENOTFOUND, "there is no conversation %s", c.ID)
	}
	c.UpdatedAt = now
	return nil
}

// AbandonConversations marks open conversations not updated since before as
// abandoned and returns them.
func (db *DB) AbandonConversations(ctx context.Context, before time.Time) ([]*loket.Conversation, error) {
	var ids []string
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE conversations SET outcome = 'abandoned'
			WHERE outcome = '' AND updated_at < ? RETURNING id`, formatTime(before))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("abandon conversations: %w", err)
	}
	out := make([]*loket.Conversation, 0, len(ids))
	for _, id := range ids {
		c, err := db.FindConversation(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseTime reads a time as stored.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}
