// Package demo embeds the demo knowledge base of Helder, a fictional Dutch
// energy and internet provider: Dutch articles with English translations,
// internal articles for agents, guided flows and synonyms. Loket serves it
// when no content folder is given, and every channel's tests use it.
package demo

import (
	"embed"
	"io/fs"
)

//go:embed all:kb
var files embed.FS

// FS returns the demo knowledge base: the folder kb/ as its root.
func FS() fs.FS {
	sub, err := fs.Sub(files, "kb")
	if err != nil {
		panic(err) // the folder is embedded at build time; it cannot be missing
	}
	return sub
}
