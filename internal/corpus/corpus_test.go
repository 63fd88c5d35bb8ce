package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

// readTree returns every file below dir by its slash path.
func readTree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestWriteIsDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Write(dir, 300, 7); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(c, 300, 8); err != nil {
		t.Fatal(err)
	}
	first, second, other := readTree(t, a), readTree(t, b), readTree(t, c)
	if len(first) != len(second) {
		t.Fatalf("same seed: %d files, then %d", len(first), len(second))
	}
	for p, data := range first {
		if !bytes.Equal(data, second[p]) {
			t.Fatalf("same seed: %s differs", p)
		}
	}
	same := 0
	for p, data := range first {
		if bytes.Equal(data, other[p]) && strings.HasSuffix(p, ".md") {
			same++
		}
	}
	if same > 0 {
		t.Errorf("another seed: %d articles identical", same)
	}
}

func TestQueriesAreDeterministic(t *testing.T) {
	c1, err := Generate(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Generate(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	q1, q2 := c1.Queries(200, 3), c2.Queries(200, 3)
	if !slices.EqualFunc(q1, q2, func(a, b Query) bool {
		return a.Query == b.Query && slices.Equal(a.Relevant, b.Relevant) && a.Lang == b.Lang
	}) {
		t.Fatal("same seeds gave different queries")
	}
}

func TestGeneratedFolderLoads(t *testing.T) {
	const n = 2000
	dir := t.TempDir()
	st, err := Write(dir, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := content.Load(os.DirFS(dir), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range snap.Diagnostics {
		t.Errorf("%s", d)
	}
	if len(snap.Articles) != n || st.Articles != n {
		t.Fatalf("loaded %d articles, stats say %d; want %d", len(snap.Articles), st.Articles, n)
	}
	if got := st.Locales["en"]; got != n/5 {
		t.Errorf("%d English articles, want %d", got, n/5)
	}
	if share := float64(st.Internal) / n; share < 0.03 || share > 0.07 {
		t.Errorf("internal share %.3f, want about 0.05", share)
	}
	for _, a := range snap.Articles {
		if n := len(a.Questions); n < 2 || n > 6 {
			t.Errorf("%s: %d questions", a.Path, n)
		}
		if n := len(strings.Fields(a.Text)); n < 150 || n > 700 {
			t.Errorf("%s: %d words of text", a.Path, n)
		}
		if len(a.Sections) < 3 {
			t.Errorf("%s: %d sections, want a lead and at least two headings", a.Path, len(a.Sections))
		}
	}
	if len(snap.Synonyms("nl")) == 0 || len(snap.Categories("nl")) == 0 {
		t.Error("no synonyms or categories for nl")
	}
}

func TestQueriesPointAtPublicArticles(t *testing.T) {
	c, err := Generate(1000, 1)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*Article{}
	for _, a := range c.Articles {
		byKey[string(a.Locale)+":"+a.ID] = a
	}
	qs := c.Queries(500, 2)
	if len(qs) != 500 {
		t.Fatalf("%d queries, want 500", len(qs))
	}
	changed := 0
	for _, q := range qs {
		a := byKey[q.Lang+":"+q.Relevant[0]]
		if a == nil || a.Audience != loket.AudiencePublic {
			t.Fatalf("query %q: relevant %v is not a public %s article", q.Query, q.Relevant, q.Lang)
		}
		if !slices.Contains(a.Questions, q.Query) && a.Title != q.Query {
			changed++
		}
	}
	if changed != len(qs) {
		t.Errorf("%d of %d queries are an article's title or question as written", len(qs)-changed, len(qs))
	}
}
