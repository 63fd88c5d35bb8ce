package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/search"
)

// build loads fsys and indexes it in a temporary folder.
func build(tb testing.TB, fsys fstest.MapFS) (*search.Index, *content.Snapshot) {
	tb.Helper()
	snap, err := content.Load(fsys, content.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if snap.Errors() > 0 {
		tb.Fatalf("fixture has errors: %v", snap.Diagnostics)
	}
	ix, _, err := search.Build(context.Background(), filepath.Join(tb.TempDir(), "index"), snap, search.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix, snap
}

var demoIndex struct {
	once sync.Once
	ix   *search.Index
	err  error
}

// buildDemo indexes the demo knowledge base once for all tests.
func buildDemo(tb testing.TB) *search.Index {
	tb.Helper()
	demoIndex.once.Do(func() {
		snap, err := content.Load(demo.FS(), content.Options{})
		if err != nil {
			demoIndex.err = err
			return
		}
		dir, err := os.MkdirTemp("", "loket-search-test-")
		if err != nil {
			demoIndex.err = err
			return
		}
		demoIndex.ix, _, demoIndex.err = search.Build(context.Background(), dir, snap, search.Options{})
	})
	if demoIndex.err != nil {
		tb.Fatal(demoIndex.err)
	}
	return demoIndex.ix
}

func md(front, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + front + "\n---\n\n" + body + "\n")}
}

func ids(hits []loket.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Meta.ID)
	}
	return out
}

func search1(tb testing.TB, lib loket.Library, q loket.Query) *loket.Result {
	tb.Helper()
	res, err := lib.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("search %q: %v", q.Text, err)
	}
	return res
}

// canary is a knowledge base with an internal article whose words appear
// nowhere else, next to public ones.
var canary = fstest.MapFS{
	"nl/public/a.md": md("title: Wachtwoord vergeten\ncategory: account\nquestions: [ik ben mijn wachtwoord kwijt]\nrelated: [public/b]", "Kies Wachtwoord vergeten op de inlogpagina."),
	"nl/public/b.md": md("title: Inloggen lukt niet\ncategory: account", "Controleer je e-mailadres en je wachtwoord."),
	"en/public/a.md": md("title: Forgot password\ncategory: account", "Choose Forgot password on the login page."),
	"nl/intern/kanarie.md": md("title: Kanarieprocedure zeldzaamwoord\naudience: internal\ncategory: geheim\nquestions: [wanneer geldt de kanarieprocedure]\ntags: [kortingscode]",
		"Gebruik kortingscode KANARIE-9931 alleen na goedkeuring. Zeldzaamwoord."),
	"en/intern/kanarie.md": md("title: Canary procedure\naudience: internal", "Internal only: CANARY-9931."),
	"nl/intern/gids.md":    md("title: Kanariegids\ntype: guide\naudience: internal", "## Start {#start}\n\nResolved"),
}

