package agentdesk_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/loket/loket"
)

// guideChoice is a choice on a guide step as the page shows it.
type guideChoice struct {
	key, label, url string
}

var choiceLink = regexp.MustCompile(`<a class="kn-choice" href="([^"]+)"(?: data-key="(\d)")?>(?:<kbd aria-hidden="true">(\d)</kbd>)?<span[^>]*>([^<]*)</span></a>`)

// guideChoices returns the choices of a step, checking that each number
// key is shown on the choice it takes.
func guideChoices(tb testing.TB, body string) []guideChoice {
	tb.Helper()
	var out []guideChoice
	for _, m := range choiceLink.FindAllStringSubmatch(body, -1) {
		if m[2] != m[3] {
			tb.Errorf("choice %q: data-key %q but shows %q", m[4], m[2], m[3])
		}
		out = append(out, guideChoice{key: m[2], label: html.UnescapeString(m[4]), url: html.UnescapeString(m[1])})
	}
	return out
}

// walkGuide opens a guide and takes the choices with the given number
// keys, following the links a browser without scripts follows; it returns
// the last page.
func walkGuide(tb testing.TB, a *agent, start string, keys ...int) string {
	tb.Helper()
	res, body := a.get(start)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("open %s: %d", start, res.StatusCode)
	}
	for _, k := range keys {
		choices := guideChoices(tb, body)
		if k > len(choices) || choices[k-1].key != strconv.Itoa(k) {
			tb.Fatalf("no choice %d among %+v", k, choices)
		}
		if res, body = a.get(choices[k-1].url); res.StatusCode != http.StatusOK {
			tb.Fatalf("choice %d: %d", k, res.StatusCode)
		}
	}
	return body
}

// wrapUpLink returns the link into the handoff's wrap-up, parsed.
func wrapUpLink(tb testing.TB, body string) (path string, q url.Values) {
	tb.Helper()
	m := regexp.MustCompile(`<a class="button kn-wrapup" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		tb.Fatal("no link to the wrap-up")
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		tb.Fatal(err)
	}
	return u.Path, u.Query()
}

const betwist = "/agent/guides/nl/energie/meterstand-betwist"

func TestGuideStepByStep(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	body := walkGuide(t, a, betwist+"?handoff=12")
	for _, want := range []string{"Betwiste meterstand afhandelen", "Intern", "Stap 1", "Wat voor meter heeft de klant?",
		// The intro's links open in the panel.
		`href="/agent/articles/nl/account/identiteit-verifieren"`, "Nog niets gekozen."} {
		if !strings.Contains(body, want) {
			t.Errorf("first step lacks %s", want)
		}
	}
	choices := guideChoices(t, body)
	if len(choices) != 2 || choices[0].key != "1" || choices[1].key != "2" || choices[0].label != "Slimme meter" ||
		choices[0].url != betwist+"?handoff=12&path=soort&step=slim" {
		t.Fatalf("choices of the first step = %+v", choices)
	}
	if strings.Contains(body, "data-kn-back") || strings.Contains(body, "Opnieuw beginnen") {
		t.Errorf("the first step offers back or start over")
	}

	// Two steps on: the path so far, with the choices made; back and restart.
	body = walkGuide(t, a, betwist+"?handoff=12", 2, 1)
	for _, want := range []string{"Stap 3", "Tikfout of geschatte stand?",
		`<a href="/agent/guides/nl/energie/meterstand-betwist?handoff=12&amp;step=soort" lang="nl">Wat voor meter heeft de klant?</a> <span class="kn-taken" lang="nl">Gewone meter: analoog, of digitaal zonder communicatie</span>`,
		`<span class="kn-taken" lang="nl">De stand op de foto is lager dan de betwiste stand</span>`,
		`<a href="/agent/guides/nl/energie/meterstand-betwist?handoff=12&amp;path=soort&amp;step=foto" data-kn-back>Vorige stap</a>`,
		`<a href="/agent/guides/nl/energie/meterstand-betwist?handoff=12">Opnieuw beginnen</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("third step lacks %s", want)
		}
	}
	if len(guideChoices(t, body)) != 3 {
		t.Errorf("third step choices = %+v", guideChoices(t, body))
	}

	events, err := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventGuide, Channel: loket.ChannelAgent})
	if err != nil || len(events) != 4 || events[3].ArticleID != "energie/meterstand-betwist" || events[3].Data["step"] != "typefout" || events[3].Data["handoff"] != "12" {
		t.Errorf("guide events = %+v, %v", events, err)
	}
}

