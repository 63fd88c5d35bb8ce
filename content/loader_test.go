package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket/content"
)

// loaderFixture is a knowledge base in a real folder with a Loader on it.
// With targeted set, it loads with LoadChange and the paths it changed, as
// a server told by a Watcher does; otherwise with Load.
type loaderFixture struct {
	dir      string
	loader   *content.Loader
	clock    time.Time // modification times are set from it, one hour apart
	targeted bool
	changed  []string // since the last load
}

// modes runs a test with a Loader that loads everything and with one told
// which paths changed.
func modes(t *testing.T, test func(t *testing.T, targeted bool)) {
	t.Run("Load", func(t *testing.T) { test(t, false) })
	t.Run("LoadChange", func(t *testing.T) { test(t, true) })
}

func newLoaderFixture(tb testing.TB, files map[string]string) *loaderFixture {
	tb.Helper()
	f := &loaderFixture{dir: tb.TempDir(), clock: time.Now().Add(-24 * time.Hour)}
	writeFiles(tb, f.dir, files)
	f.loader = content.NewLoader(os.DirFS(f.dir), content.Options{})
	return f
}

// write replaces files and gives them a modification time later than any
// before, as a save or a git pull does.
func (f *loaderFixture) write(tb testing.TB, files map[string]string) {
	tb.Helper()
	f.clock = f.clock.Add(time.Hour)
	for p, s := range files {
		// Write beside the file, then rename over it, as git and editors do.
		name := filepath.Join(f.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			tb.Fatal(err)
		}
		tmp := filepath.Join(filepath.Dir(name), ".tmp-"+filepath.Base(name))
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.Chtimes(tmp, f.clock, f.clock); err != nil {
			tb.Fatal(err)
		}
		if err := os.Rename(tmp, name); err != nil {
			tb.Fatal(err)
		}
		f.changed = append(f.changed, p)
	}
}

func (f *loaderFixture) rename(tb testing.TB, from, to string) {
	tb.Helper()
	if err := os.Rename(filepath.Join(f.dir, filepath.FromSlash(from)), filepath.Join(f.dir, filepath.FromSlash(to))); err != nil {
		tb.Fatal(err)
	}
	f.changed = append(f.changed, from, to)
}

func (f *loaderFixture) remove(tb testing.TB, p string) {
	tb.Helper()
	if err := os.Remove(filepath.Join(f.dir, filepath.FromSlash(p))); err != nil {
		tb.Fatal(err)
	}
	f.changed = append(f.changed, p)
}

func (f *loaderFixture) load(tb testing.TB) *content.Snapshot {
	tb.Helper()
	load := f.loader.Load
	if f.targeted {
		load = func() (*content.Snapshot, error) { return f.loader.LoadChange(content.Change{Paths: f.changed}) }
	}
	s, err := load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	if f.targeted && s.Stats.Full && len(f.changed) > 0 {
		tb.Errorf("LoadChange(%v) looked at every file", f.changed)
	}
	f.changed = nil
	return s
}

func TestLoaderReload(t *testing.T) { modes(t, testLoaderReload) }

