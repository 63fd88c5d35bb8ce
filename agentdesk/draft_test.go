package agentdesk_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/loket/loket"
)

// draftJSON is the answer of POST /agent/api/draft.
type draftJSON struct {
	Answer string `json:"answer"`
	Parts  []struct {
		Text string `json:"text"`
		Cite int    `json:"cite"`
	} `json:"parts"`
	Plain     string `json:"plain"`
	Citations []struct {
		N        int    `json:"n"`
		ID       string `json:"id"`
		Title    string `json:"title"`
		URL      string `json:"url"`
		Internal bool   `json:"internal"`
	} `json:"citations"`
	Declined  bool   `json:"declined"`
	Mode      string `json:"mode"`
	SearchURL string `json:"search_url"`
}

func (a *agent) draft(csrf string, body map[string]any) (int, draftJSON, string) {
	a.tb.Helper()
	res, text := a.postJSONAs("/agent/api/draft", body, csrf)
	var d draftJSON
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(text), &d); err != nil {
			a.tb.Fatalf("draft: %v\n%s", err, text)
		}
	}
	return res.StatusCode, d, text
}

func TestDraftAnswer(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	csrf := a.signIn("anna")

	// No model in tests: the answer is the best passage, cited.
	status, r, body := a.draft(csrf, map[string]any{"question": "Hoe geef ik mijn meterstand door?", "locale": "nl"})
	if status != http.StatusOK || r.Declined || r.Mode != string(loket.ModeExtractive) || len(r.Citations) == 0 {
		t.Fatalf("draft: %d %s", status, body)
	}
	c := r.Citations[0]
	if c.N != 1 || c.ID != "energie/meterstand-doorgeven" || !strings.HasPrefix(c.URL, "/agent/articles/nl/energie/meterstand-doorgeven") || c.Internal {
		t.Errorf("citation = %+v", c)
	}
	if !strings.Contains(r.Answer, "[1]") || strings.Contains(r.Plain, "[1]") || r.Plain == "" || !strings.HasPrefix(r.Answer, r.Plain) {
		t.Errorf("answer %q, plain %q", r.Answer, r.Plain)
	}
	var cites int
	for _, p := range r.Parts {
		if p.Cite == 1 && p.Text == "[1]" {
			cites++
		}
	}
	if cites != 1 {
		t.Errorf("parts = %+v", r.Parts)
	}

	// Internal articles are cited, and marked.
	_, r, body = a.draft(csrf, map[string]any{"question": "Welke kortingscode mag ik geven als de klant wil opzeggen omdat het te duur is?", "locale": "nl", "handoff": 5})
	if r.Declined || len(r.Citations) == 0 || r.Citations[0].ID != "contract/klantbehoud-aanbiedingen" || !r.Citations[0].Internal ||
		!strings.Contains(r.Citations[0].URL, "?handoff=5") {
		t.Errorf("draft over internal content: %s", body)
	}

	// Nonsense is declined, with a way to search instead.
	_, r, body = a.draft(csrf, map[string]any{"question": "kwispelende zeppelin paarsgroen trombone", "locale": "nl"})
	if !r.Declined || r.Mode != string(loket.ModeDeclined) || len(r.Citations) != 0 || !strings.HasPrefix(r.SearchURL, "/agent/search?q=") {
		t.Errorf("nonsense: %s", body)
	}

	for _, bad := range []map[string]any{
		{"question": "   ", "locale": "nl"},
		{"question": strings.Repeat("meterstand ", 100), "locale": "nl"},
		{"question": "meterstand", "locale": "fr"},
	} {
		if status, _, body := a.draft(csrf, bad); status != http.StatusBadRequest || !strings.Contains(body, `"message"`) {
			t.Errorf("draft %.40v: %d %s", bad, status, body)
		}
	}
	if status, _, _ := a.draft("", map[string]any{"question": "Hoe geef ik mijn meterstand door?"}); status != http.StatusForbidden {
		t.Errorf("draft without the token: %d", status)
	}

	events, err := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventAnswer, Channel: loket.ChannelAgent})
	if err != nil || len(events) != 3 || events[0].ArticleID != "energie/meterstand-doorgeven" || events[2].Data["declined"] != "true" || events[1].Data["handoff"] != "5" {
		t.Errorf("answer events = %+v, %v", events, err)
	}
}

func TestDraftPage(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	res, body := a.get("/agent/draft?handoff=6")
	if res.StatusCode != 200 || !strings.Contains(body, `<textarea id="kn-question" name="q"`) || strings.Contains(body, "kn-answer") ||
		!strings.Contains(body, `<input type="hidden" name="handoff" value="6">`) {
		t.Fatalf("empty draft page: %d", res.StatusCode)
	}
	// Without scripts the form asks by GET and the page shows the answer.
	res, body = a.get("/agent/draft?" + url.Values{"q": {"Hoe geef ik mijn meterstand door?"}, "locale": {"nl"}}.Encode())
	for _, want := range []string{
		`<h2 id="kn-answer-title">Concept-antwoord</h2>`,
		`<a class="kn-cite" href="#kn-cite-1">[1]</a>`,
		`<li id="kn-cite-1"><a href="/agent/articles/nl/energie/meterstand-doorgeven`,
		`<textarea id="kn-draft-plain" readonly rows="6">`,
		"Letterlijk overgenomen uit de beste bron.",
		`>Hoe geef ik mijn meterstand door?</textarea>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("draft page lacks %s", want)
		}
	}
	if res.StatusCode != 200 || strings.Contains(body, `readonly rows="6">`+"\n") {
		t.Errorf("draft page: %d", res.StatusCode)
	}
	_, body = a.get("/agent/draft?q=" + url.QueryEscape("kwispelende zeppelin paarsgroen trombone"))
	if !strings.Contains(body, "De kennisbank heeft hier geen goed antwoord op.") ||
		!strings.Contains(body, `href="/agent/search?q=kwispelende&#43;zeppelin`) {
		t.Errorf("declined draft page")
	}
	res, body = a.get("/agent/draft?q=+")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Typ eerst de vraag van de klant.") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("empty question: %d", res.StatusCode)
	}
	res, body = a.get("/agent/draft?q=" + strings.Repeat("a", loket.MaxQuestionLength+1))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "De vraag is te lang: hoogstens 1000 tekens, dit zijn er 1001.") {
		t.Errorf("long question: %d", res.StatusCode)
	}
}

// TestPostsNeedTheToken: every state-changing request of the panel is
// refused without the session's form token.
func TestPostsNeedTheToken(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	n := 0
	for _, r := range d.engine.Routes() {
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Path, "/agent/") {
			continue
		}
		path := strings.NewReplacer(":locale", "nl", "*id", "energie/meterstand-doorgeven", ":id", "1", ":code", "x").Replace(r.Path)
		res, _ := a.post(path, url.Values{"locale": {"nl"}, "id": {"energie/meterstand-doorgeven"}, "q": {"meterstand"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without the token: %d", path, res.StatusCode)
		}
		n++
	}
	if n < 3 {
		t.Errorf("only %d POST routes", n)
	}
}
