// Package sqlite stores Loket's data in one SQLite file through
// github.com/mattn/go-sqlite3 (cgo). It is the default store; store/postgres
// serves deployments with several replicas, and both pass the conformance
// suite in store/storetest.
//
// # Settings
//
// Open sets these on every connection of the pool and then reads them back,
// refusing the file when WAL or foreign keys did not take effect:
//
//   - journal_mode=WAL: readers never block the writer or each other.
//   - foreign_keys=ON: references between tables are enforced.
//   - busy_timeout=5000: a writer waits up to 5 s for the lock instead of
//     failing at once with "database is locked".
//   - synchronous=NORMAL: safe with WAL; a power cut may lose the last
//     transactions but never corrupts the file.
//   - _txlock=immediate: every transaction, including those of [DB.Tx],
//     starts with BEGIN IMMEDIATE and takes the write lock up front, so two
//     transactions never deadlock upgrading a read lock (which SQLite reports
//     as "database is locked" without waiting).
//
// Open needs a file: ":memory:" cannot use WAL and is refused. Folders in the
// path are created as needed.
//
// # Migrations
//
// The schema is a sequence of SQL files embedded from the migrations folder,
// named NNNN_name.sql: a four-digit version and a lower-case name of letters,
// digits and underscores ("0002_handoffs.sql"). Open applies them in version
// order. The rules:
//
//   - A package that needs tables adds the next file to
//     store/sqlite/migrations and its methods to this package. A migration
//     that has been released is never edited; change the schema with a new
//     file.
//   - Each migration runs in its own transaction together with the row that
//     records it in schema_migrations(version, name, applied_at). A failing
//     migration leaves nothing behind, and Open returns its error.
//   - Applied migrations are skipped, so opening a database again is cheap
//     and changes nothing. Two processes opening the same file at once are
//     safe: the second waits for the write lock and then skips.
//   - Open refuses a database that has a version this binary does not know:
//     a newer version (a downgrade, which could corrupt data) or an unknown
//     one. It also refuses a database whose recorded name for a version
//     differs from the file's, and a new migration numbered below one that
//     is already applied: two branches took the same number, so renumber.
//   - Because a migration runs inside a transaction, PRAGMA foreign_keys has
//     no effect there; rebuild a table with PRAGMA defer_foreign_keys=ON.
//
// # Events
//
// The events table is append-only: triggers make UPDATE, DELETE and
// INSERT OR REPLACE of an existing row fail. IDs are never reused
// (AUTOINCREMENT).
// Times are stored as UTC text with exactly nine fractional digits
// ("2025-03-01T09:00:00.123456789Z"), lossless to the nanosecond, ordered as
// text, and readable by SQLite's date functions (date(time) gives the day).
// [DB.FindEvents] treats Since as inclusive and Until as exclusive, returns
// times in UTC, and returns nil Data for an event recorded without data.
package sqlite
