package sqlite

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/loket/loket"
)

var (
	_ loket.FeedbackStore = (*DB)(nil)
	_ loket.ViewCounter   = (*DB)(nil)
)

// CreateVote records v as a vote event: the event log is where votes live,
// so that insights and this store read the same facts. Returns EINVALID
// without an ArticleID or with an overlong comment.
func (db *DB) CreateVote(ctx context.Context, v *loket.Vote) error {
	if v == nil || v.ArticleID == "" {
		return loket.Errorf(loket.EINVALID, "a vote needs an article")
	}
	if utf8.RuneCountInString(v.Comment) > loket.MaxCommentLength {
		return loket.Errorf(loket.EINVALID, "the comment is longer than %d characters", loket.MaxCommentLength)
	}
	helpful := "no"
	if v.Helpful {
		helpful = "yes"
	}
	data := map[string]string{"helpful": helpful}
	if v.Comment != "" {
		data["comment"] = v.Comment
	}
	e := &loket.Event{Time: v.Time, Type: loket.EventVote, Channel: v.Channel, Locale: v.Locale,
		Session: v.Session, ArticleID: v.ArticleID, Data: data}
	if err := db.RecordEvent(ctx, e); err != nil {
		return err
	}
	v.ID, v.Time = e.ID, e.Time
	return nil
}

// CountVotes returns the votes on an article in a locale.
func (db *DB) CountVotes(ctx context.Context, locale loket.Locale, articleID string) (loket.VoteCount, error) {
	var c loket.VoteCount
	const q = `SELECT
		coalesce(sum(json_extract(data, '$.helpful') = 'yes'), 0),
		coalesce(sum(json_extract(data, '$.helpful') = 'no'), 0)
		FROM events WHERE type = 'vote' AND locale = ? AND article_id = ?`
	if err := db.db.QueryRowContext(ctx, q, string(locale), articleID).Scan(&c.Yes, &c.No); err != nil {
		return c, fmt.Errorf("count votes: %w", err)
	}
	return c, nil
}

// MostViewed returns the articles and guides opened most often in locale
// since the given time, most viewed first.
func (db *DB) MostViewed(ctx context.Context, locale loket.Locale, since time.Time, limit int) ([]loket.ArticleViews, error) {
	if limit <= 0 {
		return nil, nil
	}
	const q = `SELECT article_id, count(*) AS n FROM events
		WHERE type = 'view' AND locale = ? AND article_id <> '' AND time >= ?
		GROUP BY article_id ORDER BY n DESC, article_id LIMIT ?`
	rows, err := db.db.QueryContext(ctx, q, string(locale), formatTime(since), limit)
	if err != nil {
		return nil, fmt.Errorf("most viewed: %w", err)
	}
	defer rows.Close()
	var out []loket.ArticleViews
	for rows.Next() {
		var v loket.ArticleViews
		if err := rows.Scan(&v.ArticleID, &v.Views); err != nil {
			return nil, fmt.Errorf("most viewed: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
