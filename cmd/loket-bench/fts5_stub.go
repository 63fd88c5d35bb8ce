//go:build !sqlite_fts5

package main

import (
	"context"
	"time"

	"github.com/loket/loket/content"
)

// buildFTS5 reports that this binary was built without FTS5: SQLite's
// FTS5 extension is compiled into github.com/mattn/go-sqlite3 only under
// the build tag sqlite_fts5.
func buildFTS5(context.Context, string, *content.Snapshot) (ftsIndex, time.Duration, error) {
	return nil, 0, errNoFTS5
}
