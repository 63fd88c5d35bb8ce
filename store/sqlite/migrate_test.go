package sqlite

import (
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// appliedRow is one row of schema_migrations.
type appliedRow struct {
	Version   int
	Name      string
	AppliedAt string
}

// readApplied returns schema_migrations in version order.
func readApplied(tb testing.TB, db *DB) []appliedRow {
	tb.Helper()
	rows, err := db.db.QueryContext(tb.Context(),
		"SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
	if err != nil {
		tb.Fatalf("read schema_migrations: %v", err)
	}
	defer rows.Close()
	var applied []appliedRow
	for rows.Next() {
		var r appliedRow
		if err := rows.Scan(&r.Version, &r.Name, &r.AppliedAt); err != nil {
			tb.Fatalf("scan schema_migrations: %v", err)
		}
		applied = append(applied, r)
	}
	if err := rows.Err(); err != nil {
		tb.Fatalf("read schema_migrations: %v", err)
	}
	return applied
}

// openRaw opens an empty database with the connection settings but without
// migrations, for testing migrate with other migration folders.
func openRaw(tb testing.TB) *DB {
	tb.Helper()
	sqlDB, err := sql.Open("sqlite3", dsn(filepath.Join(tb.TempDir(), "raw.db")))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := sqlDB.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return &DB{db: sqlDB}
}

func TestEmbeddedMigrations(t *testing.T) {
	fsys, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := readMigrations(fsys)
	if err != nil {
		t.Fatalf("embedded migrations: %v", err)
	}
	if len(ms) == 0 || ms[0].String() != "0001_events" {
		t.Errorf("embedded migrations = %v, want 0001_events first", ms)
	}
}

func TestMigrationsAppliedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	first := readApplied(t, db)
	if len(first) == 0 || first[0].Version != 1 || first[0].Name != "events" || first[0].AppliedAt == "" {
		t.Errorf("schema_migrations = %+v, want 1 events first", first)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openAt(t, path)
	if again := readApplied(t, db); !slices.Equal(again, first) {
		t.Errorf("after reopening, schema_migrations = %+v, want unchanged %+v", again, first)
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.db.ExecContext(t.Context(),
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2030-01-01T00:00:00Z')")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(t.Context(), path)
	if err == nil {
		t.Error("Open succeeded on a database with a newer schema")
		if err := db.Close(); err != nil {
			t.Error(err)
		}
		return
	}
	if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "9999") {
		t.Errorf("Open error = %q, want it to name the newer version 9999", err)
	}
}

func TestMigrateInOrder(t *testing.T) {
	db := openRaw(t)
	fsys := fstest.MapFS{
		"0002_b.sql": {Data: []byte("CREATE TABLE b (a_id INTEGER NOT NULL REFERENCES a (id));")},
		"0001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER PRIMARY KEY);\nINSERT INTO a (id) VALUES (1);")},
	}
	if err := db.migrate(t.Context(), fsys); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	first := readApplied(t, db)
	if len(first) != 2 || first[0].Name != "a" || first[1].Name != "b" {
		t.Fatalf("schema_migrations = %+v, want a and b", first)
	}
	if err := db.migrate(t.Context(), fsys); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	if again := readApplied(t, db); !slices.Equal(again, first) {
		t.Errorf("migrating again changed schema_migrations to %+v", again)
	}
	// Foreign keys hold in migrated tables.
	if _, err := db.db.ExecContext(t.Context(), "INSERT INTO b (a_id) VALUES (2)"); err == nil {
		t.Error("insert with a dangling reference succeeded")
	}
}

func TestMigrateRollsBackFailure(t *testing.T) {
	db := openRaw(t)
	fsys := fstest.MapFS{
		"0001_a.sql":   {Data: []byte("CREATE TABLE a (id INTEGER PRIMARY KEY);")},
		"0002_bad.sql": {Data: []byte("CREATE TABLE c (x INTEGER);\nINSERT INTO missing VALUES (1);")},
	}
	err := db.migrate(t.Context(), fsys)
	if err == nil || !strings.Contains(err.Error(), "0002_bad") {
		t.Fatalf("migrate = %v, want an error naming 0002_bad", err)
	}
	if tableExists(t, db, "c") {
		t.Error("the failed migration left table c behind")
	}
	if applied := readApplied(t, db); len(applied) != 1 || applied[0].Version != 1 {
		t.Errorf("schema_migrations = %+v, want only version 1", applied)
	}
}

func TestReadMigrationsRefuses(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"ShortVersion", []string{"1_a.sql"}, "NNNN_name.sql"},
		{"Dash", []string{"0001-a.sql"}, "NNNN_name.sql"},
		{"Capitals", []string{"0001_Events.sql"}, "NNNN_name.sql"},
		{"NotSQL", []string{"0001_a.txt"}, "NNNN_name.sql"},
		{"Duplicate", []string{"0001_a.sql", "0001_b.sql"}, "same version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, name := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			_, err := readMigrations(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("readMigrations(%v) = %v, want an error containing %q", tt.files, err, tt.want)
			}
		})
	}
}

func TestCheckApplied(t *testing.T) {
	known := []migration{{version: 1, name: "events"}, {version: 2, name: "handoffs"}, {version: 4, name: "users"}}
	tests := []struct {
		name    string
		applied map[int]string
		want    string // "" for no error
	}{
		{"Fresh", map[int]string{}, ""},
		{"Partial", map[int]string{1: "events", 2: "handoffs"}, ""},
		{"Complete", map[int]string{1: "events", 2: "handoffs", 4: "users"}, ""},
		{"Newer", map[int]string{1: "events", 2: "handoffs", 4: "users", 5: "later"}, "newer"},
		{"Unknown", map[int]string{1: "events", 3: "branch"}, "does not know"},
		{"Renamed", map[int]string{1: "events", 2: "sessions"}, "where this binary has 0002_handoffs"},
		{"Skipped", map[int]string{1: "events", 4: "users"}, "older than the applied version 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkApplied(known, tt.applied)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkApplied = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkApplied = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
