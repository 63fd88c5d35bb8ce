package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/loket/loket"
)

// DB implements the domain's event log.
var _ loket.EventStore = (*DB)(nil)

// timeLayout is how events.time is stored: UTC with exactly nine fractional
// digits, so that text order is time order. Go's RFC3339Nano drops trailing
// zeros, which would sort "…:00.5Z" before "…:00Z".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// RecordEvent stores e and sets its ID, and its Time from db.Now when zero.
// Returns EINVALID when e is nil, has no Type, or has a Time outside the
// years 1 to 9999.
func (db *DB) RecordEvent(ctx context.Context, e *loket.Event) error {
	if e == nil {
		return loket.Errorf(loket.EINVALID, "no event to record")
	}
	if e.Type == "" {
		return loket.Errorf(loket.EINVALID, "event has no type")
	}
	t := e.Time
	if t.IsZero() {
		t = db.now()
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return loket.Errorf(loket.EINVALID, "event time %s is out of range", t)
	}
	data, err := encodeData(e.Data)
	if err != nil {
		return err
	}
	const insert = `INSERT INTO events
		(time, type, channel, locale, session, query, article_id, results, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	res, err := db.db.ExecContext(ctx, insert, formatTime(t), string(e.Type), string(e.Channel),
		string(e.Locale), e.Session, e.Query, e.ArticleID, e.Results, data)
	if err != nil {
		return fmt.Errorf("record event: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("record event: %w", err)
	}
	e.ID, e.Time = id, t
	return nil
}

// FindEvents returns the events matching f, oldest first; events with the
// same time come in the order they were recorded. Since is inclusive and
// Until exclusive. Returns EINVALID for a negative Limit.
func (db *DB) FindEvents(ctx context.Context, f loket.EventFilter) ([]*loket.Event, error) {
	if f.Limit < 0 {
		return nil, loket.Errorf(loket.EINVALID, "limit %d is negative", f.Limit)
	}
	where, args := eventWhere(f)
	query := `SELECT id, time, type, channel, locale, session, query, article_id, results, data
		FROM events` + where + ` ORDER BY time, id`
	if f.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	defer rows.Close()
	var events []*loket.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	return events, nil
}

// eventWhere returns the WHERE clause for f, or "" when f matches
// everything, and its arguments.
func eventWhere(f loket.EventFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.Type != "" {
		add("type = ?", string(f.Type))
	}
	if f.Channel != "" {
		add("channel = ?", string(f.Channel))
	}
	if f.Session != "" {
		add("session = ?", f.Session)
	}
	if !f.Since.IsZero() {
		add("time >= ?", formatTime(f.Since))
	}
	if !f.Until.IsZero() {
		add("time < ?", formatTime(f.Until))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// scanEvent reads one row of the events query.
func scanEvent(rows *sql.Rows) (*loket.Event, error) {
	var (
		e                             loket.Event
		t, typ, channel, locale, data string
	)
	err := rows.Scan(&e.ID, &t, &typ, &channel, &locale, &e.Session, &e.Query, &e.ArticleID, &e.Results, &data)
	if err != nil {
		return nil, err
	}
	if e.Time, err = time.Parse(time.RFC3339Nano, t); err != nil {
		return nil, fmt.Errorf("event %d: %w", e.ID, err)
	}
	e.Time = e.Time.UTC()
	if e.Data, err = decodeData(data); err != nil {
		return nil, fmt.Errorf("event %d: %w", e.ID, err)
	}
	e.Type, e.Channel, e.Locale = loket.EventType(typ), loket.Channel(channel), loket.Locale(locale)
	return &e, nil
}

// formatTime returns t as stored in events.time.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// encodeData returns data as a JSON object, "{}" when empty.
func encodeData(data map[string]string) (string, error) {
	if len(data) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return "", fmt.Errorf("encode event data: %w", err)
	}
	return string(b), nil
}

// decodeData reads a JSON object of strings, returning nil when it is empty.
func decodeData(s string) (map[string]string, error) {
	var data map[string]string
	if err := json.Unmarshal([]byte(s), &data); err != nil {
		return nil, fmt.Errorf("decode data: %w", err)
	}
	if len(data) == 0 {
		data = nil
	}
	return data, nil
}
