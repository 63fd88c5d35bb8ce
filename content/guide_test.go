package content_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

const validGuide = `---
type: guide
title: Geen internet thuis
phone: true
---

Loop deze stappen door. Zie ook [de storingskaart](storingskaart.md).

## Brandt het lampje Internet? {#lampje}

Het lampje zit aan de **voorkant**.

- [Ja, het brandt groen](#wifi)
- [Nee, het is rood of uit](#herstart)

## Herstart het modem {#herstart}

Haal de stekker 30 seconden uit het stopcontact.

### Let op

Druk niet op de resetknop.

- [Het werkt weer](#opgelost)
- [Het werkt nog steeds niet](#monteur)

## Werkt wifi op een ander apparaat?

- [Ja](#opgelost-ander)
- [Nee](#herstart)
- [Terug naar het begin](#lampje)

## Opgelost {#opgelost}

Fijn dat het weer werkt.

Resolved: [Modem herstarten](modem-herstarten.md)

## Opgelost op een ander apparaat {#opgelost-ander}

Resolved: internet/modem-herstarten

## Monteur inplannen {#monteur}

Plan een monteur in.

Escalate: technische-dienst
`

func TestGuide(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/internet/geen-internet.md":    strings.Replace(validGuide, "(#wifi)", "(#werkt-wifi-op-een-ander-apparaat)", 1),
		"nl/internet/modem-herstarten.md": doc("title: Modem herstarten", "Body.\n"),
		"nl/internet/storingskaart.md":    doc("title: Storingskaart", "Body.\n"),
	}), content.Options{})
	if len(s.Diagnostics) != 0 {
		t.Fatalf("diagnostics:\n%s", diagList(s.Diagnostics))
	}
	g := s.Guide("nl", "internet/geen-internet")
	if g == nil {
		t.Fatal("guide not published")
	}
	if s.Article("nl", "internet/geen-internet") != nil || len(s.Guides) != 1 {
		t.Error("a guide is also listed as an article")
	}
	if !g.Phone || g.Title != "Geen internet thuis" || g.Kind != loket.KindGuide {
		t.Errorf("meta = %+v", g.Meta)
	}
	if g.Start != "lampje" {
		t.Errorf("Start = %q; want the first step", g.Start)
	}
	if want := `<p>Loop deze stappen door. Zie ook <a href="/nl/articles/internet/storingskaart">de storingskaart</a>.</p>`; strings.TrimSpace(string(g.Intro)) != want {
		t.Errorf("Intro = %s; want %s", g.Intro, want)
	}

	var ids []string
	for _, st := range g.Steps {
		ids = append(ids, st.ID)
	}
	if got, want := strings.Join(ids, " "), "lampje herstart werkt-wifi-op-een-ander-apparaat opgelost opgelost-ander monteur"; got != want {
		t.Errorf("steps %s; want %s", got, want)
	}

	lampje := g.Step("lampje")
	wantChoices := []loket.Choice{{Label: "Ja, het brandt groen", Next: "werkt-wifi-op-een-ander-apparaat"}, {Label: "Nee, het is rood of uit", Next: "herstart"}}
	if lampje == nil || !reflect.DeepEqual(lampje.Choices, wantChoices) || lampje.Ending != nil {
		t.Fatalf("step lampje = %+v; want choices %+v", lampje, wantChoices)
	}
	if lampje.Title != "Brandt het lampje Internet?" || strings.TrimSpace(string(lampje.HTML)) != "<p>Het lampje zit aan de <strong>voorkant</strong>.</p>" || lampje.Text != "Het lampje zit aan de voorkant." {
		t.Errorf("step lampje: title %q, HTML %q, text %q", lampje.Title, lampje.HTML, lampje.Text)
	}
	if h := string(g.Step("herstart").HTML); !strings.Contains(h, "<h3") || !strings.Contains(h, "resetknop") || strings.Contains(h, "Het werkt weer") {
		t.Errorf("step herstart HTML keeps level-3 headings and leaves out the choices: %s", h)
	}

	endings := map[string]loket.Ending{
		"opgelost":       {Kind: loket.EndResolved, Article: "internet/modem-herstarten"},
		"opgelost-ander": {Kind: loket.EndResolved, Article: "internet/modem-herstarten"},
		"monteur":        {Kind: loket.EndEscalate, Team: "technische-dienst"},
	}
	for id, want := range endings {
		st := g.Step(id)
		if st == nil || st.Ending == nil || *st.Ending != want || len(st.Choices) != 0 {
			t.Errorf("step %s = %+v; want ending %+v", id, st, want)
		}
	}
	if strings.Contains(string(g.Step("opgelost").HTML), "Resolved") {
		t.Errorf("the ending line is rendered: %s", g.Step("opgelost").HTML)
	}
	if g.Step("nowhere") != nil {
		t.Error("Step of an unknown id is not nil")
	}
	for _, w := range []string{"Loop deze stappen door", "Herstart het modem", "resetknop", "Nee, het is rood of uit"} {
		if !strings.Contains(g.Text, w) {
			t.Errorf("Text lacks %q", w)
		}
	}
}

