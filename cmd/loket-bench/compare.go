package main

import "errors"

// errNoFTS5 is what buildFTS5 returns in a binary built without FTS5.
var errNoFTS5 = errors.New("the FTS5 comparison needs the build tag: go run -tags sqlite_fts5 ./cmd/loket-bench")

// ftsIndex is the baseline Loket is compared with: a SQLite FTS5 table
// over the same documents (fts5.go, built with the tag sqlite_fts5).
type ftsIndex interface {
	variants() []variant
	Close() error
}

// variant is one way of ranking with an engine, named for the report.
type variant struct {
	name   string
	engine engine
}
