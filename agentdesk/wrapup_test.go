package agentdesk_test

import (
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/loket/loket"
)

// takenHandoff creates a contact-form handoff and has the agent take it.
func takenHandoff(tb testing.TB, d *testDesk, a *agent, csrf, question string) *loket.Handoff {
	tb.Helper()
	h := contactFormHandoff(tb, d, question)
	if res, _ := a.post(handoffPath(h)+"/take", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("take: %d", res.StatusCode)
	}
	return h
}

func TestWrapUpStoresEachOutcome(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	csrf := a.signIn("anna")
	for _, tc := range []struct {
		name string
		form url.Values
		want loket.WrapUp
	}{
		{"resolved with an article and a guide path",
			url.Values{"outcome": {"resolved"}, "article": {"energie/meterstand-doorgeven"}, "guide": {"energie/meterstand-betwist"},
				"path": {"soort,slim,klaar"}, "path_guide": {"energie/meterstand-betwist"}, "note": {"Stand samen doorgegeven."}},
			loket.WrapUp{Agent: "anna", Outcome: loket.WrapResolved, ArticleID: "energie/meterstand-doorgeven", GuideID: "energie/meterstand-betwist",
				GuidePath: []string{"soort", "slim", "klaar"}, Note: "Stand samen doorgegeven."}},
		{"resolved without anything",
			url.Values{"outcome": {"resolved"}},
			loket.WrapUp{Agent: "anna", Outcome: loket.WrapResolved}},
		{"transferred",
			url.Values{"outcome": {"transferred"}, "team": {"meetdata"}, "guide": {"energie/meterstand-betwist"}, "note": {"Meetdata kijkt ernaar."}},
			loket.WrapUp{Agent: "anna", Outcome: loket.WrapTransferred, Team: "meetdata", GuideID: "energie/meterstand-betwist", Note: "Meetdata kijkt ernaar."}},
		{"callback",
			url.Values{"outcome": {"callback"}, "note": {"Morgen na 10 uur bellen."}},
			loket.WrapUp{Agent: "anna", Outcome: loket.WrapCallback, Note: "Morgen na 10 uur bellen."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := takenHandoff(t, d, a, csrf, "Hoe geef ik mijn meterstand door?")
			tc.form.Set("csrf", csrf)
			res, body := a.post(handoffPath(h)+"/wrapup", tc.form)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/agent/?done="+strconv.FormatInt(h.ID, 10) {
				t.Fatalf("wrap-up: %d %s\n%.500s", res.StatusCode, res.Header.Get("Location"), body)
			}
			w, err := d.db.FindWrapUp(t.Context(), h.ID)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.HandoffID, tc.want.Time = h.ID, w.Time
			if !reflect.DeepEqual(*w, tc.want) {
				t.Errorf("stored %+v\nwant   %+v", *w, tc.want)
			}
			if got, _ := d.db.FindHandoff(t.Context(), h.ID); got.Status != loket.HandoffClosed {
				t.Errorf("status after wrap-up: %s", got.Status)
			}
			// The queue confirms it, and the handoff is gone from it.
			_, body = a.get(res.Header.Get("Location"))
			if !strings.Contains(body, "Contact "+strconv.FormatInt(h.ID, 10)+" is afgerond.") || strings.Contains(body, `id="queue-item-`+strconv.FormatInt(h.ID, 10)+`"`) {
				t.Error("the queue does not confirm the wrap-up, or still lists the handoff")
			}
			// Closing twice is refused.
			res, body = a.post(handoffPath(h)+"/wrapup", tc.form)
			if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Al afgerond door anna") {
				t.Errorf("second wrap-up: %d", res.StatusCode)
			}
		})
	}
	events, err := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventOutcome, Channel: loket.ChannelAgent})
	if err != nil || len(events) != 4 {
		t.Fatalf("%d outcome events, want 4 (%v)", len(events), err)
	}
	if e := events[0].Data; e["outcome"] != "resolved" || e["article"] != "energie/meterstand-doorgeven" || e["guide"] != "energie/meterstand-betwist" || e["handoff"] == "" {
		t.Errorf("outcome event = %v", e)
	}
	if e := events[2].Data; e["outcome"] != "transferred" || e["team"] != "meetdata" {
		t.Errorf("transfer event = %v", e)
	}
}