func TestPublicLibraryNeverReturnsInternal(t *testing.T) {
	ix, _ := build(t, canary)
	ctx := context.Background()
	public := ix.Library(loket.AudiencePublic)
	internal := ix.Library(loket.AudienceInternal)
	for _, text := range []string{"kanarieprocedure", "KANARIE-9931", "zeldzaamwoord", "kortingscode", "wanneer geldt de kanarieprocedure", "canary", "Kanariegids"} {
		for _, locale := range []loket.Locale{"", "nl", "en"} {
			res := search1(t, public, loket.Query{Text: text, Locale: locale, Limit: loket.MaxLimit})
			for _, h := range res.Hits {
				if h.Meta.Audience != loket.AudiencePublic {
					t.Errorf("public search %q [%s] returned internal %s", text, locale, h.Meta.ID)
				}
			}
			for _, f := range res.Facets {
				if f.Category == "geheim" {
					t.Errorf("public search %q shows the facet of an internal category", text)
				}
			}
			if strings.Contains(strings.ToLower(res.Correction), "kanarie") || strings.Contains(strings.ToLower(res.Correction), "zeldzaam") {
				t.Errorf("public search %q suggests the internal spelling %q", text, res.Correction)
			}
		}
	}
	// A typo of an internal-only word must not be corrected to it.
	if res := search1(t, public, loket.Query{Text: "zeldzaamwoort", Locale: "nl"}); strings.Contains(res.Correction, "zeldzaam") || len(res.Hits) > 0 && res.Hits[0].Meta.Audience != loket.AudiencePublic {
		t.Errorf("typo of an internal word: correction %q, hits %v", res.Correction, ids(res.Hits))
	}
	for _, prefix := range []string{"kana", "kanarieproc", "wanneer geldt", "canary"} {
		sugg, err := public.Suggest(ctx, "", prefix, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sugg {
			if s.Meta.Audience != loket.AudiencePublic {
				t.Errorf("public suggest %q returned internal %s", prefix, s.Meta.ID)
			}
		}
	}
	if _, err := public.Article("nl", "intern/kanarie"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("public Article(internal) = %v, want ENOTFOUND", err)
	}
	if _, err := public.Guide("nl", "intern/gids"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("public Guide(internal) = %v, want ENOTFOUND", err)
	}
	for _, a := range public.Articles(loket.ArticleFilter{Locale: "nl"}) {
		if a.Audience != loket.AudiencePublic {
			t.Errorf("public Articles lists internal %s", a.ID)
		}
	}
	if len(public.Articles(loket.ArticleFilter{Locale: "nl", Category: "geheim"})) != 0 {
		t.Error("public Articles lists an internal category")
	}
	for _, c := range public.Categories("nl") {
		if c.Slug == "geheim" {
			t.Error("public Categories lists a category with only internal documents")
		}
	}
	if cs := internal.Categories("nl"); len(cs) != 2 {
		t.Errorf("internal Categories = %v", cs)
	}
	if gs := public.Guides("nl"); len(gs) != 0 {
		t.Errorf("public Guides lists internal guides: %d", len(gs))
	}
	if tr := public.Translations(loket.KindArticle, "nl", "intern/kanarie"); len(tr) != 0 {
		t.Errorf("public Translations returns internal translations: %d", len(tr))
	}
	// Agents see everything.
	if res := search1(t, internal, loket.Query{Text: "KANARIE-9931", Locale: "nl"}); len(res.Hits) == 0 || res.Hits[0].Meta.ID != "intern/kanarie" {
		t.Errorf("internal search: %v", ids(res.Hits))
	}
	if _, err := internal.Article("nl", "intern/kanarie"); err != nil {
		t.Errorf("internal Article: %v", err)
	}
	if s, _ := internal.Suggest(ctx, "nl", "kanarieproc", 5); len(s) == 0 {
		t.Error("internal suggest finds nothing")
	}
	if public.Audience() != loket.AudiencePublic || internal.Audience() != loket.AudienceInternal {
		t.Error("Audience() does not report the library's audience")
	}
}

func TestSearchDemo(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	tests := []struct {
		query  string
		locale loket.Locale
		want   string // id expected first
	}{
		{"wachtwoord vergeten", "nl", "account/wachtwoord-vergeten"},
		{"paswoord vergeten", "nl", "account/wachtwoord-vergeten"}, // synonym
		{"wachtwrd vergetn", "nl", "account/wachtwoord-vergeten"},  // typos
		{"mijn internet doet het niet", "nl", "internet/geen-internet"},
		{"hoeveel moet ik per maand betalen", "nl", "energie/termijnbedrag-aanpassen"},
		{"I forgot my password", "en", "account/wachtwoord-vergeten"},
		{"MIJN WIFI DOET HET NIET!!!", "nl", "internet/geen-internet"},
	}
	for _, tt := range tests {
		res := search1(t, lib, loket.Query{Text: tt.query, Locale: tt.locale})
		if len(res.Hits) == 0 || res.Hits[0].Meta.ID != tt.want {
			t.Errorf("%q: got %v, want %s first", tt.query, ids(res.Hits), tt.want)
		}
		for _, h := range res.Hits {
			if h.Meta.Locale != tt.locale {
				t.Errorf("%q in %s returned %s in %s", tt.query, tt.locale, h.Meta.ID, h.Meta.Locale)
			}
		}
	}
}

func TestCorrection(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	if res := search1(t, lib, loket.Query{Text: "wachtwrd", Locale: "nl"}); res.Correction != "wachtwoord" {
		t.Errorf("correction = %q, want wachtwoord", res.Correction)
	}
	if res := search1(t, lib, loket.Query{Text: "wachtwoord vergeten", Locale: "nl"}); res.Correction != "" {
		t.Errorf("correction of a correct query = %q", res.Correction)
	}
	// Searching all locales, a word known in one language is not "corrected"
	// into another language's word.
	if res := search1(t, lib, loket.Query{Text: "hoeveel moet ik betalen"}); res.Correction != "" {
		t.Errorf("correction across languages = %q", res.Correction)
	}
}

func TestHostileQueries(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	long := strings.Repeat("wachtwoord ", 1000) // 11,000 characters
	for _, q := range []string{
		"", "   ", long, strings.Repeat("x", 10000),
		`title:* AND body:"unterminated`, `+foo -bar ~baz^3 /regex.*/ field:(a OR b)`,
		`*`, `?`, `"""`, `\`, "\x00\x01\x02", "<script>alert(1)</script>", "' OR 1=1; --",
		"😀🔥 wifi", "\u202egniht", strings.Repeat("é", 5000), "{{.}} ${x} %s %n",
	} {
		res, err := lib.Search(context.Background(), loket.Query{Text: q, Locale: "nl"})
		if err != nil {
			t.Errorf("query %.40q: %v", q, err)
			continue
		}
		for _, h := range res.Hits {
			if strings.Contains(string(h.Snippet), "<script>") {
				t.Errorf("query %.40q: unescaped snippet %s", q, h.Snippet)
			}
		}
		if _, err := lib.Suggest(context.Background(), "nl", q, 5); err != nil {
			t.Errorf("suggest %.40q: %v", q, err)
		}
	}
	if res := search1(t, lib, loket.Query{Text: long, Locale: "nl"}); len(res.Hits) == 0 {
		t.Error("a long query of real words finds nothing")
	}
	if _, err := lib.Search(context.Background(), loket.Query{Text: "wifi", Offset: -1}); loket.ErrorCode(err) != loket.EINVALID {
		t.Errorf("negative offset: %v, want EINVALID", err)
	}
}

func TestFiltersFacetsAndPages(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	all := search1(t, lib, loket.Query{Text: "betalen factuur", Locale: "nl", Limit: loket.MaxLimit})
	if all.Total < 10 || len(all.Facets) < 2 {
		t.Fatalf("total %d, facets %v", all.Total, all.Facets)
	}
	sum := 0
	for i, f := range all.Facets {
		sum += f.Count
		if i > 0 && f.Count > all.Facets[i-1].Count {
			t.Errorf("facets not sorted by count: %v", all.Facets)
		}
	}
	if sum != all.Total {
		t.Errorf("facet counts add up to %d, total is %d", sum, all.Total)
	}
	cat := search1(t, lib, loket.Query{Text: "betalen factuur", Locale: "nl", Category: "facturen", Limit: loket.MaxLimit})
	if cat.Total == 0 || cat.Total >= all.Total {
		t.Errorf("category filter: %d of %d", cat.Total, all.Total)
	}
	for _, h := range cat.Hits {
		if h.Meta.Category != "facturen" {
			t.Errorf("category filter returned %s in %s", h.Meta.ID, h.Meta.Category)
		}
	}
	guides := search1(t, lib, loket.Query{Text: "internet", Locale: "nl", Kind: loket.KindGuide})
	for _, h := range guides.Hits {
		if h.Meta.Kind != loket.KindGuide {
			t.Errorf("kind filter returned %s", h.Meta.ID)
		}
	}
	// Pages follow each other without gaps or repeats.
	var paged []string
	for off := 0; off < 12; off += 4 {
		paged = append(paged, ids(search1(t, lib, loket.Query{Text: "betalen factuur", Locale: "nl", Offset: off, Limit: 4}).Hits)...)
	}
	if got, want := strings.Join(paged, " "), strings.Join(ids(all.Hits)[:12], " "); got != want {
		t.Errorf("pages:\n got %s\nwant %s", got, want)
	}
	if res := search1(t, lib, loket.Query{Text: "betalen", Locale: "nl", Offset: 10000}); len(res.Hits) != 0 || res.Total == 0 {
		t.Errorf("offset past the end: %d hits, total %d", len(res.Hits), res.Total)
	}
	if res := search1(t, lib, loket.Query{Text: "betalen", Locale: "nl", Limit: 1000}); len(res.Hits) > loket.MaxLimit {
		t.Errorf("limit not capped: %d", len(res.Hits))
	}
}

func TestBoostAndSnippet(t *testing.T) {
	ix, _ := build(t, fstest.MapFS{
		"nl/a.md": md("title: Modem herstarten", "Haal de stekker uit het `<modem>` & wacht. <script>x</script>"),
		"nl/b.md": md("title: Modem herstarten\nboost: 2", "Haal de stekker uit het `<modem>` & wacht."),
		"nl/c.md": md("title: Modem herstarten\nboost: 0.5", "Haal de stekker uit het <modem> & wacht."),
	})
	res := search1(t, ix.Library(loket.AudiencePublic), loket.Query{Text: "modem", Locale: "nl"})
	if got := strings.Join(ids(res.Hits), " "); got != "b a c" {
		t.Errorf("boost order = %s, want b a c", got)
	}
	sn := string(res.Hits[0].Snippet)
	if !strings.Contains(sn, "<mark>modem</mark>") || strings.Contains(sn, "<script>") {
		t.Errorf("snippet = %s", sn)
	}
}

func TestSuggest(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	ctx := context.Background()
	s, err := lib.Suggest(ctx, "nl", "wachtw", 5)
	if err != nil || len(s) == 0 || s[0].Meta.ID != "account/wachtwoord-vergeten" {
		t.Fatalf("suggest wachtw: %v %+v", err, s)
	}
	s, _ = lib.Suggest(ctx, "nl", "geen int", 5)
	if len(s) == 0 || !strings.Contains(strings.ToLower(s[0].Text), "geen internet") {
		t.Errorf("suggest 'geen int': %+v", s)
	}
	for _, x := range s {
		if x.Meta.Locale != "nl" {
			t.Errorf("suggestion in %s for nl", x.Meta.Locale)
		}
	}
	s, _ = lib.Suggest(ctx, "nl", "paswoord verg", 5)
	if len(s) == 0 || s[0].Meta.ID != "account/wachtwoord-vergeten" {
		t.Errorf("suggest with a synonym: %+v", s)
	}
	if s, _ := lib.Suggest(ctx, "nl", "w", 5); len(s) != 0 {
		t.Errorf("one letter gives %d suggestions", len(s))
	}
	if s, _ := lib.Suggest(ctx, "nl", "hoe", 3); len(s) > 3 {
		t.Errorf("limit ignored: %d", len(s))
	}
}

func TestUpdate(t *testing.T) {
	fsys := fstest.MapFS{
		"nl/a.md":           md("title: Modem herstarten", "Stekker eruit."),
		"nl/b.md":           md("title: Factuur betalen", "Betaal binnen 14 dagen."),
		"synonyms/nl.txt":   {Data: []byte("factuur, nota\n")},
		"nl/categories.yml": {Data: []byte("- slug: x\n  title: X\n")},
	}
	loader := content.NewLoader(fsys, content.Options{})
	snap, err := loader.Load()
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := search.Build(context.Background(), t.TempDir(), snap, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	lib := ix.Library(loket.AudiencePublic)
	find := func(q string) []string { return ids(search1(t, lib, loket.Query{Text: q, Locale: "nl"}).Hits) }
	if got := find("nota"); len(got) != 1 || got[0] != "b" {
		t.Fatalf("synonym before update: %v", got)
	}
	// Change a, remove b, add c, change the synonyms.
	fsys["nl/a.md"] = md("title: Router herstarten", "Stekker eruit en weer erin.")
	delete(fsys, "nl/b.md")
	fsys["nl/c.md"] = md("title: Rekening betalen", "Betaal met iDEAL.")
	fsys["synonyms/nl.txt"] = &fstest.MapFile{Data: []byte("rekening, nota\n")}
	snap, err = loader.Load()
	if err != nil {
		t.Fatal(err)
	}
	stats, err := ix.Update(context.Background(), snap)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Indexed != 2 || stats.Deleted != 1 {
		t.Errorf("stats = %+v, want 2 indexed, 1 deleted", stats)
	}
	for q, want := range map[string]string{"router": "a", "modem": "", "factuur": "", "ideal": "c", "nota": "c"} {
		got := strings.Join(find(q), " ")
		if got != want {
			t.Errorf("after update %q = %q, want %q", q, got, want)
		}
	}
	if _, err := lib.Article("nl", "b"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("removed article still served: %v", err)
	}
}

// TestUpdateSuggestions saves articles the way editors do, the body only
// and then the title or the audience, and checks the suggestions after
// each: a body-only save keeps them but points them at the new version.
func TestUpdateSuggestions(t *testing.T) {
	fsys := fstest.MapFS{
		"nl/a.md": md("title: Modem herstarten\nquestions: [mijn modem doet het niet]", "Stekker eruit."),
		"nl/b.md": md("title: Factuur betalen", "Betaal binnen 14 dagen."),
	}
	loader := content.NewLoader(fsys, content.Options{})
	snap, err := loader.Load()
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := search.Build(context.Background(), t.TempDir(), snap, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	lib := ix.Library(loket.AudiencePublic)
	suggest := func(prefix string) string {
		t.Helper()
		got, err := lib.Suggest(context.Background(), "nl", prefix, 5)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range got {
			out = append(out, s.Meta.ID+":"+s.Text+":"+s.Meta.Owner)
		}
		return strings.Join(out, " | ")
	}
	update := func() {
		t.Helper()
		snap, err := loader.Load()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Update(context.Background(), snap); err != nil {
			t.Fatal(err)
		}
	}
	if got := suggest("modem"); got != "a:Modem herstarten:" {
		t.Fatalf("before: %q", got)
	}
	// The body and a key suggestions do not show: the same suggestion,
	// from the new version of the article.
	fsys["nl/a.md"] = md("title: Modem herstarten\nquestions: [mijn modem doet het niet]\nowner: team-internet", "Stekker eruit, tel tot tien.")
	update()
	if got := suggest("modem"); got != "a:Modem herstarten:team-internet" {
		t.Fatalf("after a body-only save: %q", got)
	}
	// A new title is suggested at once.
	fsys["nl/a.md"] = md("title: Router herstarten\nquestions: [mijn modem doet het niet]", "Stekker eruit.")
	update()
	if got := suggest("router"); got != "a:Router herstarten:" {
		t.Fatalf("after a new title: %q", got)
	}
	// An article made internal is no longer suggested in public.
	fsys["nl/a.md"] = md("title: Router herstarten\naudience: internal", "Stekker eruit.")
	update()
	if got := suggest("router"); got != "" {
		t.Fatalf("after audience internal: %q", got)
	}
	if got := suggest("factuur"); got != "b:Factuur betalen:" {
		t.Fatalf("the other article: %q", got)
	}
}

func TestSearchWhileUpdating(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 0; i < 50; i++ {
		fsys["nl/"+string(rune('a'+i%26))+string(rune('a'+i/26))+".md"] = md("title: Modem artikel", "Stekker eruit.")
	}
	loader := content.NewLoader(fsys, content.Options{})
	snap, _ := loader.Load()
	ix, _, err := search.Build(context.Background(), t.TempDir(), snap, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	lib := ix.Library(loket.AudiencePublic)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				res, err := lib.Search(ctx, loket.Query{Text: "modem stekker", Locale: "nl"})
				if err != nil && ctx.Err() == nil {
					t.Errorf("search during update: %v", err)
					return
				}
				if err == nil && len(res.Hits) == 0 {
					t.Error("search during update found nothing")
					return
				}
			}
		}()
	}
	for round := 0; round < 20; round++ {
		fsys["nl/aa.md"] = md("title: Modem artikel "+strings.Repeat("x", round), "Stekker eruit.")
		snap, _ := loader.Load()
		if _, err := ix.Update(context.Background(), snap); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
}

func TestBuildRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "important.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap, _ := content.Load(canary, content.Options{})
	if _, _, err := search.Build(context.Background(), dir, snap, search.Options{}); err == nil {
		t.Fatal("Build replaced a folder that is not an index")
	}
	if _, err := os.Stat(filepath.Join(dir, "important.txt")); err != nil {
		t.Fatal("Build deleted a file it does not own")
	}
	// A previous index in the same folder is replaced.
	idx := filepath.Join(dir, "index")
	for i := 0; i < 2; i++ {
		ix, _, err := search.Build(context.Background(), idx, snap, search.Options{})
		if err != nil {
			t.Fatalf("build %d: %v", i, err)
		}
		ix.Close()
	}
}

func TestEvaluate(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	qs, err := search.ReadEvalQueries(strings.NewReader(
		`{"query": "wachtwoord vergeten", "relevant": ["account/wachtwoord-vergeten"], "lang": "nl"}
{"query": "mijn wifi doet het niet", "relevant": ["internet/geen-internet"], "lang": "nl"}
{"query": "zzzz qqqq", "relevant": ["account/wachtwoord-vergeten"], "lang": "nl"}
`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := search.Evaluate(context.Background(), lib, qs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Queries != 3 || rep.RecallAt1 < 0.66 || rep.RecallAt1 > 0.67 || rep.MRR < 0.66 || rep.Articles != 2 {
		t.Errorf("report = %+v", rep)
	}
	if _, err := search.ReadEvalQueries(strings.NewReader(`{"query": "x"}`)); err == nil {
		t.Error("a query without relevant ids is accepted")
	}
}

func TestPassages(t *testing.T) {
	lib := buildDemo(t).Library(loket.AudiencePublic)
	ps, err := lib.Passages(context.Background(), loket.PassageQuery{Text: "Wat kost een monteur als de storing in mijn eigen bekabeling zit?", Locale: "nl"})
	if err != nil || len(ps) == 0 {
		t.Fatalf("passages: %v %d", err, len(ps))
	}
	top := ps[0]
	if !strings.Contains(top.Section.Text+top.Section.Heading, "65") || top.Confidence <= 0 || top.Confidence > 1 {
		t.Errorf("top passage = %s / %q: %.80q (confidence %.2f)", top.Article.ID, top.Section.Heading, top.Section.Text, top.Confidence)
	}
	for _, p := range ps {
		if p.Article.Audience != loket.AudiencePublic || p.Article.Locale != "nl" {
			t.Errorf("passage from %s (%s, %s)", p.Article.ID, p.Article.Audience, p.Article.Locale)
		}
	}
	if len(ps) > 5 {
		t.Errorf("%d passages, want at most 5", len(ps))
	}
	// An unrelated question has low confidence.
	ps, _ = lib.Passages(context.Background(), loket.PassageQuery{Text: "Wie won de Tour de France in 1989?", Locale: "nl"})
	if len(ps) > 0 && ps[0].Confidence >= 0.35 {
		t.Errorf("off-topic question: confidence %.2f for %s", ps[0].Confidence, ps[0].Article.ID)
	}
	internal := buildDemo(t).Library(loket.AudienceInternal)
	ps, _ = internal.Passages(context.Background(), loket.PassageQuery{Text: "Welke retentiekorting mag ik geven als een klant wil opzeggen?", Locale: "nl"})
	if len(ps) == 0 || ps[0].Article.Audience != loket.AudienceInternal {
		t.Errorf("agents' passages lack the internal retention article: %v", ps)
	}
}
