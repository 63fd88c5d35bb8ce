package content_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

func TestLinks(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/internet/storing.md": doc("title: Storing", `Lees eerst [de meterstand](../energie/meterstand.md#doorgeven)
en [herstarten](modem%20herstarten.md) of [de gids](geen-internet.md).
Kijk op [de site](https://helder.example/storingen), mail [ons](mailto:klant@helder.example),
bel [ons](tel:+31881234599) of lees [de voorwaarden](https://helder.example/voorwaarden.md).
Een [plaatje](modem.png) en [boven](#top).
`),
		"nl/energie/meterstand.md":         doc("title: Meterstand", "Body.\n"),
		"nl/internet/modem herstarten.md":  doc("title: Herstarten\nid: internet/modem-herstarten", "Body.\n"),
		"nl/internet/geen-internet.md":     doc("title: Geen internet\ntype: guide", "## Start {#start}\n\nResolved\n"),
		"en/internet/storing.md":           doc("title: Outage", "See [meter](../energie/meterstand.md).\n"),
		"en/energie/meterstand.md":         doc("title: Meter reading", "Body.\n"),
		"nl/internet/storing-intern.md":    doc("title: Intern\naudience: internal", "Zie [storing](storing.md) en [intern](intern-2.md).\n"),
		"nl/internet/intern-2.md":          doc("title: Intern 2\naudience: internal", "Body.\n"),
		"nl/internet/custom-url-target.md": doc("title: T", "Body.\n"),
	}), content.Options{})
	if len(s.Diagnostics) != 0 {
		t.Fatalf("diagnostics:\n%s", diagList(s.Diagnostics))
	}
	html := string(s.Article("nl", "internet/storing").HTML)
	for _, w := range []string{
		`<a href="/nl/articles/energie/meterstand#doorgeven">de meterstand</a>`,
		`<a href="/nl/articles/internet/modem-herstarten">herstarten</a>`,
		`<a href="/nl/guides/internet/geen-internet">de gids</a>`,
		`<a href="https://helder.example/storingen" rel="nofollow">de site</a>`,
		`<a href="mailto:klant@helder.example">ons</a>`,
		`<a href="tel:+31881234599">ons</a>`,
		`<a href="https://helder.example/voorwaarden.md" rel="nofollow">de voorwaarden</a>`,
		`<a href="modem.png">plaatje</a>`,
		`<a href="#top">boven</a>`,
	} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
	if en := string(s.Article("en", "internet/storing").HTML); !strings.Contains(en, `href="/en/articles/energie/meterstand"`) {
		t.Errorf("a link resolves in the locale of the file it names:\n%s", en)
	}
	if in := string(s.Article("nl", "internet/storing-intern").HTML); !strings.Contains(in, `href="/nl/articles/internet/storing"`) || !strings.Contains(in, `href="/nl/articles/internet/intern-2"`) {
		t.Errorf("an internal document may link to public and internal ones:\n%s", in)
	}
}

func TestLinksURLOption(t *testing.T) {
	url := func(kind loket.Kind, locale loket.Locale, id string) string {
		return "/help/" + string(locale) + "/" + string(kind) + "/" + id
	}
	s := load(t, mapFS(map[string]string{
		"nl/a.md": doc("title: A", "[B](b.md)\n"),
		"nl/b.md": doc("title: B", "Body.\n"),
	}), content.Options{URL: url})
	a := s.Article("nl", "a")
	if a.URL != "/help/nl/article/a" || !strings.Contains(string(a.HTML), `href="/help/nl/article/b"`) {
		t.Errorf("URL %q, HTML %s; want the URL scheme of Options.URL", a.URL, a.HTML)
	}
}

func TestLinkErrors(t *testing.T) {
	tests := []struct {
		name, body string
		line       int
		msg        string
		text       string // the link's text, still in the HTML
		banned     string // never in the HTML
	}{
		{"missing file", "Eerst.\n\nZie [de uitleg](bestaat-niet.md).\n", 6, "link to nl/bestaat-niet.md, which does not exist", "de uitleg", "bestaat-niet"},
		{"missing folder", "Zie [de uitleg](../energie/weg.md#x).\n", 4, "link to energie/weg.md, which does not exist", "de uitleg", "weg"},
		{"outside the folder", "Zie [iets](../../buiten.md).\n", 4, "points outside the content folder", "iets", "buiten"},
		{"internal", "Tekst.\nZie [de procedure](intern.md#stap).\n", 5, "link to internal nl/intern.md from a public document", "de procedure", "/nl/articles/intern"},
		{"draft", "Zie [het concept](concept.md).\n", 4, "link to nl/concept.md, which is a draft", "het concept", "/nl/articles/concept"},
		{"broken file", "Zie [kapot](kapot.md).\n", 4, "link to nl/kapot.md, which does not exist", "kapot", "/nl/articles/kapot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{
				"nl/a.md":       doc("title: A", tt.body),
				"nl/intern.md":  doc("title: Intern\naudience: internal", "Geheim.\n"),
				"nl/concept.md": doc("title: Concept\ndraft: true", "Nog niet.\n"),
				"nl/kapot.md":   doc("title: [", ""),
			}), content.Options{})
			findDiag(t, s, content.SeverityError, "nl/a.md", tt.line, tt.msg)
			a := s.Article("nl", "a")
			if a == nil {
				t.Fatal("an article with a broken link is not published")
			}
			html := string(a.HTML)
			if !strings.Contains(html, tt.text) || strings.Contains(html, tt.banned) || strings.Contains(html, "<a") || strings.Contains(html, "loket-link") {
				t.Errorf("HTML %s; want the text %q as plain text", html, tt.text)
			}
		})
	}
}

func TestRelated(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/a.md":        doc("title: A\nowner: x\nrelated: [b, weg, intern, concept, g]", "Body.\n"),
		"nl/b.md":        doc("title: B", "Body.\n"),
		"nl/g.md":        doc("title: G\ntype: guide", "## S {#s}\n\nResolved\n"),
		"nl/intern.md":   doc("title: Intern\naudience: internal\nrelated: [b, intern-2]", "Body.\n"),
		"nl/intern-2.md": doc("title: Intern 2\naudience: internal", "Body.\n"),
		"nl/concept.md":  doc("title: Concept\ndraft: true", "Body.\n"),
		"en/b.md":        doc("title: B\nrelated: [a]", "Body.\n"),
	}), content.Options{})
	findDiag(t, s, content.SeverityError, "nl/a.md", 4, `related "weg" does not exist in locale nl`)
	findDiag(t, s, content.SeverityError, "nl/a.md", 4, `related "intern" is internal`)
	findDiag(t, s, content.SeverityError, "nl/a.md", 4, `related "concept" does not exist`)
	findDiag(t, s, content.SeverityError, "en/b.md", 3, `related "a" does not exist in locale en`)
	if got := s.Article("nl", "a").Related; !slices.Equal(got, []string{"b", "g"}) {
		t.Errorf("Related = %q; want the ids that resolve and may be shown", got)
	}
	if got := s.Article("nl", "intern").Related; !slices.Equal(got, []string{"b", "intern-2"}) {
		t.Errorf("internal Related = %q", got)
	}
	noDiags(t, s, "nl/intern.md")
}

func TestDuplicateID(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/a/storing.md": doc("title: Eerste", "Body.\n"),
		"nl/b.md":         doc("title: Tweede\nid: a/storing", "Body.\n"),
		"nl/c.md":         doc("title: Derde\n\nid: a/storing", "Body.\n"),
		"en/a/storing.md": doc("title: Other locale", "Body.\n"),
		"nl/guide.md":     doc("title: Gids\ntype: guide\nid: a/storing", "## S {#s}\n\nResolved\n"),
		"nl/elsewhere.md": doc("title: Elsewhere", "[x](b.md)\n"),
	}), content.Options{})
	if a := s.Article("nl", "a/storing"); a == nil || a.Title != "Eerste" {
		t.Errorf("article = %+v; want the first by path", a)
	}
	findDiag(t, s, content.SeverityError, "nl/b.md", 3, `id "a/storing" is already used in locale nl by nl/a/storing.md`)
	findDiag(t, s, content.SeverityError, "nl/c.md", 4, `id "a/storing" is already used`)
	findDiag(t, s, content.SeverityError, "nl/guide.md", 4, `id "a/storing" is already used`)
	if s.Guide("nl", "a/storing") != nil {
		t.Error("a guide with a used id is published")
	}
	if a := s.Article("en", "a/storing"); a == nil {
		t.Error("the same id in another locale is not published")
	}
	findDiag(t, s, content.SeverityError, "nl/elsewhere.md", 4, "link to nl/b.md, which does not exist")
}
