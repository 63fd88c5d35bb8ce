package content_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

// render loads one article with the given body and returns it.
func render(tb testing.TB, body string) *loket.Article {
	tb.Helper()
	s := load(tb, mapFS(map[string]string{"nl/a.md": doc("title: A", body)}), content.Options{})
	a := s.Article("nl", "a")
	if a == nil {
		tb.Fatalf("not published; diagnostics:\n%s", diagList(s.Diagnostics))
	}
	return a
}

func TestRenderMarkdown(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"table", "| Pakket | Prijs |\n|---|---:|\n| Basis | € 40 |\n",
			[]string{"<table>", "<th>Pakket</th>", `<td align="right">€ 40</td>`}},
		{"task list", "- [ ] open\n- [x] klaar\n",
			[]string{`<input disabled="" type="checkbox"> open`, `<input checked="" disabled="" type="checkbox"> klaar`}},
		{"strikethrough", "~~oud~~ nieuw\n", []string{"<del>oud</del> nieuw"}},
		{"autolink", "Zie https://helder.example/storingen.\n", []string{`<a href="https://helder.example/storingen" rel="nofollow">https://helder.example/storingen</a>`}},
		{"auto heading id", "## Modem herstarten\n", []string{`<h2 id="modem-herstarten">Modem herstarten</h2>`}},
		{"custom heading id", "## Modem herstarten {#herstart}\n", []string{`<h2 id="herstart">Modem herstarten</h2>`}},
		{"footnotes", "Gratis[^1].\n\n[^1]: Binnen twee werkdagen.\n", []string{
			`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
			`<div class="footnotes" role="doc-endnotes">`,
			`<li id="fn:1">`, "Binnen twee werkdagen.",
		}},
		{"absolute links", "[web](https://helder.example/x) [mail](mailto:klant@helder.example) [bel](tel:+31881234599) [anker](#boven)\n", []string{
			`<a href="https://helder.example/x" rel="nofollow">web</a>`,
			`<a href="mailto:klant@helder.example">mail</a>`,
			`<a href="tel:+31881234599">bel</a>`,
			`<a href="#boven">anker</a>`,
		}},
		{"harmless html", "Druk op <kbd>Ctrl</kbd>+<kbd>C</kbd>, <mark>let op</mark>, <abbr title=\"Digital Subscriber Line\">DSL</abbr>, H<sub>2</sub>O, m<sup>2</sup>.\n\n<details><summary>Meer</summary>\n\nVerborgen tekst.\n\n</details>\n",
			[]string{"<kbd>Ctrl</kbd>", "<mark>let op</mark>", `<abbr title="Digital Subscriber Line">DSL</abbr>`, "H<sub>2</sub>O", "m<sup>2</sup>", "<details><summary>Meer</summary>", "</details>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := string(render(t, tt.body).HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %s:\n%s", w, html)
				}
			}
		})
	}
}

func TestRenderSanitises(t *testing.T) {
	tests := []struct {
		name, body string
		banned     []string
		kept       string
	}{
		{"script block", "Voor.\n\n<script>alert('x')</script>\n\nNa.\n", []string{"<script", "alert"}, "Na."},
		{"inline script", "Voor <script>alert('x')</script> na.\n", []string{"<script", "alert"}, "na."},
		{"onclick", "<p onclick=\"steal()\">Klik</p>\n", []string{"onclick", "steal"}, "Klik"},
		{"javascript link markdown", "[klik](javascript:alert(1))\n", []string{"javascript:"}, "klik"},
		{"javascript link html", "<a href=\"javascript:alert(1)\">klik</a>\n", []string{"javascript:", "href"}, "klik"},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>\n\nTekst.\n", []string{"<iframe", "evil.example"}, "Tekst."},
		{"style", "<style>body { display: none }</style>\n\nTekst.\n", []string{"<style", "display"}, "Tekst."},
		{"style attribute", "<span style=\"position:fixed\">x</span>\n", []string{"style=", "position"}, "x"},
		{"form", "<form action=\"https://evil.example\"><input name=\"pin\"></form>\n\nTekst.\n", []string{"<form", "<input", "evil.example"}, "Tekst."},
		{"img onerror", "<img src=\"x.png\" onerror=\"steal()\">\n", []string{"onerror", "steal"}, "x.png"},
		{"object", "<object data=\"x.swf\"></object>\n\nTekst.\n", []string{"<object"}, "Tekst."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := render(t, tt.body)
			html := string(a.HTML)
			for _, b := range tt.banned {
				if strings.Contains(html, b) {
					t.Errorf("HTML contains %q:\n%s", b, html)
				}
			}
			if !strings.Contains(html, tt.kept) {
				t.Errorf("HTML lost %q:\n%s", tt.kept, html)
			}
			for _, b := range append(tt.banned, "<") {
				if strings.Contains(a.Text+a.Summary, b) {
					t.Errorf("Text or Summary holds %q: %q, %q", b, a.Text, a.Summary)
				}
			}
		})
	}
}

func TestSections(t *testing.T) {
	a := render(t, `Is je internet weg? Loop deze stappen
door voordat je belt.

Een tweede alinea met **vet** en `+"`code`"+`.

## Modem herstarten

Haal de stekker uit het stopcontact.

### Wacht drie minuten {#wachten}

Zo lang duurt het opstarten.

## Wat kost een monteur?

| Geval | Prijs |
|---|---|
| Storing bij ons | gratis |

- Eerste punt
- Tweede punt
`)
	want := []loket.Section{
		{Anchor: "", Heading: "", Level: 0, Text: "Is je internet weg? Loop deze stappen door voordat je belt.\nEen tweede alinea met vet en code."},
		{Anchor: "modem-herstarten", Heading: "Modem herstarten", Level: 2, Text: "Haal de stekker uit het stopcontact."},
		{Anchor: "wachten", Heading: "Wacht drie minuten", Level: 3, Text: "Zo lang duurt het opstarten."},
		{Anchor: "wat-kost-een-monteur", Heading: "Wat kost een monteur?", Level: 2, Text: "Geval | Prijs\nStoring bij ons | gratis\nEerste punt\nTweede punt"},
	}
	if !reflect.DeepEqual(a.Sections, want) {
		t.Errorf("Sections =\n%#v\nwant\n%#v", a.Sections, want)
	}
	if want := "Is je internet weg? Loop deze stappen door voordat je belt."; a.Summary != want {
		t.Errorf("Summary = %q; want %q", a.Summary, want)
	}
	for _, s := range a.Sections[1:] {
		if !strings.Contains(string(a.HTML), `id="`+s.Anchor+`"`) {
			t.Errorf("HTML has no heading with id %q", s.Anchor)
		}
	}
	for _, w := range []string{"Modem herstarten", "Tweede punt", "Storing bij ons | gratis", "vet en code"} {
		if !strings.Contains(a.Text, w) {
			t.Errorf("Text lacks %q:\n%s", w, a.Text)
		}
	}
	for _, b := range []string{"**", "`", "##", "<"} {
		if strings.Contains(a.Text, b) {
			t.Errorf("Text holds markup %q:\n%s", b, a.Text)
		}
	}
}

