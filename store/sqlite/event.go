package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
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
	id, err := db.events.write(ctx, db, eventRow{formatTime(t), e, data})
	if err != nil {
		return err
	}
	e.ID, e.Time = id, t
	return nil
}

// Events are written by one goroutine, in batches of whatever was recorded
// meanwhile, each batch in one transaction: group commit. Every search
// and page view records an event; when each inserted on its own, busy
// request goroutines queued for SQLite's write lock, and its busy handler
// sleeps while it waits, which put hundreds of milliseconds on the slowest
// requests under load. RecordEvent still returns only after its event is
// committed, with its id, so readers see every recorded event.

// maxEventBatch is the most events one transaction writes.
const maxEventBatch = 256

const insertEvent = `INSERT INTO events
	(time, type, channel, locale, session, query, article_id, results, data)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

type eventRow struct {
	time string
	e    *loket.Event
	data any
}

type eventRequest struct {
	row  eventRow
	done chan eventResult // buffered: the writer never waits for it
}

type eventResult struct {
	id  int64
	err error
}

// eventWriter is the goroutine that writes events, started by the first.
type eventWriter struct {
	start   sync.Once
	mu      sync.RWMutex // held for reading while sending, for writing to close
	closed  bool
	queue   chan *eventRequest
	stopped chan struct{}
}

// write queues r and waits until it is committed.
func (w *eventWriter) write(ctx context.Context, db *DB, r eventRow) (int64, error) {
	w.start.Do(func() {
		w.queue = make(chan *eventRequest, maxEventBatch)
		w.stopped = make(chan struct{})
		go w.run(db)
	})
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("record event: %w", err)
	}
	req := &eventRequest{row: r, done: make(chan eventResult, 1)}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return 0, loket.Errorf(loket.EUNAVAILABLE, "the database is closed")
	}
	select {
	case w.queue <- req:
		w.mu.RUnlock()
	case <-ctx.Done():
		w.mu.RUnlock()
		return 0, fmt.Errorf("record event: %w", ctx.Err())
	}
	// The event is queued: it will be written whatever happens to ctx, so
	// its result is waited for, not abandoned.
	res := <-req.done
	return res.id, res.err
}

// run writes batches until the queue is closed and empty.
func (w *eventWriter) run(db *DB) {
	defer close(w.stopped)
	batch := make([]*eventRequest, 0, maxEventBatch)
	for req := range w.queue {
		batch = append(batch[:0], req)
	more:
		for len(batch) < maxEventBatch {
			select {
			case r, ok := <-w.queue:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		db.writeEvents(batch)
	}
}

// stop closes the queue and waits until every queued event is written.
func (w *eventWriter) stop() {
	w.mu.Lock()
	already := w.closed
	w.closed = true
	w.mu.Unlock()
	if already || w.queue == nil {
		return
	}
	close(w.queue)
	<-w.stopped
}

// writeEvents inserts a batch in one transaction and tells each request
// its id. An event that fails to insert fails alone; a transaction that
// fails fails them all.
func (db *DB) writeEvents(batch []*eventRequest) {
	ids := make([]int64, len(batch))
	errs := make([]error, len(batch))
	fail := func(err error) {
		for _, r := range batch {
			r.done <- eventResult{err: fmt.Errorf("record event: %w", err)}
		}
	}
	// Not the requests' contexts: one gone away must not undo the others.
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	stmt, err := tx.PrepareContext(ctx, insertEvent)
	if err != nil {
		tx.Rollback()
		fail(err)
		return
	}
	for i, r := range batch {
		e := r.row.e
		res, err := stmt.ExecContext(ctx, r.row.time, string(e.Type), string(e.Channel),
			string(e.Locale), e.Session, e.Query, e.ArticleID, e.Results, r.row.data)
		if err == nil {
			ids[i], err = res.LastInsertId()
		}
		errs[i] = err
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		fail(err)
		return
	}
	for i, r := range batch {
		if errs[i] != nil {
			r.done <- eventResult{err: fmt.Errorf("record event: %w", errs[i])}
			continue
		}
		r.done <- eventResult{id: ids[i]}
	}
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
