//go:build sqlite_fts5

package main

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/loket/loket/content"
	"github.com/loket/loket/search"
)

func TestMatchExpr(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Wifi traag?", `"wifi" OR "traag"`},
		{`NEAR(a b) AND "x" -y*`, `"near" OR "a" OR "b" OR "and" OR "x" OR "y"`},
		{"wifi WIFI wifi", `"wifi"`},
		{"café €5", `"café" OR "5"`},
	} {
		if got := matchExpr(tt.in); got != tt.want {
			t.Errorf("matchExpr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestFTS5RanksAndFilters(t *testing.T) {
	fsys := fstest.MapFS{
		"nl/wifi.md":    {Data: []byte("---\ntitle: Wifi is traag\nquestions: [mijn wifi is traag]\n---\nZet het modem hoger.\n")},
		"nl/factuur.md": {Data: []byte("---\ntitle: Factuur betalen\n---\nBetaal je factuur op tijd.\n")},
		"nl/intern.md":  {Data: []byte("---\ntitle: Wifi storing intern\naudience: internal\n---\nWifi wifi wifi.\n")},
		"en/wifi.md":    {Data: []byte("---\ntitle: Slow wifi\n---\nMove the modem.\n")},
	}
	snap, err := content.Load(fsys, content.Options{})
	if err != nil || snap.Errors() > 0 {
		t.Fatalf("load: %v %v", err, snap.Diagnostics)
	}
	ctx := context.Background()
	fts, _, err := buildFTS5(ctx, t.TempDir(), snap)
	if err != nil {
		t.Fatal(err)
	}
	defer fts.Close()
	for _, v := range fts.variants() {
		ids, err := v.engine.Search(ctx, search.EvalQuery{Query: `wifi "traag" OR`, Lang: "nl"})
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if len(ids) != 1 || ids[0] != "wifi" {
			t.Errorf("%s: got %v, want only the public Dutch article wifi", v.name, ids)
		}
	}
}
