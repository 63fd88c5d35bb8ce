package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/loket/loket"
)

var _ loket.HandoffStore = (*DB)(nil)

// CreateHandoff stores h as waiting and sets its ID, Status and CreatedAt.
// Returns EINVALID when h has no Channel, and ECONFLICT when the channel
// already has a handoff with h's External id.
func (db *DB) CreateHandoff(ctx context.Context, h *loket.Handoff) error {
	if h == nil || h.Channel == "" {
		return loket.Errorf(loket.EINVALID, "a handoff needs a channel")
	}
	transcript, err := json.Marshal(nonNil(h.Transcript))
	if err != nil {
		return fmt.Errorf("create handoff: %w", err)
	}
	offered, err := json.Marshal(nonNil(h.Offered))
	if err != nil {
		return fmt.Errorf("create handoff: %w", err)
	}
	created := db.now()
	const insert = `INSERT INTO handoffs (created_at, channel, locale, status, question, transcript, offered,
		contact_name, contact_email, contact_phone, reason, team, priority, external, session)
		VALUES (?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	res, err := db.db.ExecContext(ctx, insert, formatTime(created), string(h.Channel), string(h.Locale), h.Question,
		string(transcript), string(offered), h.Contact.Name, h.Contact.Email, h.Contact.Phone, h.Reason, h.Team,
		h.Priority, h.External, h.Session)
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return loket.Errorf(loket.ECONFLICT, "a handoff for %s %q already exists", h.Channel, h.External)
	}
	if err != nil {
		return fmt.Errorf("create handoff: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create handoff: %w", err)
	}
	h.ID, h.Status, h.CreatedAt = id, loket.HandoffWaiting, created
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const handoffColumns = `id, created_at, channel, locale, status, question, transcript, offered,
	contact_name, contact_email, contact_phone, reason, team, priority, external, session,
	taken_by, taken_at, closed_at`

// FindHandoff returns the handoff. Returns ENOTFOUND if there is none.
func (db *DB) FindHandoff(ctx context.Context, id int64) (*loket.Handoff, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+handoffColumns+` FROM handoffs WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("find handoff: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("find handoff: %w", err)
		}
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no handoff %d", id)
	}
	return scanHandoff(rows)
}

// FindHandoffs returns the handoffs matching f: highest priority first,
// then oldest first. Returns EINVALID for a negative Limit.
func (db *DB) FindHandoffs(ctx context.Context, f loket.HandoffFilter) ([]*loket.Handoff, error) {
	if f.Limit < 0 {
		return nil, loket.Errorf(loket.EINVALID, "limit %d is negative", f.Limit)
	}
	var conds []string
	var args []any
	add := func(cond string, arg any) { conds = append(conds, cond); args = append(args, arg) }
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.Channel != "" {
		add("channel = ?", string(f.Channel))
	}
	if f.External != "" {
		add("external = ?", f.External)
	}
	if f.Phone != "" {
		add("contact_phone = ?", f.Phone)
	}
	if !f.Since.IsZero() {
		add("created_at >= ?", formatTime(f.Since))
	}
	q := `SELECT ` + handoffColumns + ` FROM handoffs`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	q += ` ORDER BY priority DESC, created_at, id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find handoffs: %w", err)
	}
	defer rows.Close()
	var out []*loket.Handoff
	for rows.Next() {
		h, err := scanHandoff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find handoffs: %w", err)
	}
	return out, nil
}

func scanHandoff(rows *sql.Rows) (*loket.Handoff, error) {
	var (
		h                                      loket.Handoff
		created, channel, locale, status       string
		transcript, offered, takenAt, closedAt string
	)
	err := rows.Scan(&h.ID, &created, &channel, &locale, &status, &h.Question, &transcript, &offered,
		&h.Contact.Name, &h.Contact.Email, &h.Contact.Phone, &h.Reason, &h.Team, &h.Priority, &h.External,
		&h.Session, &h.TakenBy, &takenAt, &closedAt)
	if err != nil {
		return nil, fmt.Errorf("scan handoff: %w", err)
	}
	h.Channel, h.Locale, h.Status = loket.Channel(channel), loket.Locale(locale), loket.HandoffStatus(status)
	for _, t := range []struct {
		s   string
		dst *time.Time
	}{{created, &h.CreatedAt}, {takenAt, &h.TakenAt}, {closedAt, &h.ClosedAt}} {
		if t.s == "" {
			continue
		}
		if *t.dst, err = time.Parse(time.RFC3339Nano, t.s); err != nil {
			return nil, fmt.Errorf("handoff %d: %w", h.ID, err)
		}
		*t.dst = t.dst.UTC()
	}
	if err := json.Unmarshal([]byte(transcript), &h.Transcript); err != nil {
		return nil, fmt.Errorf("handoff %d transcript: %w", h.ID, err)
	}
	if err := json.Unmarshal([]byte(offered), &h.Offered); err != nil {
		return nil, fmt.Errorf("handoff %d offers: %w", h.ID, err)
	}
	if len(h.Transcript) == 0 {
		h.Transcript = nil
	}
	if len(h.Offered) == 0 {
		h.Offered = nil
	}
	return &h, nil
}

// SetHandoffContact records how to reach the customer of a handoff, when
// they give it after the handoff was made. Returns ENOTFOUND if there is
// no such handoff.
func (db *DB) SetHandoffContact(ctx context.Context, id int64, c loket.Contact) error {
	res, err := db.db.ExecContext(ctx, `UPDATE handoffs SET contact_name = ?, contact_email = ?, contact_phone = ? WHERE id = ?`,
		c.Name, c.Email, c.Phone, id)
	if err != nil {
		return fmt.Errorf("set handoff contact: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return loket.Errorf(loket.ENOTFOUND, "there is no handoff %d", id)
	}
	return nil
}

// AddHandoffTurns appends turns to a handoff's transcript, reading and
// writing it in one transaction so that concurrent appends keep each other.
func (db *DB) AddHandoffTurns(ctx context.Context, id int64, turns ...loket.Turn) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var transcript string
		err := tx.QueryRowContext(ctx, `SELECT transcript FROM handoffs WHERE id = ?`, id).Scan(&transcript)
		if errors.Is(err, sql.ErrNoRows) {
			return loket.Errorf(loket.ENOTFOUND, "there is no handoff %d", id)
		}
		if err != nil {
			return err
		}
		var all []loket.Turn
		if err := json.Unmarshal([]byte(transcript), &all); err != nil {
			return fmt.Errorf("handoff %d transcript: %w", id, err)
		}
		b, err := json.Marshal(append(all, turns...))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE handoffs SET transcript = ? WHERE id = ?`, string(b), id)
		return err
	})
	if loket.ErrorCode(err) == loket.ENOTFOUND {
		return err
	}
	if err != nil {
		return fmt.Errorf("add handoff turns: %w", err)
	}
	return nil
}

