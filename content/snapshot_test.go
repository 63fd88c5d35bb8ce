package content_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
)

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		d    content.Diagnostic
		want string
	}{
		{content.Diagnostic{Path: "nl/a.md", Line: 3, Severity: content.SeverityError, Message: "boost: bad"}, "nl/a.md:3: boost: bad"},
		{content.Diagnostic{Path: "nl/a.md", Severity: content.SeverityError, Message: "binary"}, "nl/a.md: binary"},
		{content.Diagnostic{Path: "nl/a.md", Line: 2, Severity: content.SeverityWarning, Message: "unknown key"}, "nl/a.md:2: warning: unknown key"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q; want %q", got, tt.want)
		}
	}
}

func TestSnapshot(t *testing.T) {
	now := time.Date(2026, 10, 14, 9, 0, 0, 0, time.UTC)
	s := load(t, mapFS(map[string]string{
		"en/b.md":  doc("title: B", "Body.\n"),
		"nl/b.md":  doc("title: B\nboost: x", "Body.\n"),
		"nl/a.md":  doc("title: A\nfoo: 1\nbar: 2", "Body.\n"),
		"de/z.md":  doc("title: Z", "Body.\n"),
		"nl/g.md":  doc("title: G\ntype: guide", "## S {#s}\n\nResolved\n"),
		"fr/g.md":  doc("title: G\ntype: guide", "## S {#s}\n\nResolved\n"),
		"nl/dr.md": doc("title: D\ndraft: true", "Body.\n"),
	}), content.Options{Now: func() time.Time { return now }})

	if !s.LoadedAt.Equal(now) {
		t.Errorf("LoadedAt = %v; want Options.Now", s.LoadedAt)
	}
	if got := s.Locales(); !slices.Equal(got, []loket.Locale{"nl", "de", "en", "fr"}) {
		t.Errorf("Locales = %v; want the default locale first, then by name", got)
	}
	var keys []string
	for _, m := range s.Documents() {
		keys = append(keys, m.Key().String())
	}
	want := []string{"article:de:z", "article:en:b", "article:nl:a", "guide:fr:g", "guide:nl:g"}
	if !slices.Equal(keys, want) {
		t.Errorf("Documents = %v; want %v", keys, want)
	}
	if s.Files != 7 || s.Drafts != 1 || s.Errors() != 1 {
		t.Errorf("files, drafts, errors = %d, %d, %d; want 7, 1, 1", s.Files, s.Drafts, s.Errors())
	}
	var lines []string
	for _, d := range s.Diagnostics {
		lines = append(lines, d.String())
	}
	wantLines := []string{
		`nl/a.md:3: warning: unknown front-matter key "foo"; it is kept but not used`,
		`nl/a.md:4: warning: unknown front-matter key "bar"; it is kept but not used`,
		`nl/b.md:3: boost: must be a number such as 1.5, not "x"`,
	}
	if !slices.Equal(lines, wantLines) {
		t.Errorf("Diagnostics =\n%q\nwant, sorted by path and line,\n%q", lines, wantLines)
	}
	if m := s.Meta(loket.Key{Kind: loket.KindGuide, Locale: "nl", ID: "g"}); m == nil || m.Title != "G" {
		t.Errorf("Meta(guide) = %+v", m)
	}
	if s.Meta(loket.Key{Kind: loket.KindArticle, Locale: "nl", ID: "g"}) != nil {
		t.Error("Meta finds a guide as an article")
	}
}

func TestSite(t *testing.T) {
	snap, err := content.Load(demo.FS(), content.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	s := snap.Site
	if s.Name != "Helder" || s.Accent != "#0b6e4f" || s.Phone != "088 123 45 67" || s.LogoType != "image/svg+xml" || len(s.Logo) == 0 || s.Wait != 4*time.Minute {
		t.Errorf("demo site = %+v", s)
	}
	if len(snap.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", snap.Diagnostics)
	}
	tue := time.Date(2026, 11, 24, 9, 0, 0, 0, s.Hours.Location)
	if !s.Hours.Open(tue) || s.Hours.Open(tue.Add(12*time.Hour)) || s.Hours.Open(time.Date(2026, 12, 25, 10, 0, 0, 0, s.Hours.Location)) {
		t.Error("demo opening hours are wrong")
	}
	if !s.Hours.Open(time.Date(2026, 11, 28, 16, 0, 0, 0, s.Hours.Location)) || s.Hours.Open(time.Date(2026, 11, 29, 12, 0, 0, 0, s.Hours.Location)) {
		t.Error("weekend hours are wrong")
	}

	// No site.yml: the defaults. A broken one: errors with lines, defaults kept.
	snap, _ = content.Load(fstest.MapFS{"nl/a.md": {Data: []byte("---\ntitle: A\n---\n")}}, content.Options{})
	if snap.Site.Name != "Loket" || snap.Site.Accent == "" || snap.Site.Hours.Known() {
		t.Errorf("default site = %+v", snap.Site)
	}
	snap, _ = content.Load(fstest.MapFS{
		"nl/a.md":  {Data: []byte("---\ntitle: A\n---\n")},
		"logo.txt": {Data: []byte("not an image")},
		"site.yml": {Data: []byte("name: X\naccent: red\nlogo: logo.txt\ntimezone: Mars/Olympus\nhours:\n  funday: 08:00-20:00\n  monday: 9-5\n  tuesday-thursday: 08:00-17:00\nclosed: [tomorrow]\nwait: soon\ncolour: blue\n")},
	}, content.Options{})
	want := []string{"accent", "logo", "timezone", "funday", "hours for monday", "tomorrow", "wait", "unknown site setting"}
	text := fmt.Sprint(snap.Diagnostics)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("diagnostics lack %q: %s", w, text)
		}
	}
	if snap.Site.Name != "X" || !snap.Site.Hours.Open(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("valid settings of a partly broken file are lost: %+v", snap.Site)
	}
}