func TestWrapUpIsRefused(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	csrf := a.signIn("anna")
	h := takenHandoff(t, d, a, csrf, "Hoe geef ik mijn meterstand door?")
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"transferred without a team", url.Values{"outcome": {"transferred"}, "note": {"Doorzetten"}}, "Naar welk team zet je het contact door?"},
		{"no outcome", url.Values{}, "Kies een uitkomst."},
		{"an unknown outcome", url.Values{"outcome": {"solved-ish"}}, "Kies een uitkomst."},
		{"an unknown article", url.Values{"outcome": {"resolved"}, "article": {"energie/bestaat-niet"}}, "Dit artikel bestaat niet (meer)."},
		{"a path outside the guide", url.Values{"outcome": {"resolved"}, "guide": {"energie/meterstand-betwist"}, "path": {"soort,nergens"}, "path_guide": {"energie/meterstand-betwist"}}, "De gevolgde stappen horen niet bij deze flow."},
		{"a wrong-article flag without an article", url.Values{"outcome": {"resolved"}, "flag": {"wrong"}}, "Kies het artikel dat niet klopt."},
		{"missing content without a note", url.Values{"outcome": {"resolved"}, "flag": {"missing"}}, "Beschrijf wat er ontbreekt."},
		{"a note too long", url.Values{"outcome": {"callback"}, "note": {strings.Repeat("x", 2001)}}, "hoogstens 2000 tekens"},
	} {
		tc.form.Set("csrf", csrf)
		res, body := a.post(handoffPath(h)+"/wrapup", tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) || !strings.Contains(body, `role="alert"`) {
			t.Errorf("%s: %d, want 422 with %q", tc.name, res.StatusCode, tc.want)
		}
		// What the agent typed is kept.
		if note := tc.form.Get("note"); note != "" && len(note) < 100 && !strings.Contains(body, note) {
			t.Errorf("%s: the note is lost", tc.name)
		}
	}
	if got, _ := d.db.FindHandoff(t.Context(), h.ID); got.Status != loket.HandoffTaken {
		t.Fatalf("a refused wrap-up changed the handoff: %s", got.Status)
	}
	if flags, _ := d.db.FindFlags(t.Context(), loket.FlagFilter{}); len(flags) != 0 {
		t.Errorf("a refused wrap-up stored flags: %+v", flags)
	}

	// A colleague cannot wrap up anna's contact, nor anyone a waiting one.
	e := d.browser(t)
	ecsrf := e.signIn("eva")
	res, body := e.post(handoffPath(h)+"/wrapup", url.Values{"csrf": {ecsrf}, "outcome": {"callback"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Al opgepakt door anna") {
		t.Errorf("wrap-up by a colleague: %d", res.StatusCode)
	}
	waiting := contactFormHandoff(t, d, "Nog niemand")
	if res, _ := e.post(handoffPath(waiting)+"/wrapup", url.Values{"csrf": {ecsrf}, "outcome": {"callback"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("wrap-up of a waiting handoff: %d", res.StatusCode)
	}
}

// TestWrapUpPrefill opens the handoff page the way the guide runner's
// endings link to it: the guide, the path, the article or team filled in,
// and anything the library does not know left out.
func TestWrapUpPrefill(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	csrf := a.signIn("anna")
	h := takenHandoff(t, d, a, csrf, "De meterstand op mijn jaarafrekening klopt niet")

	_, body := a.get(handoffPath(h) + "?guide=energie/meterstand-betwist&path=soort,slim,klaar&article=energie/meterstand-doorgeven")
	for _, want := range []string{
		`<option value="energie/meterstand-betwist" selected>`, `<option value="energie/meterstand-doorgeven" selected>`,
		`name="path" value="soort,slim,klaar"`, `name="path_guide" value="energie/meterstand-betwist"`,
		`value="resolved" checked`, "Gevolgde stappen:",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("prefilled resolved ending lacks %q", want)
		}
	}

	_, body = a.get(handoffPath(h) + "?guide=energie/meterstand-betwist&path=soort,netbeheerder&team=meetdata")
	for _, want := range []string{`value="transferred" checked`, `name="team" list="wrap-teams" value="meetdata"`, `<option value="technische-dienst">`} {
		if !strings.Contains(body, want) {
			t.Errorf("prefilled escalation lacks %q", want)
		}
	}

	_, body = a.get(handoffPath(h) + "?guide=bestaat/niet&path=a,b&article=%3Cscript%3E&team=%3Cscript%3E")
	for _, bad := range []string{`name="outcome" value="resolved" checked`, `name="outcome" value="transferred" checked`, " selected>", `name="path"`, "<script>", `value="&lt;script&gt;"`} {
		if strings.Contains(body, bad) {
			t.Errorf("unknown ids are prefilled: %q", bad)
		}
	}
}

func TestWrapUpFlagReachesTheEditors(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	csrf := a.signIn("anna")
	wrong := takenHandoff(t, d, a, csrf, "Hoe geef ik mijn meterstand door?")
	res, _ := a.post(handoffPath(wrong)+"/wrapup", url.Values{"csrf": {csrf}, "outcome": {"resolved"},
		"flag": {"outdated"}, "flag_article": {"energie/slimme-meter"}, "flag_note": {"De app heet nu anders."}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "&flag=saved") {
		t.Fatalf("wrap-up with a flag: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := a.get(res.Header.Get("Location")); !strings.Contains(body, "doorgegeven aan de redactie") {
		t.Error("the queue does not confirm the flag")
	}
	missing := takenHandoff(t, d, a, csrf, "Hebben jullie warmtepompen?")
	a.post(handoffPath(missing)+"/wrapup", url.Values{"csrf": {csrf}, "outcome": {"callback"},
		"flag": {"missing"}, "flag_note": {"Niets over <warmtepompen>."}})

	flags, err := d.db.FindFlags(t.Context(), loket.FlagFilter{})
	if err != nil || len(flags) != 2 {
		t.Fatalf("flags = %+v, %v", flags, err)
	}
	if f := flags[1]; f.Kind != loket.FlagOutdated || f.ArticleID != "energie/slimme-meter" || f.HandoffID != wrong.ID || f.Agent != "anna" || f.Note != "De app heet nu anders." || f.Locale != "nl" {
		t.Errorf("outdated flag = %+v", f)
	}
	if f := flags[0]; f.Kind != loket.FlagMissing || f.ArticleID != "" || f.HandoffID != missing.ID {
		t.Errorf("missing-content flag = %+v", f)
	}
	if events, _ := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventFeedback}); len(events) != 2 || events[0].ArticleID != "energie/slimme-meter" || events[0].Data["kind"] != "outdated" {
		t.Errorf("feedback events = %+v", events)
	}

	e := d.browser(t)
	ecsrf := e.signIn("eva")
	res, body := e.get("/agent/flags")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("flags page: %d", res.StatusCode)
	}
	for _, want := range []string{"Verouderd", `href="/agent/articles/nl/energie/slimme-meter"`, "Slimme meter", "De app heet nu anders.",
		"Niets over &lt;warmtepompen&gt;.", "anna", `href="` + handoffPath(wrong) + `"`, `href="` + handoffPath(missing) + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("flags page lacks %q", want)
		}
	}
	if strings.Index(body, "Artikelen die niet kloppen") > strings.Index(body, "Ontbrekende inhoud") {
		t.Error("the sections are out of order")
	}

	// Resolving moves it from the open list to the resolved one.
	path := "/agent/flags/" + strconv.FormatInt(flags[1].ID, 10) + "/resolve"
	if res, _ := e.post(path, url.Values{"csrf": {ecsrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d", res.StatusCode)
	}
	if _, body := e.get("/agent/flags"); strings.Contains(body, "De app heet nu anders.") || !strings.Contains(body, "warmtepompen") {
		t.Error("a resolved flag is still open, or the open one is gone")
	}
	if _, body := e.get("/agent/flags?show=resolved"); !strings.Contains(body, "De app heet nu anders.") || strings.Contains(body, "warmtepompen") {
		t.Error("the resolved list is wrong")
	}
	if res, _ := e.post("/agent/flags/999/resolve", url.Values{"csrf": {ecsrf}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("resolving an unknown flag: %d", res.StatusCode)
	}
}

func TestFlagsAreForEditors(t *testing.T) {
	d := newTestDesk(t, nil)
	f := &loket.Flag{Agent: "anna", Kind: loket.FlagWrong, Locale: "nl", ArticleID: "energie/tarieven", Note: "Oude prijzen"}
	if err := d.db.CreateFlag(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	a := d.browser(t)
	csrf := a.signIn("anna")
	res, body := a.get("/agent/flags")
	if res.StatusCode != http.StatusForbidden || strings.Contains(body, "Oude prijzen") {
		t.Errorf("an agent on the flags page: %d", res.StatusCode)
	}
	if strings.Contains(queuePageBody(t, a, "/agent/"), `href="/agent/flags"`) {
		t.Error("the menu offers agents the flags page")
	}
	if res, _ := a.post("/agent/flags/"+strconv.FormatInt(f.ID, 10)+"/resolve", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an agent resolving a flag: %d", res.StatusCode)
	}
	if flags, _ := d.db.FindFlags(t.Context(), loket.FlagFilter{Unresolved: true}); len(flags) != 1 {
		t.Error("an agent resolved a flag")
	}
}

// queuePageBody gets a page that must answer 200.
func queuePageBody(tb testing.TB, a *agent, path string) string {
	tb.Helper()
	res, body := a.get(path)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return body
}
