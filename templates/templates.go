// Package templates embeds what the pages of Loket are made of: the
// html/template files, the static assets (style sheet, script, icons) and
// the interface text in every language. They are parsed and checked once at
// start by the web package, so a broken template stops the server from
// starting instead of failing a request.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed html/*.html
var pages embed.FS

//go:embed agent/*.html
var agentPages embed.FS

//go:embed static
var static embed.FS

//go:embed messages/*.json
var messages embed.FS

// Pages returns the page templates: layout.html and one file per page.
func Pages() fs.FS { return sub(pages, "html") }

// AgentPages returns the agent panel's templates: its own layout.html and
// one file per page.
func AgentPages() fs.FS { return sub(agentPages, "agent") }

// Static returns the static assets, served with fingerprinted names.
func Static() fs.FS { return sub(static, "static") }

// Messages returns the interface text: one JSON object of key → text per
// language (nl.json, en.json).
func Messages() fs.FS { return sub(messages, "messages") }

func sub(fsys embed.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // embedded at build time: the folder is there
	}
	return s
}
