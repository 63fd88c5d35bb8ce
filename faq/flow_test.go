package faq_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/faq"
	"github.com/loket/loket/templates"
	"github.com/loket/loket/web"
)

// TestCanaryNeverPublic checks every public surface of the help site for an
// internal article, guide and category: pages, search, suggestions, the API,
// the sitemap, related links and listings.
func TestCanaryNeverPublic(t *testing.T) {
	s := newTestSite(t, withCanary(t), nil)
	paths := []string{
		"/nl/", "/en/", "/nl/categories/internet", "/nl/categories/energie",
		"/nl/search?q=" + canaryWord, "/en/search?q=" + canaryWord, "/nl/search?q=" + canaryWord + "-9931",
		"/nl/search?q=kanariepiet", "/nl/search?q=hoe+werkt+de+regeling",
		"/api/v1/search?q=" + canaryWord, "/api/v1/search?q=" + canaryWord + "&locale=nl",
		"/api/v1/suggest?q=kanar&locale=nl", "/api/v1/suggest?q=hoe+werkt+de+kan", "/api/v1/suggest?q=" + canaryWord,
		"/sitemap.xml", "/robots.txt",
		"/nl/articles/account/wachtwoord-vergeten", "/nl/articles/energie/meterstand-doorgeven",
		"/nl/guides/energie/hoge-jaarafrekening", "/nl/contact?q=" + canaryWord,
	}
	for _, p := range paths {
		res, body := s.get(t, p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
		for _, leak := range []string{canaryWord, "geheim/kanarie", "geheim/gids", "RET-2026", "identiteit-verifieren", "klantbehoud-aanbiedingen"} {
			// The search box echoes the query; a leak is anything beyond it.
			if n := strings.Count(body, leak); n > strings.Count(p, leak)*4 {
				t.Errorf("%s shows %q (%d times)", p, leak, n)
			}
		}
	}
	// The contact page's answers come from the same public search.
	token := s.token(t, "/nl/contact")
	_, body := s.post(t, "/nl/contact", url.Values{"csrf": {token}, "question": {"hoe werkt de " + canaryWord + " regeling"}})
	if strings.Contains(body, "geheim/kanarie") {
		t.Error("the contact page offers an internal article")
	}
	for _, p := range []string{"/nl/articles/geheim/kanarie", "/en/articles/geheim/kanarie", "/nl/guides/geheim/gids", "/nl/categories/geheim",
		"/nl/articles/account/identiteit-verifieren", "/nl/guides/energie/meterstand-betwist"} {
		if res, _ := s.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("internal %s: %d, want 404", p, res.StatusCode)
		}
	}
	// Feedback on an internal article is refused as if it did not exist.
	token = s.token(t, "/nl/")
	if res, _ := s.post(t, "/nl/articles/geheim/kanarie", url.Values{"csrf": {token}, "vote": {"yes"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("vote on internal article: %d", res.StatusCode)
	}
	// A form naming an internal article as shown does not put it in the handoff.
	_, _ = s.post(t, "/nl/contact/send", url.Values{"csrf": {token}, "question": {"vraag"}, "email": {"a@example.nl"},
		"offered": {"geheim/kanarie,account/identiteit-verifieren,account/wachtwoord-vergeten"}})
	hs, _ := s.db.FindHandoffs(context.Background(), loket.HandoffFilter{})
	if len(hs) != 1 || len(hs[0].Offered) != 1 || hs[0].Offered[0].ArticleID != "account/wachtwoord-vergeten" {
		t.Errorf("handoff offers = %+v", hs)
	}
}

func TestFeedbackFlow(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	const path = "/nl/articles/energie/meterstand-doorgeven"
	token := s.token(t, path)
	res, _ := s.post(t, path, url.Values{"csrf": {token}, "vote": {"no"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"?feedback=comment#feedback" {
		t.Fatalf("vote no: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := s.get(t, path+"?feedback=comment")
	if !strings.Contains(body, `name="comment"`) || !strings.Contains(body, "Wat miste je?") {
		t.Error("after No, no comment field")
	}
	res, _ = s.post(t, path, url.Values{"csrf": {token}, "step": {"comment"}, "comment": {"Mijn meter heeft drie telwerken."}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "feedback=thanks") {
		t.Fatalf("comment: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := s.get(t, path+"?feedback=thanks"); !strings.Contains(body, "Bedankt voor je reactie") {
		t.Error("no thanks")
	}
	// With JavaScript, the answer is JSON.
	res, body = s.post(t, path, url.Values{"csrf": {token}, "vote": {"yes"}}, "Accept", "application/json")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"thanks"`) {
		t.Errorf("JSON vote: %d %s", res.StatusCode, body)
	}
	c, err := s.db.CountVotes(context.Background(), "nl", "energie/meterstand-doorgeven")
	if err != nil || c != (loket.VoteCount{Yes: 1, No: 1}) {
		t.Errorf("votes = %+v, %v", c, err)
	}
	comments, _ := s.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventComment})
	if len(comments) != 1 || comments[0].Data["comment"] != "Mijn meter heeft drie telwerken." || comments[0].ArticleID != "energie/meterstand-doorgeven" {
		t.Errorf("comment events = %+v", comments)
	}
	if res, _ := s.post(t, path, url.Values{"csrf": {token}, "vote": {"maybe"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad vote: %d", res.StatusCode)
	}
	views, _ := s.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventView})
	if len(views) == 0 || views[0].ArticleID != "energie/meterstand-doorgeven" || views[0].Session == "" {
		t.Errorf("view events = %+v", views)
	}
}

func TestContactFlow(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	ctx := context.Background()
	token := s.token(t, "/nl/contact")
	// Step 1 without a question asks for one.
	res, body := s.post(t, "/nl/contact", url.Values{"csrf": {token}, "question": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Vul je vraag in") {
		t.Errorf("empty question: %d", res.StatusCode)
	}
	// Step 2: answers first, then the options.
	res, body = s.post(t, "/nl/contact", url.Values{"csrf": {token}, "question": {"Ik ben mijn wachtwoord vergeten"}})
	wantStatus(t, res, body, http.StatusOK)
	answers := strings.Index(body, "Misschien helpt dit al")
	options := strings.Index(body, "Kwam je er niet uit?")
	if answers < 0 || options < answers || !strings.Contains(body, "account/wachtwoord-vergeten?cid=") || !strings.Contains(body, `href="tel:0881234567"`) {
		t.Fatalf("step 2: answers at %d, options at %d", answers, options)
	}
	cid := regexp.MustCompile(`name="cid" value="([^"]+)"`).FindStringSubmatch(body)[1]
	offered := regexp.MustCompile(`name="offered" value="([^"]+)"`).FindStringSubmatch(body)[1]
	// Opening a suggested article counts as a possible deflection.
	s.get(t, "/nl/articles/account/wachtwoord-vergeten?cid="+cid+"&from=contact")
	deflects, _ := s.db.FindEvents(ctx, loket.EventFilter{Type: loket.EventDeflect})
	if len(deflects) != 1 || deflects[0].Session != cid || deflects[0].ArticleID != "account/wachtwoord-vergeten" {
		t.Errorf("deflect events = %+v", deflects)
	}
	// A form with a wrong e-mail address is shown again with the error.
	form := url.Values{"csrf": {token}, "cid": {cid}, "offered": {offered}, "question": {"Ik ben mijn wachtwoord vergeten en de mail komt niet"},
		"name": {"Anna de Vries"}, "email": {"anna@"}}
	res, body = s.post(t, "/nl/contact/send", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Dit e-mailadres klopt niet") || !strings.Contains(body, "Anna de Vries") {
		t.Errorf("bad e-mail: %d", res.StatusCode)
	}
	form.Set("email", "anna@example.nl")
	res, _ = s.post(t, "/nl/contact/send", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/nl/contact/sent?ref=") {
		t.Fatalf("send: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = s.get(t, res.Header.Get("Location"))
	if !strings.Contains(body, "Je vraag is verstuurd") || !strings.Contains(body, "referentienummer is 1") {
		t.Error("no confirmation")
	}
	hs, err := s.db.FindHandoffs(ctx, loket.HandoffFilter{})
	if err != nil || len(hs) != 1 {
		t.Fatalf("handoffs: %d %v", len(hs), err)
	}
	h := hs[0]
	if h.Channel != loket.ChannelWeb || h.Locale != "nl" || h.Question != "Ik ben mijn wachtwoord vergeten en de mail komt niet" ||
		h.Contact.Email != "anna@example.nl" || h.Contact.Name != "Anna de Vries" || h.Session != cid || h.Reason != loket.ReasonContactForm ||
		len(h.Offered) == 0 || h.Offered[0].ArticleID != "account/wachtwoord-vergeten" || h.Offered[0].URL == "" || h.Status != loket.HandoffWaiting {
		t.Errorf("handoff = %+v", h)
	}
	events, _ := s.db.FindEvents(ctx, loket.EventFilter{Type: loket.EventHandoff})
	if len(events) != 1 || events[0].Session != cid {
		t.Errorf("handoff events = %+v", events)
	}
	// A guide that escalates leads to the contact page with the question.
	_, body = s.get(t, "/nl/guides/internet/geen-internet?step=monteur&path=storing,lampjes,kabel")
	if !strings.Contains(body, "/nl/contact?q=Geen&#43;internet&#43;thuis") {
		t.Errorf("escalated guide does not lead to contact:\n%.300s", body)
	}
}

func TestAPI(t *testing.T) {
	s := newTestSite(t, demo.FS(), func(o *faq.Options) { o.CORSOrigins = []string{"https://www.helder.example"} })
	res, body := s.get(t, "/api/v1/search?q=wachtwoord+vergeten&locale=nl&limit=3", "Origin", "https://www.helder.example")
	wantStatus(t, res, body, http.StatusOK)
	var out struct {
		Query, Locale string
		Total, Page   int
		Hits          []struct{ ID, Kind, Locale, Title, URL, Snippet, Category string }
		Facets        []struct {
			Category, Title string
			Count           int
		}
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Hits) != 3 || out.Hits[0].ID != "account/wachtwoord-vergeten" || out.Hits[0].URL != s.URL+"/nl/articles/account/wachtwoord-vergeten" ||
		out.Hits[0].Snippet == "" || out.Hits[0].Title == "" || out.Total < 3 || len(out.Facets) == 0 || out.Facets[0].Title == "" {
		t.Errorf("search = %+v", out)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "https://www.helder.example" {
		t.Errorf("CORS for an allowed origin: %q", res.Header.Get("Access-Control-Allow-Origin"))
	}
	res, _ = s.get(t, "/api/v1/search?q=wifi", "Origin", "https://evil.example")
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS allowed for another origin")
	}
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/api/v1/suggest", nil)
	req.Header.Set("Origin", "https://www.helder.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	if res, _ := s.do(t, req); res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Methods") == "" {
		t.Errorf("preflight: %d %v", res.StatusCode, res.Header)
	}
	res, body = s.get(t, "/api/v1/suggest?q=geen+int&locale=nl")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"id":"internet/geen-internet"`) || !strings.Contains(body, `"kind":"guide"`) {
		t.Errorf("suggest: %d %s", res.StatusCode, body)
	}
	for _, bad := range []string{"/api/v1/search?q=x&locale=xx", "/api/v1/search?q=x&locale=de", "/api/v1/suggest?q=x&locale=klingon"} {
		res, body := s.get(t, bad)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"code":"invalid"`) {
			t.Errorf("%s: %d %s", bad, res.StatusCode, body)
		}
	}
	if _, body := s.get(t, "/api/v1/search?q="); !strings.Contains(body, `"hits":[]`) {
		t.Errorf("empty query: %s", body)
	}
	res, body = s.get(t, "/api/v1/openapi.json")
	var spec struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &spec); err != nil || !strings.HasPrefix(spec.OpenAPI, "3.") || spec.Paths["/api/v1/search"] == nil || spec.Paths["/api/v1/suggest"] == nil {
		t.Errorf("openapi.json: %v %+v", err, spec)
	}
	searches, _ := s.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventSearch, Channel: loket.ChannelAPI})
	if len(searches) == 0 || searches[0].Query != "wachtwoord vergeten" || searches[0].Results < 3 {
		t.Errorf("API search events = %+v", searches)
	}
}

func TestSearchEvents(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	s.get(t, "/nl/search?q=zzxxqqvvww")
	s.get(t, "/en/search?q=meter+reading")
	s.get(t, "/en/search?q=meter+reading&page=2")
	events, _ := s.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventSearch})
	if len(events) != 2 {
		t.Fatalf("search events: %d, want 2 (later pages are not new searches)", len(events))
	}
	if e := events[0]; e.Query != "zzxxqqvvww" || e.Results != 0 || e.Locale != "nl" || e.Channel != loket.ChannelWeb {
		t.Errorf("zero-result event = %+v", e)
	}
	_, body := s.get(t, "/nl/search?q=zzxxqqvvww")
	for _, want := range []string{"We hebben niets gevonden", "Of kies een onderwerp", "/nl/categories/internet", "/nl/contact"} {
		if !strings.Contains(body, want) {
			t.Errorf("zero results page lacks %q", want)
		}
	}
	_, body = s.get(t, "/nl/search?q=betalen&page=2")
	if !strings.Contains(body, `rel="prev"`) || !strings.Contains(body, `aria-current="page">2<`) {
		t.Error("page 2 has no pager")
	}
}

func TestSitemapAndRobots(t *testing.T) {
	s := newTestSite(t, withCanary(t), func(o *faq.Options) { o.BaseURL = "https://help.helder.example" })
	res, body := s.get(t, "/sitemap.xml")
	wantStatus(t, res, body, http.StatusOK)
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
		if !strings.HasPrefix(u.Loc, "https://help.helder.example/") {
			t.Errorf("sitemap URL %s is not on the public address", u.Loc)
		}
	}
	for _, want := range []string{"https://help.helder.example/nl/", "https://help.helder.example/en/articles/account/wachtwoord-vergeten", "https://help.helder.example/nl/guides/internet/geen-internet", "https://help.helder.example/nl/categories/internet"} {
		if !locs[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if len(set.URLs) < 80 {
		t.Errorf("sitemap has %d URLs", len(set.URLs))
	}
	_, robots := s.get(t, "/robots.txt")
	if !strings.Contains(robots, "Sitemap: https://help.helder.example/sitemap.xml") || !strings.Contains(robots, "Disallow: /api/") {
		t.Errorf("robots.txt = %s", robots)
	}
	_, page := s.get(t, "/nl/")
	if !strings.Contains(page, `<link rel="canonical" href="https://help.helder.example/nl/">`) {
		t.Error("canonical does not use the public address")
	}
}

func TestCachingAndCompression(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	const path = "/nl/articles/account/wachtwoord-vergeten"
	res, _ := s.get(t, path)
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("article without ETag")
	}
	if res, _ := s.get(t, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	} else if csp := res.Header.Get("Content-Security-Policy"); csp != web.PageCSP {
		// The browser stores a 304's headers with the page: a stricter policy
		// there would block the page's style sheet on the next visit.
		t.Errorf("304 Content-Security-Policy = %q, want the page's", csp)
	}
	// Assets: fingerprinted, cached for a year, compressed.
	_, body := s.get(t, "/nl/")
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no fingerprinted style sheet")
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+css[1], nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if !strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") || res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("asset headers: %v", res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); !strings.Contains(string(b), "--accent") {
		t.Error("asset does not decompress to the style sheet")
	}
	// Pages are compressed on the fly.
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/nl/search?q=wifi", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Error("search page not compressed")
	}
	if res, _ := s.get(t, "/site/logo?v=x"); res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("logo: %v", res.Header)
	}
	if _, body := s.get(t, "/site/style.css"); !strings.Contains(body, "--accent:#0b6e4f") {
		t.Errorf("site style: %s", body)
	}
}

