package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"regexp"
	"strings"

	"github.com/loket/loket"
)

// searchHit is one hit in loket search --json.
type searchHit struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"`
	Locale   string  `json:"locale"`
	Title    string  `json:"title"`
	URL      string  `json:"url"`
	Audience string  `json:"audience"`
	Category string  `json:"category,omitempty"`
	Score    float64 `json:"score"`
	Snippet  string  `json:"snippet"`
}

type searchOutput struct {
	Query      string      `json:"query"`
	Total      int         `json:"total"`
	Correction string      `json:"correction,omitempty"`
	Hits       []searchHit `json:"hits"`
	TookMS     float64     `json:"took_ms"`
}

func runSearch(ctx context.Context, e *env, args []string) error {
	var c contentFlags
	var locale string
	var internal, asJSON bool
	var limit int
	fs := newFlags(e, "search", "QUERY", "Search a knowledge base as a customer would, or as an agent with --internal.")
	c.register(fs, e, true)
	fs.StringVar(&locale, "locale", "", "search only this locale (nl, en ...)")
	fs.BoolVar(&internal, "internal", false, "include internal documents, as agents see them")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	fs.IntVar(&limit, "limit", 10, "number of hits")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	q := loket.Query{Text: strings.Join(fs.Args(), " "), Limit: limit}
	if locale != "" {
		l, err := loket.ParseLocale(locale)
		if err != nil {
			return fmt.Errorf("--locale: %s", loket.ErrorMessage(err))
		}
		q.Locale = l
	}
	k, closeKB, err := openTempKB(ctx, &c)
	if err != nil {
		return err
	}
	defer closeKB()
	aud := audience(internal)
	res, err := k.Library(aud).Search(ctx, q)
	if err != nil {
		return err
	}
	out := searchOutput{Query: q.Text, Total: res.Total, Correction: res.Correction, Hits: []searchHit{},
		TookMS: float64(res.Took.Microseconds()) / 1000}
	for _, h := range res.Hits {
		m := h.Meta
		out.Hits = append(out.Hits, searchHit{ID: m.ID, Kind: string(m.Kind), Locale: string(m.Locale), Title: m.Title,
			URL: m.URL, Audience: string(m.Audience), Category: m.Category, Score: h.Score, Snippet: plainSnippet(string(h.Snippet))})
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printHits(e.stdout, out)
	return nil
}

var tag = regexp.MustCompile(`</?mark>`)

// plainSnippet turns a highlighted HTML snippet into text, the marked words
// in *asterisks*.
func plainSnippet(s string) string {
	return html.UnescapeString(tag.ReplaceAllString(s, "*"))
}

func printHits(w io.Writer, out searchOutput) {
	if out.Correction != "" {
		fmt.Fprintf(w, "did you mean: %s\n", out.Correction)
	}
	fmt.Fprintf(w, "%d hits for %q (%.2f ms)\n", out.Total, out.Query, out.TookMS)
	for i, h := range out.Hits {
		mark := ""
		if h.Audience == string(loket.AudienceInternal) {
			mark = " [internal]"
		}
		fmt.Fprintf(w, "\n%2d. %s%s\n    %s  %s:%s  score %.2f\n    %s\n", i+1, h.Title, mark, h.URL, h.Kind, h.ID, h.Score, h.Snippet)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
