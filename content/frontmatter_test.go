package content_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

func TestFrontMatterKeys(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/internet/geen-internet.md": doc(`title: Geen internet thuis
category: internet
tags: [storing, wifi, modem]
questions:
  - Mijn internet doet het niet
  - Waarom heb ik geen wifi?
voice: >-
  Haal de stekker uit het stopcontact
  en wacht drie minuten.
related: [internet/modem-herstarten]
updated: 2026-10-14
owner: team-internet
boost: 1.5
audience: public
type: article
draft: false`, "Is je internet weg?\n"),
		"nl/internet/modem-herstarten.md": doc("title: Modem herstarten", "Body.\n"),
		"nl/internet/concept.md":          doc("title: Concept\ndraft: true", "Not yet.\n"),
		"nl/internet/stappen.md":          doc("title: Stappen\ntype: guide\nphone: true", "## Start {#start}\n\nResolved\n"),
	}), content.Options{})
	noDiags(t, s, "nl/internet/geen-internet.md", "nl/internet/concept.md", "nl/internet/stappen.md")

	a := s.Article("nl", "internet/geen-internet")
	if a == nil {
		t.Fatalf("article not published; diagnostics:\n%s", diagList(s.Diagnostics))
	}
	want := loket.Meta{
		Kind:      loket.KindArticle,
		ID:        "internet/geen-internet",
		Locale:    "nl",
		Title:     "Geen internet thuis",
		Audience:  loket.AudiencePublic,
		Category:  "internet",
		Tags:      []string{"storing", "wifi", "modem"},
		Questions: []string{"Mijn internet doet het niet", "Waarom heb ik geen wifi?"},
		Voice:     "Haal de stekker uit het stopcontact en wacht drie minuten.",
		Related:   []string{"internet/modem-herstarten"},
		Updated:   time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC),
		Owner:     "team-internet",
		Boost:     1.5,
		URL:       "/nl/articles/internet/geen-internet",
		Path:      "nl/internet/geen-internet.md",
	}
	if !reflect.DeepEqual(a.Meta, want) {
		t.Errorf("Meta =\n%+v\nwant\n%+v", a.Meta, want)
	}
	if s.Article("nl", "internet/concept") != nil || s.Drafts != 1 {
		t.Errorf("draft: published %v, Drafts = %d; want unpublished, 1", s.Article("nl", "internet/concept") != nil, s.Drafts)
	}
	g := s.Guide("nl", "internet/stappen")
	if g == nil || !g.Phone || g.Kind != loket.KindGuide || g.URL != "/nl/guides/internet/stappen" {
		t.Errorf("guide = %+v; want a phone guide at /nl/guides/internet/stappen", g)
	}
}

func TestFrontMatterDefaults(t *testing.T) {
	tests := []struct {
		path, frontMatter string
		opts              content.Options
		locale            loket.Locale
		id                string
	}{
		{"nl/internet/storing.md", "title: T", content.Options{}, "nl", "internet/storing"},
		{"en/billing/refund.md", "title: T", content.Options{}, "en", "billing/refund"},
		{"nl-BE/factuur.md", "title: T", content.Options{}, "nl-BE", "factuur"},
		{"faq/vraag.md", "title: T", content.Options{}, "nl", "faq/vraag"},
		{"top.md", "title: T", content.Options{}, "nl", "top"},
		{"top.md", "title: T", content.Options{DefaultLocale: "en"}, "en", "top"},
		{"Top.MD", "title: T", content.Options{}, "nl", "Top"},
		{"nl/a/b.md", "title: T\nid: andere/naam", content.Options{}, "nl", "andere/naam"},
		{"nl/a/b.md", "title: T\nid: /slashes/", content.Options{}, "nl", "slashes"},
		{"nl/a/b.md", "title: T\nlocale: EN", content.Options{}, "en", "a/b"},
		{"algemeen/b.md", "title: T\nlocale: nl-be", content.Options{}, "nl-BE", "algemeen/b"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.frontMatter, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{tt.path: doc(tt.frontMatter, "Body.\n")}), tt.opts)
			noDiags(t, s, tt.path)
			if len(s.Articles) != 1 {
				t.Fatalf("%d articles; want 1", len(s.Articles))
			}
			a := s.Articles[0]
			if a.Locale != tt.locale || a.ID != tt.id {
				t.Errorf("locale, id = %q, %q; want %q, %q", a.Locale, a.ID, tt.locale, tt.id)
			}
			if a.Audience != loket.AudiencePublic || a.Boost != 1 || a.Kind != loket.KindArticle {
				t.Errorf("audience, boost, kind = %q, %v, %q; want public, 1, article", a.Audience, a.Boost, a.Kind)
			}
			if s.Article(tt.locale, tt.id) != a {
				t.Errorf("Snapshot.Article(%q, %q) does not return the article", tt.locale, tt.id)
			}
		})
	}
}

func TestFrontMatterUnknownKeys(t *testing.T) {
	files := map[string]string{
		"nl/a.md": doc("title: A\nzendesk_id: 4711\nlabels: {team: x}", "Body.\n"),
		"nl/b.md": doc("title: B\ntitel: Typo", "Body.\n"),
	}
	t.Run("warnings", func(t *testing.T) {
		s := load(t, mapFS(files), content.Options{})
		if s.Errors() != 0 {
			t.Fatalf("errors:\n%s", diagList(s.Diagnostics))
		}
		a := s.Article("nl", "a")
		if a == nil {
			t.Fatal("a is not published")
		}
		wantExtra := map[string]any{"zendesk_id": 4711, "labels": map[string]any{"team": "x"}}
		if !reflect.DeepEqual(a.Extra, wantExtra) {
			t.Errorf("Extra = %#v; want %#v", a.Extra, wantExtra)
		}
		findDiag(t, s, content.SeverityWarning, "nl/a.md", 3, `unknown front-matter key "zendesk_id"`)
		findDiag(t, s, content.SeverityWarning, "nl/a.md", 4, `"labels"`)
		d := findDiag(t, s, content.SeverityWarning, "nl/b.md", 3, `"titel"`)
		if want := `did you mean "title"?`; !strings.Contains(d.Message, want) {
			t.Errorf("message %q lacks the hint %q", d.Message, want)
		}
		if b := s.Article("nl", "b"); b == nil || b.Extra["titel"] != "Typo" {
			t.Errorf("b = %+v; want published with Extra[titel]", b)
		}
	})
	t.Run("strict", func(t *testing.T) {
		s := load(t, mapFS(files), content.Options{Strict: true})
		findDiag(t, s, content.SeverityError, "nl/a.md", 3, `unknown front-matter key "zendesk_id"`)
		findDiag(t, s, content.SeverityError, "nl/b.md", 3, `did you mean "title"?`)
		if len(s.Articles) != 0 {
			t.Errorf("%d articles published; want none in strict mode", len(s.Articles))
		}
	})
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"boost text", doc("title: T\nboost: high", ""), 3, `boost: must be a number such as 1.5, not "high"`},
		{"boost range", doc("title: T\nboost: 20", ""), 3, "boost: must be between 0.1 and 10"},
		{"tags mapping", doc("title: T\nowner: x\ntags: {a: b}", ""), 4, "tags: must be a list of text, not a mapping"},
		{"tags nested", doc("title: T\ntags:\n  - a\n  - [b, c]", ""), 3, "item on line 5 is a list"},
		{"draft maybe", doc("title: T\ndraft: maybe", ""), 3, `draft: must be true or false, not "maybe"`},
		{"phone number", doc("title: T\nphone: 3", ""), 3, "phone: must be true or false"},
		{"updated yesterday", doc("title: T\n\nupdated: yesterday", ""), 4, `updated: "yesterday" is not a date`},
		{"title list", doc("title: [a, b]", ""), 2, "title: must be text, not a list"},
		{"type unknown", doc("title: T\ntype: faq", ""), 3, `type "faq" is unknown`},
		{"audience unknown", doc("title: T\naudience: everyone", ""), 3, `audience "everyone" is unknown`},
		{"locale invalid", doc("title: T\nlocale: dutch", ""), 3, `locale: "dutch" is not a locale`},
		{"id invalid", doc("title: T\nid: a/../b", ""), 3, `id "a/../b" is not valid`},
		{"duplicate key", doc("title: T\nowner: a\ntitle: U", ""), 4, `key "title" appears twice`},
		{"missing title", doc("owner: x", "Body.\n"), 1, "missing title"},
		{"empty title", doc("title: \"  \"", "Body.\n"), 1, "missing title"},
		{"empty front matter", "---\n---\nBody.\n", 1, "the front matter is empty"},
		{"front matter not a mapping", doc("- a\n- b", ""), 2, "must be a list of keys with values"},
		{"no front matter", "# Title\n\nBody.\n", 1, "no front matter"},
		{"not closed", "---\ntitle: T\nBody.\n", 1, "the front matter is not closed"},
		{"only dashes", "---", 1, "the front matter is not closed"},
		{"empty file", "", 1, "no front matter"},
		{"yaml unclosed list", doc("title: T\ntags: [a, b\nowner: x", ""), 3, "malformed front matter: did not find expected ',' or ']'"},
		{"yaml bad indentation", doc("title: T\n  owner: x", ""), 3, "malformed front matter: mapping values are not allowed"},
		{"yaml tab", doc("title: T\n\towner: x", ""), 3, "malformed front matter: found a tab character"},
		{"yaml list in mapping", doc("title: T\nowner: x\n- b", ""), 4, "malformed front matter: did not find expected key"},
		{"yaml first line", doc("title: a: b", ""), 2, "malformed front matter: mapping values are not allowed"},
		{"yaml unclosed quote", doc("title: T\nowner: \"x", ""), 3, "malformed front matter: found unexpected end of stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{
				"nl/bad.md":  tt.src,
				"nl/good.md": doc("title: Good", "Body.\n"),
			}), content.Options{})
			findDiag(t, s, content.SeverityError, "nl/bad.md", tt.line, tt.msg)
			if s.Article("nl", "bad") != nil {
				t.Error("the file with an error is published")
			}
			if s.Article("nl", "good") == nil {
				t.Error("the good file is not published")
			}
			noDiags(t, s, "nl/good.md")
		})
	}
}

func TestFrontMatterLineEndings(t *testing.T) {
	src := "\xef\xbb\xbf---\r\ntitle: Windows\r\nboost: high\r\n---\r\nBody.\r\n"
	s := load(t, mapFS(map[string]string{"nl/win.md": src}), content.Options{})
	findDiag(t, s, content.SeverityError, "nl/win.md", 3, "boost")

	src = "\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\nFirst line.\r\nSecond line.\r\n"
	s = load(t, mapFS(map[string]string{"nl/win.md": src}), content.Options{})
	a := s.Article("nl", "win")
	if a == nil || a.Title != "Windows" || a.Summary != "First line. Second line." {
		t.Errorf("article = %+v; want title Windows and the summary without carriage returns", a)
	}
}