func TestRateLimit(t *testing.T) {
	s := newTestSite(t, demo.FS(), func(o *faq.Options) {
		o.Search = web.NewLimiter(2, 2, nil)
		o.Forms = web.NewLimiter(1, 1, nil)
	})
	for i := 0; i < 2; i++ {
		if res, _ := s.get(t, "/nl/search?q=wifi"); res.StatusCode != http.StatusOK {
			t.Fatalf("search %d: %d", i, res.StatusCode)
		}
	}
	res, body := s.get(t, "/nl/search?q=wifi")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Even rustig aan") {
		t.Errorf("third search: %d", res.StatusCode)
	}
	res, body = s.get(t, "/api/v1/search?q=wifi")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, `"rate_limited"`) {
		t.Errorf("API over the limit: %d %s", res.StatusCode, body)
	}
	token := s.token(t, "/nl/contact")
	s.post(t, "/nl/contact", url.Values{"csrf": {token}, "question": {"a"}})
	if res, _ := s.post(t, "/nl/contact", url.Values{"csrf": {token}, "question": {"b"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("second form: %d", res.StatusCode)
	}
	// Pages other than search and forms are not limited.
	if res, _ := s.get(t, "/nl/articles/account/wachtwoord-vergeten"); res.StatusCode != http.StatusOK {
		t.Errorf("article under the limit: %d", res.StatusCode)
	}
}

// TestMessageKeys checks that every text key the templates use exists, in
// every language (LoadMessages checks that the languages agree).
func TestMessageKeys(t *testing.T) {
	m, err := web.LoadMessages(templates.Messages(), "en")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`\.T "([a-z0-9.]+)"`)
	err = fs.WalkDir(templates.Pages(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templates.Pages(), p)
		for _, k := range key.FindAllStringSubmatch(string(b), -1) {
			if !m.Has(k[1]) {
				t.Errorf("%s uses unknown message %q", p, k[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