// TakeHandoff gives a waiting handoff to an agent. The update only matches a
// waiting handoff, so of two agents taking it at once exactly one changes a
// row; the other gets ECONFLICT.
func (db *DB) TakeHandoff(ctx context.Context, id int64, agent string) (*loket.Handoff, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE handoffs SET status = 'taken', taken_by = ?, taken_at = ? WHERE id = ? AND status = 'waiting'`,
		agent, formatTime(db.now()), id)
	if err != nil {
		return nil, fmt.Errorf("take handoff: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return nil, fmt.Errorf("take handoff: %w", err)
	}
	h, err := db.FindHandoff(ctx, id)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		who := h.TakenBy
		if who == "" {
			who = "someone"
		}
		return nil, loket.Errorf(loket.ECONFLICT, "this contact was already taken by %s", who)
	}
	return h, nil
}

// CloseHandoff stores the wrap-up and closes the handoff, in one
// transaction.
func (db *DB) CloseHandoff(ctx context.Context, w *loket.WrapUp) error {
	if !w.Outcome.Valid() {
		return loket.Errorf(loket.EINVALID, "outcome %q is unknown: use resolved, transferred or callback", w.Outcome)
	}
	if w.Outcome == loket.WrapTransferred && w.Team == "" {
		return loket.Errorf(loket.EINVALID, "a transfer needs the team it goes to")
	}
	path, err := json.Marshal(nonNil(w.GuidePath))
	if err != nil {
		return fmt.Errorf("close handoff: %w", err)
	}
	now := db.now()
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE handoffs SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'taken' AND taken_by = ?`,
			formatTime(now), w.HandoffID, w.Agent)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if _, ferr := db.findHandoffTx(ctx, tx, w.HandoffID); ferr != nil {
				return ferr
			}
			return loket.Errorf(loket.ECONFLICT, "only the agent who took this contact can wrap it up, once")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO wrapups (handoff_id, agent, outcome, article_id, guide_id, guide_path, team, note, time)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.HandoffID, w.Agent, string(w.Outcome), w.ArticleID, w.GuideID, string(path), w.Team, w.Note, formatTime(now))
		return err
	})
	if err != nil {
		if loket.ErrorCode(err) != loket.EINTERNAL {
			return err
		}
		return fmt.Errorf("close handoff: %w", err)
	}
	w.Time = now
	return nil
}

func (db *DB) findHandoffTx(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var got int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM handoffs WHERE id = ?`, id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, loket.Errorf(loket.ENOTFOUND, "there is no handoff %d", id)
	}
	return got, err
}

// FindWrapUp returns the wrap-up of a closed handoff. Returns ENOTFOUND if
// there is none.
func (db *DB) FindWrapUp(ctx context.Context, handoffID int64) (*loket.WrapUp, error) {
	var (
		w                 loket.WrapUp
		outcome, path, tm string
	)
	err := db.db.QueryRowContext(ctx, `SELECT handoff_id, agent, outcome, article_id, guide_id, guide_path, team, note, time
		FROM wrapups WHERE handoff_id = ?`, handoffID).Scan(&w.HandoffID, &w.Agent, &outcome, &w.ArticleID, &w.GuideID, &path, &w.Team, &w.Note, &tm)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, loket.Errorf(loket.ENOTFOUND, "handoff %d has no wrap-up", handoffID)
	}
	if err != nil {
		return nil, fmt.Errorf("find wrap-up: %w", err)
	}
	w.Outcome = loket.WrapOutcome(outcome)
	if err := json.Unmarshal([]byte(path), &w.GuidePath); err != nil {
		return nil, fmt.Errorf("wrap-up %d path: %w", handoffID, err)
	}
	if len(w.GuidePath) == 0 {
		w.GuidePath = nil
	}
	if w.Time, err = parseTime(tm); err != nil {
		return nil, err
	}
	return &w, nil
}