func TestGuideEndings(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	for _, tc := range []struct {
		name    string
		keys    []int
		path    string
		article string // resolved with an article
		team    string // escalated
		text    string
	}{
		{"resolved with an article", []int{2, 2, 1}, "soort,foto,uitleg,klaar", "energie/meterstand-doorgeven", "", "Het probleem is opgelost."},
		{"resolved without an article", []int{2, 3}, "soort,foto,terugbellen", "", "", "Het probleem is opgelost."},
		{"escalated to a team", []int{1, 2}, "soort,slim,netbeheerder", "", "meetdata", "Zet het contact door naar team meetdata."},
		{"escalated after a loop back", []int{2, 1, 3, 1, 1, 2}, "soort,foto,typefout,foto,typefout,corrigeren,correctie-boven-mandaat", "", "facturatie", "team facturatie"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := walkGuide(t, a, betwist+"?handoff=12", tc.keys...)
			if !strings.Contains(body, tc.text) || len(guideChoices(t, body)) != 0 {
				t.Errorf("ending lacks %q, or has choices", tc.text)
			}
			path, q := wrapUpLink(t, body)
			want := url.Values{"guide": {"energie/meterstand-betwist"}, "path": {tc.path}}
			if tc.article != "" {
				want.Set("article", tc.article)
			}
			if tc.team != "" {
				want.Set("team", tc.team)
			}
			if path != "/agent/handoffs/12" || q.Encode() != want.Encode() {
				t.Errorf("wrap-up link = %s?%s, want /agent/handoffs/12?%s", path, q.Encode(), want.Encode())
			}
			if tc.article != "" && !strings.Contains(body, `Het antwoord staat in: <a href="/agent/articles/nl/`+tc.article+`?handoff=12">`) {
				t.Errorf("the resolved ending does not link its article")
			}
			if tc.team != "" && (!strings.Contains(body, "kn-ending-escalate") || !strings.Contains(body, "Doorzetten naar team "+tc.team)) {
				t.Errorf("the escalation does not name team %s", tc.team)
			}
			// Without a contact, the ending says what to do, and links
			// nowhere else.
			body = walkGuide(t, a, betwist, tc.keys...)
			if !strings.Contains(body, tc.text) || strings.Contains(body, "kn-wrapup") || strings.Contains(body, "/agent/handoffs/") {
				t.Errorf("ending without a contact")
			}
		})
	}
}

func TestGuideInvalidPathStartsOver(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	for _, q := range []string{
		"?step=klaar&path=soort,klaar",  // soort does not lead to klaar
		"?step=klaar",                   // an ending without a way there
		"?step=foto&path=slim",          // not from the first step
		"?step=foto&path=soort,soort",   // soort does not lead to itself
		"?step=bestaat-niet&path=soort", // no such step
		"?path=soort",                   // a path without a step
		"?step=foto&path=soort,,foto",   // an empty step
		"?step=foto&path=" + strings.Repeat("soort,foto,typefout,", 20) + "soort", // too long
	} {
		body := walkGuide(t, a, betwist+q+"&handoff=3")
		if !strings.Contains(body, "Het pad in het adres klopte niet") || !strings.Contains(body, "Stap 1") ||
			!strings.Contains(body, "Wat voor meter heeft de klant?") || strings.Contains(body, "kn-wrapup") {
			t.Errorf("%s does not start over", q)
		}
	}
	// A valid walk is not flagged.
	if body := walkGuide(t, a, betwist+"?step=foto&path=soort"); strings.Contains(body, "klopte niet") || !strings.Contains(body, "Stap 2") {
		t.Errorf("a valid path starts over")
	}
	// Public guides run too, and unknown ones are not found.
	if body := walkGuide(t, a, "/agent/guides/nl/internet/geen-internet"); strings.Contains(body, "kn-badge-internal") {
		t.Errorf("a public guide is marked internal")
	}
	if res, _ := a.get("/agent/guides/nl/bestaat/niet"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown guide: %d", res.StatusCode)
	}
}
