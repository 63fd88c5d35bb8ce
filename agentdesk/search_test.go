package agentdesk_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/templates"
)

// postJSONAs posts body as JSON with the CSRF token in the header (none
// when csrf is "").
func (a *agent) postJSONAs(path string, body any, csrf string) (*http.Response, string) {
	a.tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		a.tb.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, a.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	return a.do(req)
}

// getJSONInto gets path and decodes the JSON answer into v.
func (a *agent) getJSONInto(path string, v any) *http.Response {
	a.tb.Helper()
	res, body := a.get(path)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		a.tb.Fatalf("GET %s: %d, not JSON: %v\n%.300s", path, res.StatusCode, err, body)
	}
	return res
}

// hitBlock returns the search result on a search page that links to
// href: the <li> around it.
func hitBlock(tb testing.TB, body, href string) string {
	tb.Helper()
	i := strings.Index(body, `href="`+href+`"`)
	if i < 0 {
		tb.Fatalf("no result links to %s", href)
	}
	start := strings.LastIndex(body[:i], "<li")
	end := strings.Index(body[i:], "</li>")
	return body[start : i+end]
}

func TestSearchShowsInternalAndPublic(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	for _, q := range []string{"RET-2026-15", "klantbehoud"} {
		res, body := a.get("/agent/search?q=" + url.QueryEscape(q))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("search %q: %d", q, res.StatusCode)
		}
		hit := hitBlock(t, body, "/agent/articles/nl/contract/klantbehoud-aanbiedingen")
		if !strings.Contains(hit, "kn-hit-internal") || !strings.Contains(hit, `class="kn-badge kn-badge-internal"`) || !strings.Contains(hit, ">Intern<") {
			t.Errorf("search %q: the internal article is not marked internal, in words:\n%s", q, hit)
		}
	}
	_, body := a.get("/agent/search?q=meterstand+doorgeven")
	hit := hitBlock(t, body, "/agent/articles/nl/energie/meterstand-doorgeven")
	if strings.Contains(hit, "kn-hit-internal") || strings.Contains(hit, ">Intern<") {
		t.Errorf("a public article is marked internal:\n%s", hit)
	}
	if !strings.Contains(hit, "Zeg dit:") || !strings.Contains(hit, "app Mijn Helder") {
		t.Errorf("the hit lacks the voice answer:\n%s", hit)
	}
	if !strings.Contains(hit, "<mark>") || !strings.Contains(hit, `class="kn-category">Stroom en gas<`) {
		t.Errorf("the hit lacks a snippet with the match or the category:\n%s", hit)
	}
	// The internal guide is found too, and opens in the guide runner.
	_, body = a.get("/agent/search?q=" + url.QueryEscape("klant betwist meterstand"))
	hit = hitBlock(t, body, "/agent/guides/nl/energie/meterstand-betwist")
	if !strings.Contains(hit, "Stappenplan") || !strings.Contains(hit, "Intern") {
		t.Errorf("the internal guide hit:\n%s", hit)
	}
	// The search is recorded, on the agent channel.
	events, err := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventSearch, Channel: loket.ChannelAgent})
	if err != nil || len(events) != 4 || events[0].Query != "RET-2026-15" || events[0].Results == 0 {
		t.Errorf("search events = %v, %v", events, err)
	}
}