func TestGuideEndings(t *testing.T) {
	tests := []struct {
		line string
		want loket.Ending
	}{
		{"Resolved", loket.Ending{Kind: loket.EndResolved}},
		{"Resolved.", loket.Ending{Kind: loket.EndResolved}},
		{"resolved", loket.Ending{Kind: loket.EndResolved}},
		{"Resolved: a", loket.Ending{Kind: loket.EndResolved, Article: "a"}},
		{"Resolved: [A](a.md)", loket.Ending{Kind: loket.EndResolved, Article: "a"}},
		{"Escalate: billing", loket.Ending{Kind: loket.EndEscalate, Team: "billing"}},
		{"Escalate: technische dienst", loket.Ending{Kind: loket.EndEscalate, Team: "technische dienst"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{
				"nl/g.md": doc("title: G\ntype: guide", "## Einde {#einde}\n\n"+tt.line+"\n"),
				"nl/a.md": doc("title: A", "Body.\n"),
			}), content.Options{})
			noDiags(t, s, "nl/g.md")
			g := s.Guide("nl", "g")
			if g == nil || g.Step("einde").Ending == nil || *g.Step("einde").Ending != tt.want {
				t.Errorf("guide %+v; want ending %+v", g, tt.want)
			}
		})
	}
}

func TestGuideErrors(t *testing.T) {
	tests := []struct {
		name, body string
		line       int
		msg        string
		published  bool
	}{
		{"dangling choice", "## Vraag {#vraag}\n\n- [Ja](#ja)\n- [Nee](#bestaat-niet)\n\n## Ja {#ja}\n\nResolved\n",
			9, `choice "Nee" leads to #bestaat-niet, which is not a step`, false},
		{"unreachable step", "## Vraag {#vraag}\n\n- [Ja](#ja)\n\n## Ja {#ja}\n\nResolved\n\n## Vergeten {#vergeten}\n\nResolved\n",
			14, `step "vergeten" cannot be reached from the first step "vraag"`, false},
		{"neither choices nor ending", "## Vraag {#vraag}\n\n- [Ja](#ja)\n\n## Ja {#ja}\n\nAlleen tekst.\n",
			10, `step "ja" has no choices and no ending`, false},
		{"both choices and ending", "## Vraag {#vraag}\n\n- [Ja](#ja)\n\nResolved\n\n## Ja {#ja}\n\nResolved\n",
			10, `step "vraag" has both choices and an ending`, false},
		{"cycle without exit", "## Vraag {#vraag}\n\n- [Rond](#a)\n- [Klaar](#klaar)\n\n## A {#a}\n\n- [Verder](#b)\n\n## B {#b}\n\n- [Terug](#a)\n\n## Klaar {#klaar}\n\nResolved\n",
			11, `no ending can be reached from step "a"`, false},
		{"two endings", "## Einde {#einde}\n\nResolved\n\nEscalate: billing\n",
			10, `step "einde" has two endings`, false},
		{"escalate without team", "## Einde {#einde}\n\nEscalate:\n", 8, `"Escalate:" needs the team`, false},
		{"duplicate step id", "## Vraag {#vraag}\n\n- [Ja](#vraag)\n\n## Nog een {#vraag}\n\nResolved\n",
			10, `step id "vraag" is also used on line 6`, false},
		{"no steps", "Alleen een inleiding.\n", 1, "a guide needs at least one step", false},
		{"resolved missing article id", "## Einde {#einde}\n\nResolved: bestaat/niet\n",
			8, `"Resolved: bestaat/niet": there is no article with that id in locale nl`, true},
		{"resolved missing article link", "## Einde {#einde}\n\nResolved: [Weg](weg.md)\n",
			8, "link to nl/weg.md, which does not exist", true},
		{"resolved guide", "## Einde {#einde}\n\nResolved: [Andere gids](andere.md)\n",
			8, `"Resolved" links to the guide nl/andere.md`, true},
		{"resolved internal id", "## Einde {#einde}\n\nResolved: intern\n",
			8, `"Resolved: intern" names an internal article from a public guide`, true},
		{"resolved internal link", "## Einde {#einde}\n\nResolved: [Intern](intern.md)\n",
			8, "link to internal nl/intern.md from a public document", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{
				"nl/g.md":      doc("title: G\ntype: guide", "\n"+tt.body),
				"nl/andere.md": doc("title: Andere\ntype: guide", "## S {#s}\n\nResolved\n"),
				"nl/intern.md": doc("title: Intern\naudience: internal", "Body.\n"),
				"nl/good.md":   doc("title: Good", "Body.\n"),
			}), content.Options{})
			findDiag(t, s, content.SeverityError, "nl/g.md", tt.line, tt.msg)
			g := s.Guide("nl", "g")
			if (g != nil) != tt.published {
				t.Errorf("published = %v; want %v", g != nil, tt.published)
			}
			if g != nil {
				for _, st := range g.Steps {
					if st.Ending != nil && st.Ending.Article != "" {
						t.Errorf("step %s ends with article %q, which does not resolve", st.ID, st.Ending.Article)
					}
				}
			}
			checkGood(t, s)
			noDiags(t, s, "nl/andere.md", "nl/intern.md")
		})
	}
}

func TestGuideInternal(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/g.md":      doc("title: G\ntype: guide\naudience: internal", "## Einde {#einde}\n\nResolved: intern\n"),
		"nl/intern.md": doc("title: Intern\naudience: internal", "Body.\n"),
	}), content.Options{})
	if len(s.Diagnostics) != 0 {
		t.Fatalf("diagnostics:\n%s", diagList(s.Diagnostics))
	}
	if e := s.Guide("nl", "g").Step("einde").Ending; e.Article != "intern" {
		t.Errorf("an internal guide may end with an internal article; ending %+v", e)
	}
}
