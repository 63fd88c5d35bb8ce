package agentdesk_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/agentdesk"
)

// countedLinks is the real link store, counting the links made.
type countedLinks struct {
	loket.LinkStore
	made atomic.Int32
}

func (l *countedLinks) CreateShortLink(ctx context.Context, s *loket.ShortLink) error {
	l.made.Add(1)
	return l.LinkStore.CreateShortLink(ctx, s)
}

type sentLink struct {
	URL  string `json:"url"`
	Code string `json:"code"`
}

func TestSendLink(t *testing.T) {
	links := &countedLinks{}
	d := newTestDesk(t, func(o *agentdesk.Options) { links.LinkStore = o.Links; o.Links = links })
	a := d.browser(t)
	csrf := a.signIn("anna")
	h := &loket.Handoff{Channel: loket.ChannelChat, Locale: "nl", Question: "Hoe geef ik mijn meterstand door?"}
	if err := d.db.CreateHandoff(t.Context(), h); err != nil {
		t.Fatal(err)
	}

	res, body := a.postJSONAs("/agent/api/links", map[string]any{"locale": "nl", "id": "energie/meterstand-doorgeven", "handoff": h.ID}, csrf)
	var l sentLink
	if err := json.Unmarshal([]byte(body), &l); err != nil || res.StatusCode != http.StatusCreated || l.Code == "" || l.URL != d.URL+"/l/"+l.Code {
		t.Fatalf("send a public article: %d %s", res.StatusCode, body)
	}
	stored, err := d.db.FindShortLink(t.Context(), l.Code)
	if err != nil || stored.ArticleID != "energie/meterstand-doorgeven" || stored.Agent != "anna" || stored.HandoffID != h.ID {
		t.Fatalf("stored link = %+v, %v", stored, err)
	}

	// The customer opens it, without signing in.
	customer := d.browser(t)
	res, _ = customer.get("/l/" + l.Code)
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/nl/articles/energie/meterstand-doorgeven" {
		t.Fatalf("open the short link: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	events, _ := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventView})
	var made, opened bool
	for _, e := range events {
		made = made || e.Channel == loket.ChannelAgent && e.Data["action"] == "link" && e.ArticleID == "energie/meterstand-doorgeven"
		opened = opened || e.Channel == loket.ChannelWeb && e.Data["from"] == "link" && e.ArticleID == "energie/meterstand-doorgeven"
	}
	if !made || !opened {
		t.Errorf("events: link made %v, opened %v", made, opened)
	}

	// Internal articles are never sent, however asked.
	res, body = a.postJSONAs("/agent/api/links", map[string]any{"locale": "nl", "id": "contract/klantbehoud-aanbiedingen"}, csrf)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "intern artikel") {
		t.Errorf("send an internal article: %d %s", res.StatusCode, body)
	}
	res, body = a.post("/agent/links", url.Values{"csrf": {csrf}, "locale": {"nl"}, "id": {"contract/klantbehoud-aanbiedingen"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "intern artikel") {
		t.Errorf("send an internal article with the form: %d", res.StatusCode)
	}
	for _, bad := range []map[string]any{
		{"locale": "nl", "id": "bestaat/niet"},
		{"locale": "nl", "id": ""},
		{"locale": "xx-bad", "id": "energie/meterstand-doorgeven"},
		{"locale": "nl", "id": "energie/meterstand-doorgeven", "handoff": 999},
	} {
		if res, body := a.postJSONAs("/agent/api/links", bad, csrf); res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("send %v: %d %s", bad, res.StatusCode, body)
		}
	}
	// Without the form token nothing is made.
	if res, _ := a.postJSONAs("/agent/api/links", map[string]any{"locale": "nl", "id": "energie/meterstand-doorgeven"}, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("send without the token: %d", res.StatusCode)
	}
	if res, _ := a.post("/agent/links", url.Values{"locale": {"nl"}, "id": {"energie/meterstand-doorgeven"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("send with the form without the token: %d", res.StatusCode)
	}
	if n := links.made.Load(); n != 1 {
		t.Errorf("%d links made, want only the public one", n)
	}

	// Without scripts: the form makes the link and the article shows it.
	res, _ = a.post("/agent/links", url.Values{"csrf": {csrf}, "locale": {"en"}, "id": {"energie/meterstand-doorgeven"}, "handoff": {"0"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/agent/articles/en/energie/meterstand-doorgeven?link=") {
		t.Fatalf("send with the form: %d %s", res.StatusCode, loc)
	}
	code := strings.TrimPrefix(loc, "/agent/articles/en/energie/meterstand-doorgeven?link=")
	if _, body := a.get(loc); !strings.Contains(body, `<input id="kn-link" readonly value="`+d.URL+`/l/`+code+`">`) || strings.Contains(body, "data-kn-sent hidden") {
		t.Errorf("the article does not show the link made")
	}
	// Another article's link is not shown as this one's.
	if _, body := a.get("/agent/articles/nl/energie/slimme-meter?link=" + code); strings.Contains(body, "/l/"+code) {
		t.Errorf("an article shows another article's link")
	}
	if res, _ := customer.get("/l/" + code); res.Header.Get("Location") != "/en/articles/energie/meterstand-doorgeven" {
		t.Errorf("English link leads to %s", res.Header.Get("Location"))
	}
}

func TestSendLinkBaseURL(t *testing.T) {
	d := newTestDesk(t, func(o *agentdesk.Options) { o.BaseURL = "https://help.example.nl/" })
	a := d.browser(t)
	csrf := a.signIn("anna")
	_, body := a.postJSONAs("/agent/api/links", map[string]any{"locale": "nl", "id": "energie/meterstand-doorgeven"}, csrf)
	var l sentLink
	if err := json.Unmarshal([]byte(body), &l); err != nil || l.URL != "https://help.example.nl/l/"+l.Code {
		t.Errorf("link with a base URL: %s", body)
	}
}

// TestShortLinkNeverLeadsInside: a link names an article, which is looked up
// among the public ones each time: a link whose article became internal,
// or was removed, leads nowhere.
func TestShortLinkNeverLeadsInside(t *testing.T) {
	d := newTestDesk(t, nil)
	customer := d.browser(t)
	for _, id := range []string{"contract/klantbehoud-aanbiedingen", "energie/bestaat-niet-meer"} {
		l := &loket.ShortLink{Locale: "nl", ArticleID: id, Agent: "anna"}
		if err := d.db.CreateShortLink(t.Context(), l); err != nil {
			t.Fatal(err)
		}
		res, body := customer.get("/l/" + l.Code)
		if res.StatusCode != http.StatusNotFound || res.Header.Get("Location") != "" {
			t.Errorf("link to %s: %d %s", id, res.StatusCode, res.Header.Get("Location"))
		}
		if strings.Contains(body, "klantbehoud") || strings.Contains(body, "RET-2026") || !strings.Contains(body, "Deze link werkt niet meer") ||
			!strings.Contains(body, `href="/nl/"`) {
			t.Errorf("link to %s shows:\n%s", id, body)
		}
	}
	res, body := customer.get("/l/zzzzzz")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "Deze link werkt niet meer") || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("unknown code: %d", res.StatusCode)
	}
	if events, _ := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventView}); len(events) != 0 {
		t.Errorf("links that lead nowhere recorded views: %+v", events)
	}
}