// TestPublicSiteNeverShowsInternal: what the agent finds above, the public
// library, which the help site and its API search, never returns.
func TestPublicSiteNeverShowsInternal(t *testing.T) {
	public := knowledge(t).Library(loket.AudiencePublic)
	for _, q := range []string{"RET-2026-15", "klantbehoud", "klant betwist meterstand", "kortingscode bij opzegging"} {
		res, err := public.Search(t.Context(), loket.Query{Text: q, Limit: loket.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Meta.Audience == loket.AudienceInternal || h.Meta.ID == "contract/klantbehoud-aanbiedingen" {
				t.Errorf("public search %q finds internal %s", q, h.Meta.ID)
			}
		}
	}
	if _, err := public.Article("nl", "contract/klantbehoud-aanbiedingen"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("public library opens the internal article: %v", err)
	}
	if _, err := public.Guide("nl", "energie/meterstand-betwist"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("public library opens the internal guide: %v", err)
	}
}

// searchResult is the JSON of /agent/api/search.
type searchResult struct {
	Query     string          `json:"query"`
	Locale    string          `json:"locale"`
	Hits      []searchHitJSON `json:"hits"`
	More      bool            `json:"more"`
	SearchURL string          `json:"search_url"`
}

type searchHitJSON struct {
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Locale   string `json:"locale"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Guide    bool   `json:"guide"`
	Internal bool   `json:"internal"`
	Category string `json:"category"`
	Snippet  []struct {
		Text string `json:"text"`
		Mark bool   `json:"mark"`
	} `json:"snippet"`
	Voice        string `json:"voice"`
	Translations []struct {
		Locale string `json:"locale"`
		URL    string `json:"url"`
	} `json:"translations"`
}

func TestSearchAPI(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	if res, body := a.get("/agent/api/search?q=RET-2026-15"); res.StatusCode != http.StatusUnauthorized || strings.Contains(body, "klantbehoud") {
		t.Fatalf("anonymous API search: %d %s", res.StatusCode, body)
	}
	a.signIn("anna")
	var r searchResult
	if res := a.getJSONInto("/agent/api/search?q=RET-2026-15&handoff=4", &r); res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("API search: %d", res.StatusCode)
	}
	i := slices.IndexFunc(r.Hits, func(h searchHitJSON) bool { return h.ID == "contract/klantbehoud-aanbiedingen" })
	if i < 0 || !r.Hits[i].Internal || r.Hits[i].URL != "/agent/articles/nl/contract/klantbehoud-aanbiedingen?handoff=4" {
		t.Fatalf("API search for RET-2026-15: %+v", r.Hits)
	}
	var marked bool
	for _, p := range r.Hits[i].Snippet {
		marked = marked || p.Mark && strings.Contains(p.Text, "RET")
		if strings.Contains(p.Text, "<") {
			t.Errorf("snippet part with markup: %q", p.Text)
		}
	}
	if !marked {
		t.Errorf("the snippet does not mark the code: %+v", r.Hits[i].Snippet)
	}
	// Every locale by default: one hit per document, in Dutch, with its
	// translations.
	r = searchResult{}
	a.getJSONInto("/agent/api/search?q=meterstand+doorgeven", &r)
	if r.Locale != "" || len(r.Hits) == 0 {
		t.Fatalf("API search across locales: %+v", r)
	}
	seen := map[string]bool{}
	for _, h := range r.Hits {
		if seen[h.Kind+h.ID] {
			t.Errorf("%s found twice", h.ID)
		}
		seen[h.Kind+h.ID] = true
		if h.ID == "energie/meterstand-doorgeven" {
			if h.Locale != "nl" || h.Internal || h.Voice == "" || len(h.Translations) != 1 || h.Translations[0].Locale != "en" {
				t.Errorf("meterstand-doorgeven: %+v", h)
			}
		}
	}
	if !seen["articleenergie/meterstand-doorgeven"] {
		t.Errorf("meterstand-doorgeven not found: %+v", r.Hits)
	}
	// A locale filter, and the limit.
	r = searchResult{}
	a.getJSONInto("/agent/api/search?q=meter&locale=en&limit=3", &r)
	if len(r.Hits) == 0 || len(r.Hits) > 3 || !r.More {
		t.Errorf("English search with limit 3: %d hits, more %v", len(r.Hits), r.More)
	}
	for _, h := range r.Hits {
		if h.Locale != "en" {
			t.Errorf("English search found %s %s", h.Locale, h.ID)
		}
	}
	if res, _ := a.get("/agent/api/search?q=meter&locale=fr"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown locale: %d", res.StatusCode)
	}
	r = searchResult{}
	if res := a.getJSONInto("/agent/api/search?q=", &r); res.StatusCode != 200 || r.Hits == nil || len(r.Hits) != 0 {
		t.Errorf("empty query: %d %+v", res.StatusCode, r)
	}
	// Typing is not recorded as searches.
	if events, _ := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventSearch}); len(events) != 0 {
		t.Errorf("type-ahead recorded %d searches", len(events))
	}
}

func TestSearchPageWithoutResults(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	res, body := a.get("/agent/search?q=" + url.QueryEscape("<script>zzqx</script>") + "&handoff=3")
	if res.StatusCode != 200 || strings.Contains(body, "<script>zzqx") || !strings.Contains(body, "&lt;script&gt;zzqx") {
		t.Fatalf("search for markup: %d, not escaped", res.StatusCode)
	}
	if !strings.Contains(body, `href="/agent/draft?handoff=3&amp;q=%3Cscript%3Ezzqx%3C%2Fscript%3E"`) {
		t.Errorf("nothing found offers no draft for the question")
	}
	// The search box keeps the contact being handled.
	if !strings.Contains(body, `<input type="hidden" name="handoff" value="3">`) {
		t.Errorf("the search box drops the handoff")
	}
	if !strings.Contains(body, `<a href="/agent/handoffs/3">Terug naar contact 3</a>`) {
		t.Errorf("no way back to the contact being handled")
	}
}

// TestSearchBoxIsTheSameEverywhere: the pages of the knowledge tools show
// the one search box the layout defines, so that it cannot differ between
// them.
func TestSearchBoxIsTheSameEverywhere(t *testing.T) {
	layout, err := fs.ReadFile(templates.AgentPages(), "layout.html")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(layout), `{{define "kn-box"}}`); n != 1 {
		t.Fatalf("layout.html defines the search box %d times, want once", n)
	}
	for _, name := range []string{"search.html", "article.html", "guide.html", "draft.html"} {
		b, err := fs.ReadFile(templates.AgentPages(), name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `{{template "kn-box" .}}`) {
			t.Errorf("%s does not show the search box", name)
		}
		if strings.Contains(string(b), `{{define "kn-box"}}`) {
			t.Errorf("%s defines a search box of its own", name)
		}
	}
}

// TestKnowledgeMessages: the knowledge tools' texts exist in Dutch and
// English, and every key the pages use is there.
func TestKnowledgeMessages(t *testing.T) {
	keys := func(name string) []string {
		b, err := fs.ReadFile(templates.Messages(), name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var out []string
		for k := range m {
			if !strings.HasPrefix(k, "kn.") {
				t.Errorf("%s: key %q lacks the kn. prefix", name, k)
			}
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	nl, en := keys("nl.knowledge.json"), keys("en.knowledge.json")
	if strings.Join(nl, " ") != strings.Join(en, " ") {
		t.Errorf("nl and en knowledge messages differ")
	}
	have := map[string]bool{}
	for _, k := range nl {
		have[k] = true
	}
	used := regexp.MustCompile(`T "(kn\.[a-z0-9.]+)"`)
	for _, name := range []string{"search.html", "article.html", "guide.html", "draft.html"} {
		b, _ := fs.ReadFile(templates.AgentPages(), name)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if !have[m[1]] {
				t.Errorf("%s uses unknown message %s", name, m[1])
			}
		}
	}
}
