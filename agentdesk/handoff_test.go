package agentdesk_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/loket/loket"
)

func handoffPath(h *loket.Handoff) string { return "/agent/handoffs/" + strconv.FormatInt(h.ID, 10) }

func TestHandoffPageShowsContextAndSuggestions(t *testing.T) {
	d := newTestDesk(t, nil)
	h := contactFormHandoff(t, d, "Hoe geef ik mijn meterstand door?")
	id := strconv.FormatInt(h.ID, 10)
	a := d.browser(t)
	csrf := a.signIn("anna")

	res, body := a.get(handoffPath(h))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("handoff page: %d", res.StatusCode)
	}
	for _, want := range []string{
		"Contact " + id, "Contactformulier", "Nederlands", "Contactformulier ingevuld",
		"Hoe geef ik mijn meterstand door?", "Fatima de Vries", `href="mailto:fatima@example.nl"`, `href="tel:0612345678"`,
		// The articles already offered, with the customer's verdict.
		`href="/agent/articles/nl/energie/slimme-meter?handoff=` + id + `"`, "hielp niet",
		// Suggestions from the question, opened for this handoff.
		`href="/agent/articles/nl/energie/meterstand-doorgeven?handoff=` + id + `"`,
		`href="/agent/guides/nl/`, `href="/agent/draft?handoff=` + id + `&amp;q=Hoe&#43;geef&#43;ik&#43;mijn&#43;meterstand&#43;door%3F"`,
		// Waiting: a take button, no wrap-up yet.
		`action="/agent/handoffs/` + id + `/take"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("handoff page lacks %q", want)
		}
	}
	if strings.Contains(body, `action="/agent/handoffs/`+id+`/wrapup"`) {
		t.Error("the wrap-up form shows before anyone took the handoff")
	}

	// Taken: the agent who has it gets the wrap-up, a colleague sees who has it.
	if res, _ := a.post(handoffPath(h)+"/take", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("take: %d", res.StatusCode)
	}
	_, body = a.get(handoffPath(h))
	if !strings.Contains(body, `action="/agent/handoffs/`+id+`/wrapup"`) || !strings.Contains(body, "Opgepakt door anna") {
		t.Error("the agent who took the handoff does not get the wrap-up form")
	}
	e := d.browser(t)
	e.signIn("eva")
	_, body = e.get(handoffPath(h))
	if strings.Contains(body, "/wrapup") || !strings.Contains(body, "anna heeft dit contact") {
		t.Error("a colleague gets the wrap-up form, or is not told who has the contact")
	}
}

func TestHandoffPageMarksInternalSuggestions(t *testing.T) {
	d := newTestDesk(t, nil)
	h := contactFormHandoff(t, d, "Kan ik een betalingsregeling krijgen voor mijn jaarafrekening?")
	a := d.browser(t)
	a.signIn("anna")
	_, body := a.get(handoffPath(h))
	link := `href="/agent/articles/nl/facturen/betalingsregeling-intern?handoff=` + strconv.FormatInt(h.ID, 10) + `"`
	i := strings.Index(body, link)
	if i < 0 {
		t.Fatal("the internal article is not suggested")
	}
	item := body[i:]
	item = item[:strings.Index(item, "</li>")]
	if !strings.Contains(item, "queue-tag-internal") || !strings.Contains(item, "Intern") {
		t.Errorf("the internal article is not marked internal: %s", item)
	}
	public := `href="/agent/articles/nl/facturen/betalingsregeling?handoff=`
	j := strings.Index(body, public)
	if j < 0 {
		t.Fatal("the public article is not suggested")
	}
	if item := body[j : j+strings.Index(body[j:], "</li>")]; strings.Contains(item, "queue-tag-internal") {
		t.Errorf("a public article is marked internal: %s", item)
	}
}

func TestHandoffPageShowsTheTranscript(t *testing.T) {
	d := newTestDesk(t, nil)
	h := botHandoff(t, d, "Mijn internet doet het niet")
	a := d.browser(t)
	a.signIn("anna")
	_, body := a.get(handoffPath(h))
	for _, want := range []string{"Gesprek voor de overdracht", "handoff-turn-customer", "handoff-turn-bot", "Klant", "Bot",
		"Dat heb ik al gedaan, ik wil een medewerker", "Vroeg om een medewerker", "Modem herstarten", ">hielp<",
		`href="/agent/guides/nl/internet/geen-internet?handoff=` + strconv.FormatInt(h.ID, 10) + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("handoff page of a chat lacks %q", want)
		}
	}
}

func TestHandoffPageEscapesWhatCustomersWrote(t *testing.T) {
	d := newTestDesk(t, nil)
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	h := &loket.Handoff{Channel: loket.ChannelChat, Locale: "nl", Question: evil, Reason: loket.ReasonNotAnswered,
		Transcript: []loket.Turn{{Role: "customer", Text: evil}},
		Contact:    loket.Contact{Name: evil, Email: `"><script>x</script>@example.nl`, Phone: `javascript:alert(1)`},
		Offered:    []loket.Offer{{ArticleID: "energie/tarieven", Title: evil}}}
	if err := d.db.CreateHandoff(t.Context(), h); err != nil {
		t.Fatal(err)
	}
	a := d.browser(t)
	a.signIn("anna")
	for _, path := range []string{handoffPath(h), "/agent/"} {
		_, body := a.get(path)
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img src=x") || strings.Contains(body, `href="javascript:`) {
			t.Errorf("%s does not escape the customer's text", path)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s does not show the customer's text", path)
		}
	}
}

func TestHandoffPageNotFound(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	for _, path := range []string{"/agent/handoffs/999", "/agent/handoffs/x", "/agent/handoffs/-1"} {
		if res, _ := a.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

// TestQueueMessagesAreComplete renders the queue's pages and checks that
// none shows a message key instead of its text, in both languages.
func TestQueueMessagesAreComplete(t *testing.T) {
	d := newTestDesk(t, nil)
	h := botHandoff(t, d, "Mijn internet doet het niet")
	contactFormHandoff(t, d, "Hoe geef ik mijn meterstand door?")
	raw := regexp.MustCompile(`queue\.[a-z]+\.[a-z._]+`)
	for _, lang := range []string{"nl", "en"} {
		e := d.browser(t)
		csrf := e.signIn("eva")
		e.post(handoffPath(h)+"/take", url.Values{"csrf": {csrf}})
		for _, path := range []string{"/agent/", handoffPath(h), "/agent/flags", "/agent/flags?show=resolved"} {
			req, _ := http.NewRequest(http.MethodGet, e.base+path, nil)
			req.Header.Set("Accept-Language", lang)
			res, body := e.do(req)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", lang, path, res.StatusCode)
			}
			if m := raw.FindString(body); m != "" {
				t.Errorf("%s %s shows the key %q", lang, path, m)
			}
		}
	}
}