func TestSummarySkipsHeadings(t *testing.T) {
	a := render(t, "## Eerst een kop\n\n- een lijst\n\nDan de alinea.\n")
	if a.Summary != "Dan de alinea." {
		t.Errorf("Summary = %q; want the first paragraph", a.Summary)
	}
	if len(a.Sections) != 1 || a.Sections[0].Heading != "Eerst een kop" {
		t.Errorf("Sections = %+v; want one, without a lead section", a.Sections)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Wat kost één monteur?":      "wat-kost-een-monteur",
		"Storing & onderhoud (Zuid)": "storing-onderhoud-zuid",
		"  Ça va, Zoë?  ":            "ca-va-zoe",
		"2-stapsverificatie":         "2-stapsverificatie",
		"???":                        "",
	} {
		if got := content.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadingIDsFoldAccents(t *testing.T) {
	snap, err := content.Load(fstest.MapFS{
		"nl/a.md":       {Data: []byte("---\ntitle: A\n---\n\n## Wat kost één monteur?\n\n## Wat kost één monteur?\n\n## Eigen {#mijn-id}\n")},
		"tv/zenders.md": {Data: []byte("---\ntitle: Zenders\n---\n\nTekst.\n")},
	}, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := snap.Article("nl", "a")
	for _, want := range []string{`id="wat-kost-een-monteur"`, `id="wat-kost-een-monteur-1"`, `id="mijn-id"`} {
		if !strings.Contains(string(a.HTML), want) {
			t.Errorf("HTML lacks %s:\n%s", want, a.HTML)
		}
	}
	if a.Sections[0].Anchor != "wat-kost-een-monteur" {
		t.Errorf("section anchor = %q", a.Sections[0].Anchor)
	}
	// "tv" is no language: the folder is part of the id, in the default locale.
	if snap.Article("nl", "tv/zenders") == nil {
		t.Errorf("tv/zenders.md not loaded as nl article tv/zenders; locales %v", snap.Locales())
	}
}
