package faq_test

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/faq"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/store/sqlite"
	"github.com/loket/loket/web"
	"log/slog"
)

// testSite is the help site on the demo content plus a canary: an internal
// category, article and guide whose words appear nowhere else.
type testSite struct {
	*httptest.Server
	db     *sqlite.DB
	client *http.Client
}

const canaryWord = "Kanariepietje"

func withCanary(tb testing.TB) fs.FS {
	tb.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(demo.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(demo.FS(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	m["nl/geheim/kanarie.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + canaryWord + " procedure\naudience: internal\ncategory: geheim\nquestions: [hoe werkt de " + canaryWord + " regeling]\n---\n\nGebruik code " + canaryWord + "-9931 alleen intern.\n")}
	m["en/geheim/kanarie.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + canaryWord + " procedure\naudience: internal\ncategory: geheim\n---\n\nInternal " + canaryWord + ".\n")}
	m["nl/geheim/gids.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + canaryWord + " stappen\ntype: guide\naudience: internal\ncategory: geheim\n---\n\n## Start {#start}\n\nResolved: geheim/kanarie\n")}
	m["nl/categories.yml"].Data = append(m["nl/categories.yml"].Data, []byte("\n- slug: geheim\n  title: "+canaryWord+" categorie\n")...)
	return m
}

func newTestSite(tb testing.TB, fsys fs.FS, mutate func(*faq.Options)) *testSite {
	tb.Helper()
	quiet := slog.New(slog.DiscardHandler)
	k, err := kb.Open(context.Background(), kb.Options{FS: fsys, IndexDir: tb.TempDir(), Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "loket.db"))
	if err != nil {
		tb.Fatal(err)
	}
	opts := faq.Options{Library: k.Library(loket.AudiencePublic), Events: db, Votes: db, Views: db, Handoffs: db,
		Visitors: web.NewVisitors([]byte("0123456789abcdef0123456789abcdef"), false), Logger: quiet, ChatURL: "/nl/chat"}
	if mutate != nil {
		mutate(&opts)
	}
	site, err := faq.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	e := web.New(web.Options{Logger: quiet})
	site.Register(e)
	e.NoRoute(func(c *gin.Context) { site.NotFound(c) })
	ts := httptest.NewServer(e)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tb.Cleanup(func() { ts.Close(); db.Close(); k.Close() })
	return &testSite{Server: ts, db: db, client: client}
}

func (s *testSite) get(tb testing.TB, path string, header ...string) (*http.Response, string) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(tb, req)
}

func (s *testSite) post(tb testing.TB, path string, form url.Values, header ...string) (*http.Response, string) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(tb, req)
}

func (s *testSite) do(tb testing.TB, req *http.Request) (*http.Response, string) {
	tb.Helper()
	res, err := s.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

// token returns the CSRF token of a page, as a visitor would get it.
func (s *testSite) token(tb testing.TB, path string) string {
	tb.Helper()
	_, body := s.get(tb, path)
	m := csrfMeta.FindStringSubmatch(body)
	if m == nil {
		tb.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

func wantStatus(tb testing.TB, res *http.Response, body string, status int) {
	tb.Helper()
	if res.StatusCode != status {
		tb.Fatalf("%s %s: status %d, want %d\n%.600s", res.Request.Method, res.Request.URL, res.StatusCode, status, body)
	}
}

func TestPages(t *testing.T) {
	s := newTestSite(t, withCanary(t), nil)
	pages := []struct{ path, want string }{
		{"/nl/", "Waarmee kunnen we je helpen?"},
		{"/en/", "How can we help?"},
		{"/nl/categories/internet", "Internet en wifi"},
		{"/en/categories/internet", "Internet and wifi"},
		{"/nl/articles/account/wachtwoord-vergeten", "Wachtwoord vergeten of wijzigen"},
		{"/en/articles/account/wachtwoord-vergeten", "Heeft dit artikel"[0:0] + "Did this article help you?"},
		{"/nl/search?q=paswoord", "Wachtwoord vergeten"},
		{"/nl/search?q=wachtwrd", "Bedoelde je"},
		{"/nl/search", "Typ hierboven je vraag"},
		{"/nl/contact", "Je vraag"},
		{"/nl/guides/internet/geen-internet", "Stap 1"},
		{"/nl/contact/sent?ref=12", "12"},
	}
	for _, p := range pages {
		res, body := s.get(t, p.path)
		wantStatus(t, res, body, http.StatusOK)
		if !strings.Contains(body, p.want) {
			t.Errorf("%s lacks %q", p.path, p.want)
		}
		lang := strings.Split(strings.TrimPrefix(p.path, "/"), "/")[0]
		if !strings.Contains(body, `<html lang="`+lang+`">`) {
			t.Errorf("%s: html lang is not %s", p.path, lang)
		}
		if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p.path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p.path)
		}
		if strings.Contains(body, `style="`) || regexp.MustCompile(`<script>`).MatchString(body) {
			t.Errorf("%s has inline style or script, which the CSP blocks", p.path)
		}
		if strings.Contains(body, "ZgotmplZ") {
			t.Errorf("%s has a value html/template refused (ZgotmplZ)", p.path)
		}
		if !strings.Contains(body, `href="tel:0881234567"`) {
			t.Errorf("%s lacks the phone link", p.path)
		}
	}
}

func TestArticleHead(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	_, body := s.get(t, "/nl/articles/account/wachtwoord-vergeten")
	for _, want := range []string{
		`<link rel="canonical" href="` + s.URL + `/nl/articles/account/wachtwoord-vergeten">`,
		`<link rel="alternate" hreflang="en" href="` + s.URL + `/en/articles/account/wachtwoord-vergeten">`,
		`<meta property="og:type" content="article">`,
		`"@type":"Article"`, `"@type":"BreadcrumbList"`,
		`<span aria-current="page">Wachtwoord vergeten of wijzigen</span>`,
		`Read this article in English`,
		`<time datetime="2026-02-02">2 februari 2026</time>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article lacks %s", want)
		}
	}
	var ld []string
	for _, m := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(body, -1) {
		var v any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Errorf("JSON-LD does not parse: %v", err)
		}
		ld = append(ld, m[1])
	}
	if len(ld) != 1 {
		t.Errorf("%d JSON-LD blocks", len(ld))
	}
	_, en := s.get(t, "/en/articles/account/wachtwoord-vergeten")
	if !strings.Contains(en, `Lees dit artikel in het Nederlands`) || !strings.Contains(en, "2 February 2026") {
		t.Error("English article lacks the Dutch link or the English date")
	}
}

func TestChooseLocale(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	for header, want := range map[string]string{
		"en-GB,en;q=0.9,nl;q=0.8": "/en/", "nl-BE": "/nl/", "fr-FR, de;q=0.5": "/nl/", "": "/nl/", "nl;q=0.2, en;q=0.9": "/en/",
	} {
		res, _ := s.get(t, "/", "Accept-Language", header)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
			t.Errorf("Accept-Language %q: %d %s, want %s", header, res.StatusCode, res.Header.Get("Location"), want)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Language") {
			t.Error("no Vary: Accept-Language")
		}
	}
	if res, _ := s.get(t, "/NL/articles/account/wachtwoord-vergeten"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/nl/articles/account/wachtwoord-vergeten" {
		t.Errorf("/NL/: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestBadInput(t *testing.T) {
	s := newTestSite(t, demo.FS(), nil)
	for _, path := range []string{"/de/", "/xx/articles/a", "/nl/articles/no/such/article", "/nl/categories/nope", "/nl/guides/nope", "/no-such-page/", "/static/app.css", "/static/app.0000000000.css"} {
		res, body := s.get(t, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
		if !strings.HasPrefix(path, "/static/") && !strings.Contains(body, "Deze pagina bestaat niet") {
			t.Errorf("%s: not the friendly 404 page", path)
		}
	}
	// A very long query is cut, not refused; query syntax is taken literally.
	for _, q := range []string{strings.Repeat("wachtwoord ", 1000), `title:* AND "`, "<script>alert(1)</script>"} {
		res, body := s.get(t, "/nl/search?q="+url.QueryEscape(q))
		wantStatus(t, res, body, http.StatusOK)
		if strings.Contains(body, "<script>alert(1)</script>") {
			t.Error("the query is echoed unescaped")
		}
	}
	// A 1 MB query that reaches the handler is cut to the first 500
	// characters and answered normally. (loket serve refuses request lines
	// over 64 KiB with 431 before they reach it; see cmd/loket.)
	res, body := s.get(t, "/nl/search?q="+strings.Repeat("a", 1<<20))
	wantStatus(t, res, body, http.StatusOK)
	if len(body) > 100<<10 {
		t.Errorf("the page for a 1 MB query is %d bytes", len(body))
	}
	// Forms without the visitor's token are refused, and nothing is stored.
	res, body = s.post(t, "/nl/articles/account/wachtwoord-vergeten", url.Values{"vote": {"yes"}})
	wantStatus(t, res, body, http.StatusForbidden)
	if !strings.Contains(body, "Je sessie is verlopen") {
		t.Error("403 page is not the friendly one")
	}
	res, _ = s.post(t, "/nl/articles/account/wachtwoord-vergeten", url.Values{"vote": {"yes"}, "csrf": {"forged"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("forged token: %d", res.StatusCode)
	}
	res, _ = s.post(t, "/nl/contact/send", url.Values{"question": {"x"}, "email": {"a@b.nl"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("contact without token: %d", res.StatusCode)
	}
	if c, _ := s.db.CountVotes(context.Background(), "nl", "account/wachtwoord-vergeten"); c.Yes+c.No != 0 {
		t.Errorf("a refused vote was stored: %+v", c)
	}
	if hs, _ := s.db.FindHandoffs(context.Background(), loket.HandoffFilter{}); len(hs) != 0 {
		t.Errorf("a refused contact was stored: %d", len(hs))
	}
	// A body over the limit is refused before it is read.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/nl/contact", strings.NewReader(strings.Repeat("a", 2<<20)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, _ = s.do(t, req)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB form: %d, want 413", res.StatusCode)
	}
}

// TestPunctuationInID serves an article whose id has punctuation that URLs
// must escape, as help-centre exports often have: the search API links to
// it and the link opens it.
func TestPunctuationInID(t *testing.T) {
	m := withCanary(t).(fstest.MapFS)
	m["en/billing/why-so-high?.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Why is my bill so high?\nid: why-so-high?\n---\n\nA Zwerfkatje bill rises after a cold month.\n")}
	s := newTestSite(t, m, nil)
	res, body := s.get(t, "/api/v1/search?locale=en&q=zwerfkatje")
	wantStatus(t, res, body, http.StatusOK)
	var out struct {
		Hits []struct{ ID, URL string }
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Hits) != 1 || out.Hits[0].ID != "why-so-high?" || !strings.HasSuffix(out.Hits[0].URL, "/en/articles/why-so-high%3F") {
		t.Fatalf("hits %+v, want why-so-high? at /en/articles/why-so-high%%3F", out.Hits)
	}
	res, body = s.get(t, "/en/articles/why-so-high%3F")
	wantStatus(t, res, body, http.StatusOK)
	if !strings.Contains(body, "Why is my bill so high?") {
		t.Fatalf("article page lacks its title:\n%.600s", body)
	}
}
