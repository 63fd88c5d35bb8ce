package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// embeddedMigrations returns the migrations folder compiled into the binary.
func embeddedMigrations() (fs.FS, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return fsys, nil
}

// migration is one schema change: the file NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

func (m migration) String() string { return fmt.Sprintf("%04d_%s", m.version, m.name) }

var migrationName = regexp.MustCompile(`^([0-9]{4})_([a-z0-9_]+)\.sql$`)

// readMigrations returns the migrations at the top of fsys in version order.
// Every file must be named NNNN_name.sql and no version may appear twice.
func readMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	seen := make(map[int]string)
	for _, entry := range entries {
		match := migrationName.FindStringSubmatch(entry.Name())
		if match == nil || entry.IsDir() {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", entry.Name())
		}
		version, err := strconv.Atoi(match[1])
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", entry.Name(), err)
		}
		if other, ok := seen[version]; ok {
			return nil, fmt.Errorf("migrations %s and %s have the same version", other, entry.Name())
		}
		seen[version] = entry.Name()
		body, err := fs.ReadFile(fsys, entry.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration: %w", err)
		}
		ms = append(ms, migration{version: version, name: match[2], sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations in fsys that the database lacks, each in
// its own transaction with its schema_migrations row.
func (db *DB) migrate(ctx context.Context, fsys fs.FS) error {
	ms, err := readMigrations(fsys)
	if err != nil {
		return err
	}
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`
	if _, err := db.db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	if err := checkApplied(ms, applied); err != nil {
		return err
	}
	for _, m := range ms {
		if _, ok := applied[m.version]; ok {
			continue
		}
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return applyMigration(ctx, tx, m) }); err != nil {
			return fmt.Errorf("migration %s: %w", m, err)
		}
	}
	return nil
}

// appliedMigrations returns the names of the applied migrations by version.
func (db *DB) appliedMigrations(ctx context.Context) (map[int]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT version, name FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := make(map[int]string)
	for rows.Next() {
		var version int
		var name string
		if err := rows.Scan(&version, &name); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[version] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return applied, nil
}

// checkApplied refuses a database this binary cannot safely migrate: one
// with versions the binary does not know (a downgrade), with a different
// migration under a known version, or lacking a migration numbered below
// one it already has (two branches took the same number).
func checkApplied(ms []migration, applied map[int]string) error {
	known := make(map[int]migration, len(ms))
	latest := 0
	for _, m := range ms {
		known[m.version] = m
		latest = max(latest, m.version)
	}
	versions := make([]int, 0, len(applied))
	for version := range applied {
		versions = append(versions, version)
	}
	// Newest first, so that a downgrade is reported as one.
	sort.Sort(sort.Reverse(sort.IntSlice(versions)))
	newest := 0
	for _, version := range versions {
		newest = max(newest, version)
		name := applied[version]
		m, ok := known[version]
		switch {
		case !ok && version > latest:
			return fmt.Errorf("database schema version %d is newer than this binary's %d: run a newer loket or restore a backup", version, latest)
		case !ok:
			return fmt.Errorf("database has migration %04d_%s, which this binary does not know", version, name)
		case m.name != name:
			return fmt.Errorf("database has migration %04d_%s where this binary has %s", version, name, m)
		}
	}
	for _, m := range ms {
		if _, ok := applied[m.version]; !ok && m.version < newest {
			return fmt.Errorf("migration %s is older than the applied version %d: give it a number above %d", m, newest, newest)
		}
	}
	return nil
}

// applyMigration runs m and records it, unless another process applied it
// while this one waited for the write lock.
func applyMigration(ctx context.Context, tx *sql.Tx, m migration) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	const record = `INSERT INTO schema_migrations (version, name, applied_at)
		VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
	if _, err := tx.ExecContext(ctx, record, m.version, m.name); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return nil
}
