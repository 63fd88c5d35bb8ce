//go:build sqlite_fts5

package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	_ "github.com/mattn/go-sqlite3" // the sqlite3 driver, with FTS5 under this build tag

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/search"
)

// The FTS5 baseline: one table with the fields Loket searches, ranked by
// bm25(), on disk like Loket's index. The tokenizer is unicode61 with
// diacritics removed: no stemming, as no stemmer suits both Dutch and
// English.
const (
	ftsSchema = `CREATE VIRTUAL TABLE docs USING fts5(
	title, questions, tags, body,
	id UNINDEXED, locale UNINDEXED, audience UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2')`
	ftsInsert = `INSERT INTO docs (title, questions, tags, body, id, locale, audience) VALUES (?, ?, ?, ?, ?, ?, ?)`
	// ftsQuery returns the first ten public hits, with a snippet as Loket
	// makes one; %s is the ranking function.
	ftsQuery = `SELECT id, snippet(docs, 3, '<mark>', '</mark>', '…', 32) FROM docs
	WHERE docs MATCH ?1 AND (?2 = '' OR locale = ?2) AND audience = 'public'
	ORDER BY %s LIMIT 10`
)

// fts5Index is a SQLite FTS5 table over the documents of a snapshot.
type fts5Index struct {
	db       *sql.DB
	plain    *sql.Stmt // bm25(docs): every column weighs 1
	weighted *sql.Stmt // bm25 with Loket's field weights
}

// buildFTS5 creates the table in a new database in dir and fills it with
// every article and guide of snap in one transaction, then merges the
// table's b-trees ('optimize'). It returns the time all that took.
func buildFTS5(ctx context.Context, dir string, snap *content.Snapshot) (ftsIndex, time.Duration, error) {
	start := time.Now()
	dsn := "file:" + filepath.Join(dir, "fts5.db") + "?_journal_mode=MEMORY&_synchronous=OFF"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, 0, err
	}
	db.SetMaxOpenConns(1)
	ix := &fts5Index{db: db}
	if err := ix.fill(ctx, snap); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("fts5: %w", err)
	}
	took := time.Since(start)
	if ix.plain, err = db.PrepareContext(ctx, fmt.Sprintf(ftsQuery, "bm25(docs)")); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("fts5: %w", err)
	}
	if ix.weighted, err = db.PrepareContext(ctx, fmt.Sprintf(ftsQuery, "bm25(docs, 2.0, 3.0, 1.5, 1.0)")); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("fts5: %w", err)
	}
	return ix, took, nil
}

func (ix *fts5Index) fill(ctx context.Context, snap *content.Snapshot) error {
	if _, err := ix.db.ExecContext(ctx, ftsSchema); err != nil {
		return err
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, ftsInsert)
	if err != nil {
		return err
	}
	add := func(m *loket.Meta, text string) error {
		_, err := ins.ExecContext(ctx, m.Title, strings.Join(m.Questions, "\n"), strings.Join(m.Tags, "\n"),
			text, m.ID, string(m.Locale), string(m.Audience))
		return err
	}
	for _, a := range snap.Articles {
		if err := add(&a.Meta, a.Text); err != nil {
			return err
		}
	}
	for _, g := range snap.Guides {
		if err := add(&g.Meta, g.Text); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO docs (docs) VALUES ('optimize')`); err != nil {
		return err
	}
	return tx.Commit()
}

func (ix *fts5Index) variants() []variant {
	return []variant{
		{"FTS5 bm25()", ftsEngine{ix.plain}},
		{"FTS5 bm25(2,3,1.5,1)", ftsEngine{ix.weighted}},
	}
}

func (ix *fts5Index) Close() error { return ix.db.Close() }

// ftsEngine runs one prepared query.
type ftsEngine struct{ stmt *sql.Stmt }

func (e ftsEngine) Search(ctx context.Context, q search.EvalQuery) ([]string, error) {
	match := matchExpr(q.Query)
	if match == "" {
		return nil, nil
	}
	rows, err := e.stmt.QueryContext(ctx, match, q.Lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id, snippet string
		if err := rows.Scan(&id, &snippet); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// matchExpr turns a query into an FTS5 expression that finds documents
// with any of its words: each word quoted, so that FTS5 syntax in a query
// ("AND", "NEAR", "*", "-", quotes) is taken literally, and OR-ed.
func matchExpr(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	seen := map[string]bool{}
	var terms []string
	for _, w := range words {
		w = strings.ToLower(w)
		if seen[w] || len(terms) == 32 {
			continue
		}
		seen[w] = true
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " OR ")
}
