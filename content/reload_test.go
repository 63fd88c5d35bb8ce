package content_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

func TestLoadChangeParsesOnlyTheChangedFile(t *testing.T) {
	f := newLoaderFixture(t, map[string]string{
		"nl/internet/storing.md": doc("title: Storing\nrelated: [internet/modem]", "Zie [modem](modem.md).\n"),
		"nl/internet/modem.md":   doc("title: Modem", "Herstart het modem.\n"),
		"nl/energie/meter.md":    doc("title: Meter", "Geef je meterstand door.\n"),
		"nl/energie/tarief.md":   doc("title: Tarief", "Zie [meter](meter.md).\n"),
	})
	s1 := f.load(t)
	if st := s1.Stats; !st.Full || st.Parsed != 4 || st.Linked != 4 {
		t.Errorf("first load: stats %+v; want a full load that parsed and linked 4", st)
	}

	f.write(t, map[string]string{"nl/internet/modem.md": doc("title: Modem herstarten", "Haal de stekker eruit.\n")})
	s2, err := f.loader.LoadChange(content.Change{Paths: []string{"nl/internet/modem.md"}})
	if err != nil {
		t.Fatal(err)
	}
	// storing.md links to modem.md and names it as related: it is linked
	// again, and keeps its value because the URL did not change.
	want := content.LoadStats{Checked: 1, Read: 1, Parsed: 1, Linked: 2}
	if s2.Stats != want {
		t.Errorf("stats %+v; want %+v", s2.Stats, want)
	}
	if a := s2.Article("nl", "internet/modem"); a == nil || a.Title != "Modem herstarten" {
		t.Errorf("changed article = %+v", a)
	}
	for _, id := range []string{"internet/storing", "energie/meter", "energie/tarief"} {
		if s2.Article("nl", id) != s1.Article("nl", id) {
			t.Errorf("%s was rebuilt; want the same value", id)
		}
	}
	sameSnapshot(t, s2, load(t, mapFS(mapFSFromDir(t, f.dir)), content.Options{}))

	// Saved again without a change: read, not parsed.
	f.write(t, map[string]string{"nl/internet/modem.md": doc("title: Modem herstarten", "Haal de stekker eruit.\n")})
	s3, err := f.loader.LoadChange(content.Change{Paths: []string{"nl/internet/modem.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (content.LoadStats{Checked: 1, Read: 1}); s3.Stats != want {
		t.Errorf("unchanged save: stats %+v; want %+v", s3.Stats, want)
	}
	if s3.Article("nl", "internet/modem") != s2.Article("nl", "internet/modem") {
		t.Error("unchanged save: the article was rebuilt")
	}

	// A full load after that has nothing to read.
	if s4 := f.load(t); s4.Stats.Read != 0 || s4.Stats.Checked != 4 || !s4.Stats.Full {
		t.Errorf("full load without a change: stats %+v", s4.Stats)
	}
}

func TestLoadChangeNarrowsDown(t *testing.T) {
	f := newLoaderFixture(t, map[string]string{
		"nl/a.md":           doc("title: A", "A.\n"),
		"nl/sub/b.md":       doc("title: B", "Zie [a](../a.md).\n"),
		"nl/categories.yml": "- slug: x\n  title: X\n",
	})
	f.load(t)
	tests := []struct {
		name  string
		paths []string
		full  bool
	}{
		{"a file that is not content", []string{"nl/notes.txt", "4913"}, false},
		{"a hidden file", []string{"nl/.a.md.swp", "_drafts/c.md"}, false},
		{"a missing file", []string{"nl/nothing.md"}, false},
		{"a folder", []string{"nl/sub"}, true},
		{"the folder itself", []string{"."}, true},
		{"outside the folder", []string{"../x.md"}, true},
	}
	for _, tt := range tests {
		s, err := f.loader.LoadChange(content.Change{Paths: tt.paths})
		if err != nil {
			t.Fatal(err)
		}
		if s.Stats.Full != tt.full || s.Stats.Parsed != 0 || len(s.Articles) != 2 {
			t.Errorf("%s: stats %+v, %d articles; want full %v, nothing parsed", tt.name, s.Stats, len(s.Articles), tt.full)
		}
	}

	// A folder renamed: its old name no longer exists, and files were in it.
	if err := os.Rename(filepath.Join(f.dir, "nl", "sub"), filepath.Join(f.dir, "nl", "onder")); err != nil {
		t.Fatal(err)
	}
	s, err := f.loader.LoadChange(content.Change{Paths: []string{"nl/sub"}})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Stats.Full || s.Article("nl", "onder/b") == nil || s.Article("nl", "sub/b") != nil {
		t.Errorf("renamed folder: stats %+v; want a full load that finds onder/b", s.Stats)
	}
}

// TestLoadChangeEqualsLoad changes a knowledge base at random, step by
// step, and checks after every step that a Loader that followed the
// changes (told which paths changed) gives the same snapshot as a new
// Loader that loads the folder once. The changes leave out what only a
// Loader with a history does differently: keeping the last good version of
// a broken file, and keeping an id with the file that held it.
func TestLoadChangeEqualsLoad(t *testing.T) {
	steps := 200
	if testing.Short() {
		steps = 50
	}
	rng := rand.New(rand.NewPCG(1, 2))
	k := &randomKB{rng: rng, ever: map[string]bool{}}
	f := newLoaderFixture(t, k.initial())
	f.load(t)
	for i := range steps {
		files, removed, extra := k.step()
		f.write(t, files)
		for _, p := range removed {
			f.remove(t, p)
		}
		paths := slices.Concat(slices.Collect(maps.Keys(files)), removed, extra)
		var got *content.Snapshot
		var err error
		if rng.IntN(20) == 0 {
			got, err = f.loader.Load()
		} else {
			got, err = f.loader.LoadChange(content.Change{Paths: paths})
		}
		if err != nil {
			t.Fatal(err)
		}
		want := load(t, mapFS(mapFSFromDir(t, f.dir)), content.Options{})
		if !sameSnapshot(t, got, want) {
			t.Fatalf("step %d: changed %v, removed %v, stats %+v: the snapshots differ", i, slices.Sorted(maps.Keys(files)), removed, got.Stats)
		}
	}
}

// randomKB makes random changes to a small knowledge base: articles and
// guides that link to each other, name each other as related, use
// categories that categories.yml may or may not declare, go internal, go
// into draft, break, get deleted and come back.
type randomKB struct {
	rng  *rand.Rand
	ever map[string]bool // paths that had a version without errors
	live []string        // Markdown files that exist
}

var randomPaths = []string{
	"nl/a.md", "nl/b.md", "nl/c.md", "nl/d.md", "nl/sub/e.md", "nl/sub/f.md", "nl/g.md",
	"en/a.md", "en/b.md", "en/sub/c.md",
}

func (k *randomKB) initial() map[string]string {
	files := map[string]string{"nl/categories.yml": "- slug: c1\n  title: C1\n- slug: c2\n  title: C2\n", "synonyms/nl.txt": "modem, router\n"}
	for _, p := range randomPaths[:6] {
		files[p] = k.article(p)
		k.ever[p] = true
		k.live = append(k.live, p)
	}
	return files
}

// step returns the files to write, those to remove, and other paths to
// report as changed.
func (k *randomKB) step() (files map[string]string, removed, extra []string) {
	files = map[string]string{}
	for range 1 + k.rng.IntN(3) {
		p := randomPaths[k.rng.IntN(len(randomPaths))]
		if _, done := files[p]; done || slices.Contains(removed, p) {
			continue
		}
		exists := slices.Contains(k.live, p)
		switch n := k.rng.IntN(10); {
		case n == 0 && exists:
			removed = append(removed, p)
			k.live = slices.DeleteFunc(k.live, func(q string) bool { return q == p })
		case n == 1 && !k.ever[p]:
			files[p] = doc("title: Kapot\ntags: [a, b", "Kapot.\n")
		case n == 2:
			files[p] = k.guide(p)
		default:
			files[p] = k.article(p)
		}
		if _, ok := files[p]; ok {
			if !strings.Contains(files[p], "Kapot") {
				k.ever[p] = true
			}
			if !exists {
				k.live = append(k.live, p)
			}
		}
	}
	switch k.rng.IntN(12) {
	case 0:
		files["nl/categories.yml"] = "- slug: c2\n  title: C2\n- slug: c3\n  title: C3\n"
	case 1:
		files["nl/categories.yml"] = "- slug: c1\n  title: C1\n"
	case 2:
		files["synonyms/nl.txt"] = fmt.Sprintf("modem, router\nwifi => draadloos%d\n", k.rng.IntN(3))
	case 3:
		extra = append(extra, "nl/notes.txt", "nl")
	}
	return files, removed, extra
}

func (k *randomKB) article(p string) string {
	var fm []string
	fm = append(fm, fmt.Sprintf("title: Artikel %d", k.rng.IntN(5)))
	if k.rng.IntN(6) == 0 {
		fm = append(fm, "audience: internal")
	}
	if k.rng.IntN(8) == 0 {
		fm = append(fm, "draft: true")
	}
	if n := k.rng.IntN(5); n > 0 {
		fm = append(fm, fmt.Sprintf("category: c%d", n))
	}
	if k.rng.IntN(2) == 0 {
		fm = append(fm, "related: ["+k.id(p)+"]")
	}
	body := fmt.Sprintf("Tekst %d.\n\n## Kop\n\nZie [dit](%s) en [dat](%s#kop).\n", k.rng.IntN(3), k.link(p), k.link(p))
	return doc(strings.Join(fm, "\n"), body)
}

func (k *randomKB) guide(p string) string {
	fm := "title: Gids\ntype: guide"
	if k.rng.IntN(4) == 0 {
		fm += "\naudience: internal"
	}
	end := "Resolved: [artikel](" + k.link(p) + ")"
	if k.rng.IntN(2) == 0 {
		end = "Resolved: " + k.id(p)
	}
	return doc(fm, "## Start {#start}\n\n- [Ja](#ok)\n- [Nee](#esc)\n\n## Ok {#ok}\n\n"+end+"\n\n## Esc {#esc}\n\nEscalate: team\n")
}

// link returns a relative link from the file at p to a random file.
func (k *randomKB) link(p string) string {
	target := randomPaths[k.rng.IntN(len(randomPaths))]
	rel, err := filepath.Rel(path.Dir(p), target)
	if err != nil {
		panic(err)
	}
	return filepath.ToSlash(rel)
}

// id returns the id of a random file in the locale of p.
func (k *randomKB) id(p string) string {
	locale, _, _ := strings.Cut(p, "/")
	for {
		target := randomPaths[k.rng.IntN(len(randomPaths))]
		if l, rest, _ := strings.Cut(target, "/"); l == locale {
			return strings.TrimSuffix(rest, ".md")
		}
	}
}

// sameSnapshot reports whether got and want publish the same documents
// with the same categories, synonyms, settings and diagnostics, and
// reports the differences.
func sameSnapshot(tb testing.TB, got, want *content.Snapshot) bool {
	tb.Helper()
	ok := true
	differ := func(what string, g, w any) {
		tb.Helper()
		if !reflect.DeepEqual(g, w) {
			tb.Errorf("%s:\ngot  %+v\nwant %+v", what, g, w)
			ok = false
		}
	}
	differ("articles", articleValues(got.Articles), articleValues(want.Articles))
	differ("guides", guideValues(got.Guides), guideValues(want.Guides))
	differ("diagnostics", diagList(got.Diagnostics), diagList(want.Diagnostics))
	differ("files, drafts", [2]int{got.Files, got.Drafts}, [2]int{want.Files, want.Drafts})
	differ("locales", got.Locales(), want.Locales())
	differ("site", got.Site.Name, want.Site.Name)
	for _, l := range []loket.Locale{"nl", "en"} {
		differ("categories "+string(l), got.Categories(l), want.Categories(l))
		differ("synonyms "+string(l), got.Synonyms(l), want.Synonyms(l))
		for _, a := range want.Articles {
			if got.Article(a.Locale, a.ID) == nil {
				tb.Errorf("Article(%s, %s) = nil", a.Locale, a.ID)
				ok = false
			}
		}
	}
	return ok
}

func articleValues(list []*loket.Article) []loket.Article {
	out := make([]loket.Article, len(list))
	for i, a := range list {
		out[i] = *a
	}
	return out
}

func guideValues(list []*loket.Guide) []loket.Guide {
	out := make([]loket.Guide, len(list))
	for i, g := range list {
		out[i] = *g
	}
	return out
}

// mapFSFromDir reads a folder into memory, for a Loader without a history.
func mapFSFromDir(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		src, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = string(src)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func TestLoadChangeDuplicateIDs(t *testing.T) { modes(t, testLoadChangeDuplicateIDs) }

func testLoadChangeDuplicateIDs(t *testing.T, targeted bool) {
	f := newLoaderFixture(t, map[string]string{
		"nl/a.md":    doc("title: A\nid: same", "A.\n"),
		"nl/b.md":    doc("title: B\nid: same", "B.\n"),
		"nl/link.md": doc("title: Link\nrelated: [same]", "Zie [b](b.md).\n"),
	})
	f.targeted = targeted
	published := func(s *content.Snapshot) string {
		if a := s.Article("nl", "same"); a != nil {
			return a.Title
		}
		return ""
	}
	s := f.load(t)
	findDiag(t, s, content.SeverityError, "nl/b.md", 3, `id "same" is already used in locale nl by nl/a.md`)
	findDiag(t, s, content.SeverityError, "nl/link.md", 5, "link to nl/b.md, which does not exist")
	if published(s) != "A" {
		t.Errorf("published %q; want A, the first by path", published(s))
	}

	f.remove(t, "nl/a.md")
	s = f.load(t)
	if published(s) != "B" || len(s.Diagnostics) != 0 {
		t.Errorf("after removing a.md: published %q; diagnostics:\n%s", published(s), diagList(s.Diagnostics))
	}
	if h := string(s.Article("nl", "link").HTML); !strings.Contains(h, `href="/nl/articles/same"`) {
		t.Errorf("the link to b.md did not resolve: %s", h)
	}

	f.write(t, map[string]string{"nl/a.md": doc("title: A\nid: same", "A.\n")})
	s = f.load(t)
	findDiag(t, s, content.SeverityError, "nl/a.md", 3, `id "same" is already used in locale nl by nl/b.md`)
	if published(s) != "B" || len(s.Diagnostics) != 1 {
		t.Errorf("after adding a.md again: published %q; want B, which held the id; diagnostics:\n%s", published(s), diagList(s.Diagnostics))
	}

	f.write(t, map[string]string{"nl/b.md": doc("title: B\nid: other", "B.\n")})
	s = f.load(t)
	if published(s) != "A" || s.Article("nl", "other") == nil || len(s.Diagnostics) != 0 {
		t.Errorf("after b.md took another id: published %q; diagnostics:\n%s", published(s), diagList(s.Diagnostics))
	}
	if h := string(s.Article("nl", "link").HTML); !strings.Contains(h, `href="/nl/articles/other"`) {
		t.Errorf("the link to b.md does not follow its new id: %s", h)
	}
}

func TestLoadChangeCategories(t *testing.T) { modes(t, testLoadChangeCategories) }

func testLoadChangeCategories(t *testing.T, targeted bool) {
	f := newLoaderFixture(t, map[string]string{
		"nl/categories.yml": "- slug: internet\n  title: Internet\n",
		"nl/a.md":           doc("title: A\ncategory: energie", "A.\n"),
		"nl/b.md":           doc("title: B\ncategory: energie", "B.\n"),
		"nl/c.md":           doc("title: C\ncategory: internet", "C.\n"),
	})
	f.targeted = targeted
	slugs := func(s *content.Snapshot) []string {
		var out []string
		for _, c := range s.Categories("nl") {
			out = append(out, c.Slug)
		}
		return out
	}
	s := f.load(t)
	findDiag(t, s, content.SeverityWarning, "nl/a.md", 3, `category "energie" is not in nl/categories.yml`)
	if got := slugs(s); !slices.Equal(got, []string{"internet", "energie"}) || len(s.Diagnostics) != 1 {
		t.Errorf("categories %v; diagnostics:\n%s", got, diagList(s.Diagnostics))
	}

	// The first document in the category goes: the warning moves to the next.
	f.remove(t, "nl/a.md")
	s = f.load(t)
	findDiag(t, s, content.SeverityWarning, "nl/b.md", 3, `category "energie" is not in nl/categories.yml`)

	f.write(t, map[string]string{"nl/categories.yml": "- slug: energie\n  title: Energie\n- slug: internet\n  title: Internet\n"})
	s = f.load(t)
	if got := slugs(s); !slices.Equal(got, []string{"energie", "internet"}) || len(s.Diagnostics) != 0 {
		t.Errorf("after declaring energie: categories %v; diagnostics:\n%s", got, diagList(s.Diagnostics))
	}

	f.remove(t, "nl/categories.yml")
	s = f.load(t)
	if got := slugs(s); !slices.Equal(got, []string{"energie", "internet"}) || len(s.Diagnostics) != 0 {
		t.Errorf("without categories.yml: categories %v; want by slug of the first document; diagnostics:\n%s", got, diagList(s.Diagnostics))
	}
}
