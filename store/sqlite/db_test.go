package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
)

// openTest opens a new database in a temporary folder and closes it when
// the test ends.
func openTest(tb testing.TB) *DB {
	tb.Helper()
	return openAt(tb, filepath.Join(tb.TempDir(), "data", "loket.db"))
}

// openAt opens the database at path and closes it when the test ends.
func openAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(tb.Context(), path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestOpenCreatesFolders(t *testing.T) {
	// The folder name needs escaping in a file: URI.
	path := filepath.Join(t.TempDir(), "a b?c#d%20e", "nested", "loket.db")
	db := openAt(t, path)
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file not created: %v", err)
	}
}

func TestOpenRefusesNonFiles(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:loket.db?mode=memory"} {
		if db, err := Open(t.Context(), path); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", path)
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestOpenPragmas(t *testing.T) {
	db := openTest(t)
	want := map[string]string{
		"journal_mode": "wal",
		"foreign_keys": "1",
		"busy_timeout": "5000",
		"synchronous":  "1", // NORMAL
	}
	// Hold several connections at once, so each is a distinct one from the
	// pool and every one of them must carry the settings.
	for i := range 3 {
		conn, err := db.db.Conn(t.Context())
		if err != nil {
			t.Fatalf("Conn: %v", err)
		}
		defer conn.Close()
		for pragma, value := range want {
			var got string
			if err := conn.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", pragma, err)
			}
			if got != value {
				t.Errorf("connection %d: %s = %q, want %q", i, pragma, got, value)
			}
		}
	}
}

func TestPing(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "loket.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(t.Context()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	err = db.Ping(t.Context())
	if code := loket.ErrorCode(err); code != loket.EUNAVAILABLE {
		t.Errorf("Ping after Close: error %v (code %q), want %q", err, code, loket.EUNAVAILABLE)
	}
}

func TestTxCommits(t *testing.T) {
	db := openTest(t)
	err := db.Tx(t.Context(), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(t.Context(), "CREATE TABLE scratch (x INTEGER)")
		return err
	})
	if err != nil {
		t.Fatalf("Tx: %v", err)
	}
	if !tableExists(t, db, "scratch") {
		t.Error("table created in a committed Tx is missing")
	}
}

func TestTxRollsBackOnError(t *testing.T) {
	db := openTest(t)
	failure := errors.New("failure")
	err := db.Tx(t.Context(), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(t.Context(), "CREATE TABLE scratch (x INTEGER)"); err != nil {
			return err
		}
		return failure
	})
	if !errors.Is(err, failure) {
		t.Errorf("Tx returned %v, want %v", err, failure)
	}
	if tableExists(t, db, "scratch") {
		t.Error("table created in a failed Tx exists")
	}
}

func TestTxRollsBackOnPanic(t *testing.T) {
	db := openTest(t)
	func() {
		defer func() {
			if p := recover(); p == nil {
				t.Error("Tx swallowed the panic")
			}
		}()
		err := db.Tx(t.Context(), func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(t.Context(), "CREATE TABLE scratch (x INTEGER)"); err != nil {
				return err
			}
			panic("boom")
		})
		t.Errorf("Tx returned %v after a panic", err)
	}()
	if tableExists(t, db, "scratch") {
		t.Error("table created in a panicking Tx exists")
	}
	// The write lock must be free again: a writer gets through well before
	// the busy timeout.
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if err := db.RecordEvent(ctx, &loket.Event{Type: loket.EventView}); err != nil {
		t.Errorf("RecordEvent after a panicking Tx: %v", err)
	}
}

// tableExists reports whether the schema has a table of that name.
func tableExists(tb testing.TB, db *DB, name string) bool {
	tb.Helper()
	var n int
	err := db.db.QueryRowContext(tb.Context(),
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name).Scan(&n)
	if err != nil {
		tb.Fatalf("read schema: %v", err)
	}
	return n > 0
}

func TestDSN(t *testing.T) {
	got := dsn("/srv/loket data/loket?.db")
	for _, want := range []string{
		"file:///srv/loket%20data/loket%3F.db?",
		"_journal_mode=WAL", "_foreign_keys=on", "_busy_timeout=5000",
		"_synchronous=NORMAL", "_txlock=immediate",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("dsn = %q, want it to contain %q", got, want)
		}
	}
}
