package agentdesk_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/loket/loket"
)

func TestArticleView(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")

	res, body := a.get("/agent/articles/nl/energie/meterstand-doorgeven?handoff=8")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("public article: %d", res.StatusCode)
	}
	for _, want := range []string{
		`<h1 id="kn-title" lang="nl">Meterstand doorgeven</h1>`,
		// The voice answer, beside the article.
		`<h2 id="kn-voice-title">Zeg dit aan de telefoon</h2>`,
		"Je geeft je meterstand door in de app Mijn Helder, bij Energie en dan Meterstand doorgeven.",
		// Its plain text, to copy with the button or by hand.
		`data-kn-copy="kn-plain-text"`,
		`<textarea id="kn-plain-text" readonly rows="10" lang="nl">Je geeft je meterstand door`,
		// Sending it, for the contact being handled.
		`<form method="post" action="/agent/links" data-kn-send`,
		`<input type="hidden" name="handoff" value="8">`,
		// Links in the body open in the panel; external ones are kept.
		`<a href="/agent/articles/nl/verhuizen/meterstanden-bij-verhuizing">Meterstanden bij verhuizen</a>`,
		// Translations, related documents and what the article is.
		`<a href="/agent/articles/en/energie/meterstand-doorgeven?handoff=8" hreflang="en">`,
		`<a href="/agent/articles/nl/energie/slimme-meter?handoff=8">`,
		`<a href="/agent/guides/nl/energie/hoge-jaarafrekening?handoff=8">Hoge jaarafrekening</a>`,
		"<dd>9 februari 2026</dd>", "<dd>team-energie</dd>", "<dd>Stroom en gas</dd>",
		`<a href="/nl/articles/energie/meterstand-doorgeven">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("public article lacks %s", want)
		}
	}
	if strings.Contains(body, `href="/nl/articles/verhuizen`) || strings.Contains(body, "kn-badge-internal") {
		t.Errorf("public article: a link to the help site left in the body, or an internal badge")
	}

	_, body = a.get("/agent/articles/nl/contract/klantbehoud-aanbiedingen")
	for _, want := range []string{
		`<span class="kn-badge kn-badge-internal">Intern</span>`,
		"Intern artikel: alleen voor medewerkers.",
		`<p class="kn-nosend">Interne artikelen kun je niet naar de klant sturen.</p>`,
		"RET-2026-15",
		`<textarea id="kn-plain-text"`,
		`<a href="/agent/articles/nl/contract/overlijden-afhandelen">Overlijden afhandelen</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("internal article lacks %s", want)
		}
	}
	if strings.Contains(body, `action="/agent/links"`) || strings.Contains(body, "kn-voice-title") {
		t.Errorf("internal article offers to send it, or shows a voice answer it does not have")
	}

	events, err := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventView, Channel: loket.ChannelAgent})
	if err != nil || len(events) != 2 || events[0].ArticleID != "energie/meterstand-doorgeven" || events[0].Data["handoff"] != "8" ||
		events[1].ArticleID != "contract/klantbehoud-aanbiedingen" {
		t.Errorf("view events = %+v, %v", events, err)
	}

	for _, path := range []string{"/agent/articles/nl/bestaat/niet", "/agent/articles/xx-bad/energie/meterstand-doorgeven", "/agent/articles/nl/energie/meterstand-betwist"} {
		if res, _ := a.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	// English agents get the panel in English.
	req, _ := http.NewRequest(http.MethodGet, a.base+"/agent/articles/en/energie/meterstand-doorgeven", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if _, body := a.do(req); !strings.Contains(body, "Say this on the phone") || !strings.Contains(body, "Copy as plain text") {
		t.Errorf("the English panel is not in English")
	}
}