func testLoaderReload(t *testing.T, targeted bool) {
	f := newLoaderFixture(t, map[string]string{
		"nl/internet/storing.md": doc("title: Storing", "Zie [modem](modem.md).\n"),
		"nl/internet/modem.md":   doc("title: Modem", "Herstart het modem.\n"),
		"nl/energie/meter.md":    doc("title: Meter", "Geef je meterstand door.\n"),
	})
	f.targeted = targeted
	s1 := f.load(t)
	if len(s1.Diagnostics) != 0 || len(s1.Articles) != 3 {
		t.Fatalf("%d articles; diagnostics:\n%s", len(s1.Articles), diagList(s1.Diagnostics))
	}

	t.Run("modify", func(t *testing.T) {
		f.write(t, map[string]string{"nl/internet/modem.md": doc("title: Modem herstarten", "Haal de stekker eruit.\n")})
		s2 := f.load(t)
		if a := s2.Article("nl", "internet/modem"); a == nil || a.Title != "Modem herstarten" || a.Text != "Haal de stekker eruit." {
			t.Errorf("changed article = %+v; want the new content", a)
		}
		if s2.Article("nl", "energie/meter") != s1.Article("nl", "energie/meter") {
			t.Error("an unchanged article was rebuilt; want the same value")
		}
		// storing.md links to modem.md, whose URL did not change.
		if s2.Article("nl", "internet/storing") != s1.Article("nl", "internet/storing") {
			t.Error("an unchanged article linking to a changed one was rebuilt")
		}
		if s2 == s1 || s1.Article("nl", "internet/modem").Title != "Modem" {
			t.Error("the earlier snapshot changed")
		}
	})

	t.Run("break and fix", func(t *testing.T) {
		before := f.load(t).Article("nl", "energie/meter")
		f.write(t, map[string]string{"nl/energie/meter.md": doc("title: Meter\ntags: [a, b", "Kapot.\n")})
		s := f.load(t)
		if a := s.Article("nl", "energie/meter"); a != before {
			t.Errorf("broken file: article = %+v; want the last good version", a)
		}
		findDiag(t, s, content.SeverityError, "nl/energie/meter.md", 3, "malformed front matter")
		findDiag(t, s, content.SeverityWarning, "nl/energie/meter.md", 0, "keeps serving until the errors are fixed")

		// Loading again without a change still reports both.
		s = f.load(t)
		findDiag(t, s, content.SeverityError, "nl/energie/meter.md", 3, "malformed front matter")
		findDiag(t, s, content.SeverityWarning, "nl/energie/meter.md", 0, "keeps serving")

		f.write(t, map[string]string{"nl/energie/meter.md": doc("title: Meter", "Weer goed.\n")})
		s = f.load(t)
		noDiags(t, s, "nl/energie/meter.md")
		if a := s.Article("nl", "energie/meter"); a == nil || a.Text != "Weer goed." {
			t.Errorf("fixed article = %+v; want the new content", a)
		}
	})

	t.Run("delete", func(t *testing.T) {
		f.remove(t, "nl/energie/meter.md")
		s := f.load(t)
		if s.Article("nl", "energie/meter") != nil || len(s.Articles) != 2 || s.Files != 2 {
			t.Errorf("deleted article still published; %d articles, %d files", len(s.Articles), s.Files)
		}
	})

	t.Run("rename", func(t *testing.T) {
		f.rename(t, "nl/internet/modem.md", "nl/internet/modem-herstarten.md")
		s := f.load(t)
		if s.Article("nl", "internet/modem") != nil || s.Article("nl", "internet/modem-herstarten") == nil {
			t.Errorf("after a rename: old id published %v, new id published %v",
				s.Article("nl", "internet/modem") != nil, s.Article("nl", "internet/modem-herstarten") != nil)
		}
		// The link to the old name is now broken: reported, and plain text.
		findDiag(t, s, content.SeverityError, "nl/internet/storing.md", 4, "link to nl/internet/modem.md, which does not exist")
		if h := string(s.Article("nl", "internet/storing").HTML); strings.Contains(h, "<a") {
			t.Errorf("broken link rendered as a link: %s", h)
		}
	})

	t.Run("git pull", func(t *testing.T) {
		files := map[string]string{
			"nl/internet/storing.md":            doc("title: Storing v2", "Zie [modem](modem-herstarten.md#stap).\n"),
			"nl/internet/modem-herstarten.md":   doc("title: Modem v2", "Nieuw.\n"),
			"nl/energie/meter.md":               doc("title: Meter terug", "Terug.\n"),
			"nl/facturen/factuur.md":            doc("title: Factuur", "Nieuw bestand.\n"),
			"en/internet/storing.md":            doc("title: Outage", "English.\n"),
			"nl/categories.yml":                 "- slug: internet\n  title: Internet\n",
			"synonyms/nl.txt":                   "storing, uitval\n",
			"nl/internet/nieuw/diep/bestand.md": doc("title: Diep", "Diep.\n"),
		}
		f.write(t, files)
		s := f.load(t)
		if len(s.Diagnostics) != 0 {
			t.Fatalf("diagnostics:\n%s", diagList(s.Diagnostics))
		}
		if len(s.Articles) != 6 {
			t.Errorf("%d articles; want 6", len(s.Articles))
		}
		if h := string(s.Article("nl", "internet/storing").HTML); !strings.Contains(h, `href="/nl/articles/internet/modem-herstarten#stap"`) {
			t.Errorf("storing.md: %s", h)
		}
		for _, id := range []string{"internet/modem-herstarten", "energie/meter", "facturen/factuur", "internet/nieuw/diep/bestand"} {
			if s.Article("nl", id) == nil {
				t.Errorf("%s not published", id)
			}
		}
		if len(s.Synonyms("nl")) != 1 || len(s.Categories("nl")) != 1 || len(s.Locales()) != 2 {
			t.Errorf("synonyms %v, categories %v, locales %v", s.Synonyms("nl"), s.Categories("nl"), s.Locales())
		}
	})
}

func TestLoaderDuplicateIDKeepsOwner(t *testing.T) { modes(t, testLoaderDuplicateIDKeepsOwner) }

func testLoaderDuplicateIDKeepsOwner(t *testing.T, targeted bool) {
	f := newLoaderFixture(t, map[string]string{"nl/b.md": doc("title: B\nid: same", "Body.\n")})
	f.targeted = targeted
	f.load(t)
	f.write(t, map[string]string{"nl/a.md": doc("title: A\nid: same", "Body.\n")})
	s := f.load(t)
	if a := s.Article("nl", "same"); a == nil || a.Title != "B" {
		t.Errorf("article = %+v; want the file that held the id before", a)
	}
	findDiag(t, s, content.SeverityError, "nl/a.md", 3, `id "same" is already used in locale nl by nl/b.md`)
}

func TestLoaderSymlinkTarget(t *testing.T) { modes(t, testLoaderSymlinkTarget) }

func testLoaderSymlinkTarget(t *testing.T, targeted bool) {
	f := newLoaderFixture(t, map[string]string{"_shared/doel.md": doc("title: Doel", "Versie 1.\n")})
	f.targeted = targeted
	if err := os.MkdirAll(filepath.Join(f.dir, "nl"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../_shared/doel.md", filepath.Join(f.dir, "nl", "link.md")); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	f.load(t)
	f.write(t, map[string]string{"_shared/doel.md": doc("title: Doel", "Versie 2, langer.\n")})
	if a := f.load(t).Article("nl", "link"); a == nil || a.Text != "Versie 2, langer." {
		t.Errorf("article = %+v; want the link's target as it is now", a)
	}
}

func TestLoaderConcurrent(t *testing.T) {
	f := newLoaderFixture(t, map[string]string{"nl/a.md": doc("title: A", "Body.\n")})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := f.loader.Load(); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for i := range 5 {
		f.write(t, map[string]string{fmt.Sprintf("nl/b%d.md", i): doc("title: B", "Body.\n")})
	}
	wg.Wait()
	if s := f.load(t); len(s.Articles) != 6 {
		t.Errorf("%d articles; want 6", len(s.Articles))
	}
}
