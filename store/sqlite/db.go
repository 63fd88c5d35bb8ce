package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/loket/loket"
	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// DB is an open SQLite database with its schema migrated. It is safe for
// concurrent use.
type DB struct {
	// Now returns the current time. RecordEvent uses it for events without
	// a Time. Open sets it to time.Now; tests replace it.
	Now func() time.Time

	db     *sql.DB
	path   string
	events eventWriter
}

// connection holds the settings every connection is opened with, as
// go-sqlite3 DSN parameters, and the value each pragma must read back as.
var connection = []struct {
	param, value string // DSN parameter
	pragma, want string // pragma to read back, "" for none
}{
	{"_journal_mode", "WAL", "journal_mode", "wal"},
	{"_foreign_keys", "on", "foreign_keys", "1"},
	{"_busy_timeout", "5000", "busy_timeout", "5000"},
	{"_synchronous", "NORMAL", "synchronous", "1"},
	{"_txlock", "immediate", "", ""},
}

// Open opens the SQLite file at path, creating it and its folders when
// missing, checks the connection settings and applies pending migrations.
// See the package documentation for the settings and the migration rules.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open sqlite: %q is not a file path", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	sqlDB, err := sql.Open("sqlite3", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", abs, err)
	}
	db := &DB{Now: time.Now, db: sqlDB, path: abs}
	if err := db.open(ctx); err != nil {
		if cerr := sqlDB.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close: %w", cerr))
		}
		return nil, fmt.Errorf("open sqlite %s: %w", abs, err)
	}
	return db, nil
}

// open checks the settings and migrates the schema.
func (db *DB) open(ctx context.Context) error {
	if err := db.checkSettings(ctx); err != nil {
		return err
	}
	fsys, err := embeddedMigrations()
	if err != nil {
		return err
	}
	return db.migrate(ctx, fsys)
}

// dsn returns a file: URI for path with the connection settings. The path
// is escaped, so names holding '?', '#' or '%' open the right file.
func dsn(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // a Windows drive letter: file:///C:/...
	}
	q := url.Values{}
	for _, c := range connection {
		q.Set(c.param, c.value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// checkSettings reads the pragmas back, because SQLite ignores some of them
// silently: journal_mode stays "memory" for an in-memory database and
// "delete" on file systems without shared memory, and foreign_keys stays 0
// in builds without them.
func (db *DB) checkSettings(ctx context.Context) error {
	for _, c := range connection {
		if c.pragma == "" {
			continue
		}
		var got string
		if err := db.db.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			return fmt.Errorf("read pragma %s: %w", c.pragma, err)
		}
		if !strings.EqualFold(got, c.want) {
			return fmt.Errorf("pragma %s is %q, want %q: this file system or SQLite build does not support it",
				c.pragma, got, c.want)
		}
	}
	return nil
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database. Call it once, after the last use.
func (db *DB) Close() error {
	db.events.stop() // events recorded before Close are written
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("close sqlite: %w", err)
	}
	return nil
}

// Ping reports whether the database can be read, for readiness checks.
// Returns EUNAVAILABLE when it cannot.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		return fmt.Errorf("%w: %w", loket.Errorf(loket.EUNAVAILABLE, "the database is not available"), err)
	}
	return nil
}

// Tx runs fn in a transaction and commits it when fn returns nil; it rolls
// back when fn returns an error or panics, and returns fn's error. The
// transaction holds the write lock from its start (BEGIN IMMEDIATE), so keep
// fn short and do no network calls inside it.
func (db *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			// A recovered panic upstream (say, in HTTP middleware) would
			// otherwise leave the write lock held and stall every writer.
			if rerr := tx.Rollback(); rerr != nil {
				p = fmt.Errorf("%v (rollback: %w)", p, rerr)
			}
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// now returns the current time in UTC, without a monotonic reading.
func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now().UTC()
	}
	return db.Now().UTC()
}
