package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path"

	"github.com/loket/loket/content"
)

// lintReport is the JSON output of loket lint --json.
type lintReport struct {
	Files       int                  `json:"files"`
	Articles    int                  `json:"articles"`
	Guides      int                  `json:"guides"`
	Drafts      int                  `json:"drafts"`
	Errors      int                  `json:"errors"`
	Warnings    int                  `json:"warnings"`
	Diagnostics []content.Diagnostic `json:"diagnostics"`
}

func runLint(ctx context.Context, e *env, args []string) error {
	var c contentFlags
	var asJSON bool
	fs := newFlags(e, "lint", "DIR", "Check a knowledge base. Prints each problem as file:line: message and exits\nwith status 1 when there are errors.")
	c.register(fs, e, false)
	fs.BoolVar(&c.strict, "strict", false, "report unknown front-matter keys as errors, not warnings")
	fs.BoolVar(&asJSON, "json", false, "print one JSON object, for CI")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	c.dir = fs.Arg(0)
	opts, err := c.options()
	if err != nil {
		return err
	}
	fsys, err := source(c.dir)
	if err != nil {
		return err
	}
	snap, err := content.Load(fsys, opts)
	if err != nil {
		return err
	}
	rep := lintReport{Files: snap.Files, Articles: len(snap.Articles), Guides: len(snap.Guides), Drafts: snap.Drafts,
		Errors: snap.Errors(), Warnings: len(snap.Diagnostics) - snap.Errors(), Diagnostics: snap.Diagnostics}
	if rep.Diagnostics == nil {
		rep.Diagnostics = []content.Diagnostic{}
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		for _, d := range snap.Diagnostics {
			d.Path = path.Join(c.dir, d.Path)
			fmt.Fprintln(e.stdout, d.String())
		}
		fmt.Fprintf(e.stderr, "%d files: %d articles, %d guides, %d drafts; %d errors, %d warnings\n",
			rep.Files, rep.Articles, rep.Guides, rep.Drafts, rep.Errors, rep.Warnings)
	}
	if rep.Errors > 0 {
		return exitError{1}
	}
	return nil
}
