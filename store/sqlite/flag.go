package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/loket/loket"
)

var (
	_ loket.FlagStore = (*DB)(nil)
	_ loket.LinkStore = (*DB)(nil)
)

// CreateFlag stores f and sets its ID and Time.
func (db *DB) CreateFlag(ctx context.Context, f *loket.Flag) error {
	switch {
	case !f.Kind.Valid():
		return loket.Errorf(loket.EINVALID, "flag kind %q is unknown: use wrong, outdated or missing", f.Kind)
	case f.Kind != loket.FlagMissing && f.ArticleID == "":
		return loket.Errorf(loket.EINVALID, "a %s flag names the article", f.Kind)
	case f.Kind == loket.FlagMissing && strings.TrimSpace(f.Note) == "":
		return loket.Errorf(loket.EINVALID, "a missing-content flag says what is missing")
	}
	now := db.now()
	res, err := db.db.ExecContext(ctx, `INSERT INTO flags (time, agent, kind, locale, article_id, note, handoff_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		formatTime(now), f.Agent, string(f.Kind), string(f.Locale), f.ArticleID, f.Note, nullID(f.HandoffID))
	if err != nil {
		return fmt.Errorf("create flag: %w", err)
	}
	if f.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create flag: %w", err)
	}
	f.Time = now
	return nil
}

// FindFlags returns the flags matching f, newest first.
func (db *DB) FindFlags(ctx context.Context, f loket.FlagFilter) ([]*loket.Flag, error) {
	q := `SELECT id, time, agent, kind, locale, article_id, note, handoff_id, resolved FROM flags WHERE 1 = 1`
	var args []any
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.Unresolved {
		q += ` AND resolved = 0`
	}
	q += ` ORDER BY time DESC, id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find flags: %w", err)
	}
	defer rows.Close()
	var out []*loket.Flag
	for rows.Next() {
		var (
			fl               loket.Flag
			tm, kind, locale string
			handoff          sql.NullInt64
		)
		if err := rows.Scan(&fl.ID, &tm, &fl.Agent, &kind, &locale, &fl.ArticleID, &fl.Note, &handoff, &fl.Resolved); err != nil {
			return nil, fmt.Errorf("find flags: %w", err)
		}
		fl.Kind, fl.Locale, fl.HandoffID = loket.FlagKind(kind), loket.Locale(locale), handoff.Int64
		if fl.Time, err = parseTime(tm); err != nil {
			return nil, err
		}
		out = append(out, &fl)
	}
	return out, rows.Err()
}

// ResolveFlag marks a flag handled. Returns ENOTFOUND if there is none.
func (db *DB) ResolveFlag(ctx context.Context, id int64) error {
	res, err := db.db.ExecContext(ctx, `UPDATE flags SET resolved = 1 WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("resolve flag: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return loket.Errorf(loket.ENOTFOUND, "there is no flag %d", id)
	}
	return nil
}

// linkAlphabet leaves out letters that read alike (0/O, 1/l/I), because
// agents read short links out on the phone.
const linkAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// CreateShortLink stores l with a new random code and sets its Code and
// CreatedAt.
func (db *DB) CreateShortLink(ctx context.Context, l *loket.ShortLink) error {
	now := db.now()
	for attempt := 0; attempt < 5; attempt++ {
		code := randomCode(6)
		_, err := db.db.ExecContext(ctx, `INSERT INTO short_links (code, locale, article_id, agent, handoff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			code, string(l.Locale), l.ArticleID, l.Agent, nullID(l.HandoffID), formatTime(now))
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey {
			continue
		}
		if err != nil {
			return fmt.Errorf("create short link: %w", err)
		}
		l.Code, l.CreatedAt = code, now
		return nil
	}
	return fmt.Errorf("create short link: no free code after 5 tries")
}

func randomCode(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = linkAlphabet[int(b[i])%len(linkAlphabet)]
	}
	return string(b)
}

// FindShortLink returns the link. Returns ENOTFOUND if there is none.
func (db *DB) FindShortLink(ctx context.Context, code string) (*loket.ShortLink, error) {
	var (
		l          loket.ShortLink
		locale, tm string
		handoff    sql.NullInt64
	)
	err := db.db.QueryRowContext(ctx, `SELECT code, locale, article_id, agent, handoff_id, created_at FROM short_links WHERE code = ?`, code).
		Scan(&l.Code, &locale, &l.ArticleID, &l.Agent, &handoff, &tm)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, loket.Errorf(loket.ENOTFOUND, "there is no link %s", code)
	}
	if err != nil {
		return nil, fmt.Errorf("find short link: %w", err)
	}
	l.Locale, l.HandoffID = loket.Locale(locale), handoff.Int64
	if l.CreatedAt, err = parseTime(tm); err != nil {
		return nil, err
	}
	return &l, nil
}
