package content_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
)

func loadDemo(tb testing.TB, opts content.Options) *content.Snapshot {
	tb.Helper()
	s, err := content.Load(demo.FS(), opts)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return s
}

func TestDemoLoadsClean(t *testing.T) {
	for _, strict := range []bool{false, true} {
		s := loadDemo(t, content.Options{Strict: strict})
		if len(s.Diagnostics) != 0 {
			t.Errorf("strict %v: diagnostics:\n%s", strict, diagList(s.Diagnostics))
		}
		if s.Drafts != 0 || s.Files != len(s.Articles)+len(s.Guides) {
			t.Errorf("strict %v: %d files, %d drafts, %d published", strict, s.Files, s.Drafts, len(s.Articles)+len(s.Guides))
		}
	}
}

func TestDemoContent(t *testing.T) {
	s := loadDemo(t, content.Options{})
	if got := s.Locales(); !slices.Equal(got, []loket.Locale{"nl", "en"}) {
		t.Errorf("Locales = %v; want nl first, then en", got)
	}
	count := func(keep func(*loket.Meta) bool) int {
		n := 0
		for _, m := range s.Documents() {
			if keep(m) {
				n++
			}
		}
		return n
	}
	nlArticles := 0
	for _, a := range s.Articles {
		if a.Locale == "nl" && a.Audience == loket.AudiencePublic {
			nlArticles++
		}
	}
	if nlArticles < 40 {
		t.Errorf("%d public Dutch articles; want at least 40", nlArticles)
	}
	if n := count(func(m *loket.Meta) bool { return m.Locale == "nl" && m.Audience == loket.AudienceInternal }); n < 5 {
		t.Errorf("%d internal Dutch documents; want at least 5", n)
	}
	if n := count(func(m *loket.Meta) bool { return m.Locale == "nl" && m.Kind == loket.KindGuide }); n < 3 {
		t.Errorf("%d Dutch guides; want at least 3", n)
	}
	if n := count(func(m *loket.Meta) bool { return m.Locale == "nl" && m.Voice != "" }); n < 20 {
		t.Errorf("%d Dutch documents with a voice answer; want at least 20", n)
	}

	nl, translated := 0, 0
	for _, m := range s.Documents() {
		if m.Locale != "nl" {
			continue
		}
		nl++
		if s.Meta(loket.Key{Kind: m.Kind, Locale: "en", ID: m.ID}) != nil {
			translated++
		}
	}
	if translated*2 <= nl {
		t.Errorf("%d of %d Dutch documents have an English translation; want most", translated, nl)
	}
	for _, m := range s.Documents() {
		if m.Locale == "en" && s.Meta(loket.Key{Kind: m.Kind, Locale: "nl", ID: m.ID}) == nil {
			t.Errorf("%s has no Dutch original", m.Path)
		}
	}

	for _, locale := range []loket.Locale{"nl", "en"} {
		if len(s.Synonyms(locale)) == 0 {
			t.Errorf("no synonyms for %s", locale)
		}
		if len(s.Categories(locale)) == 0 {
			t.Errorf("no categories for %s", locale)
		}
	}
	if !hasSynonyms(s.Synonyms("nl"), "wachtwoord", "paswoord") {
		t.Errorf("nl synonyms do not make wachtwoord and paswoord equal: %v", s.Synonyms("nl"))
	}
}

func hasSynonyms(groups []content.SynonymGroup, a, b string) bool {
	for _, g := range groups {
		if len(g.Input) == 0 && slices.Contains(g.Synonyms, a) && slices.Contains(g.Synonyms, b) {
			return true
		}
	}
	return false
}

// TestDemoInternalUnreachable checks that no public document leads to an
// internal one: not by a link, a related id or a guide's ending.
func TestDemoInternalUnreachable(t *testing.T) {
	s := loadDemo(t, content.Options{})
	internal := map[loket.Key]*loket.Meta{}
	for _, m := range s.Documents() {
		if m.Audience == loket.AudienceInternal {
			internal[m.Key()] = m
		}
	}
	isInternal := func(locale loket.Locale, id string) bool {
		return internal[loket.Key{Kind: loket.KindArticle, Locale: locale, ID: id}] != nil ||
			internal[loket.Key{Kind: loket.KindGuide, Locale: locale, ID: id}] != nil
	}
	leaks := func(m *loket.Meta, html string) {
		for _, in := range internal {
			if strings.Contains(html, `href="`+in.URL+`"`) || strings.Contains(html, `href="`+in.URL+`#`) {
				t.Errorf("public %s links to internal %s", m.Path, in.Path)
			}
		}
		for _, id := range m.Related {
			if isInternal(m.Locale, id) {
				t.Errorf("public %s lists internal %s as related", m.Path, id)
			}
		}
	}
	for _, a := range s.Articles {
		if a.Audience == loket.AudiencePublic {
			leaks(&a.Meta, string(a.HTML))
		}
	}
	for _, g := range s.Guides {
		if g.Audience != loket.AudiencePublic {
			continue
		}
		html := string(g.Intro)
		for _, st := range g.Steps {
			html += string(st.HTML)
			if st.Ending != nil && st.Ending.Article != "" && isInternal(g.Locale, st.Ending.Article) {
				t.Errorf("public guide %s ends with internal %s", g.Path, st.Ending.Article)
			}
		}
		leaks(&g.Meta, html)
	}
}
