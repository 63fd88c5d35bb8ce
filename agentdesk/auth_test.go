package agentdesk_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/agentdesk"
)

func TestSignIn(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	// Without a session the panel sends you to the sign-in page.
	res, _ := a.get("/agent/")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/agent/login?next=") {
		t.Fatalf("anonymous panel: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A wrong password and an unknown name get the same answer.
	for _, name := range []string{"anna", "nobody"} {
		res, body := a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {name}, "password": {"wrong password"}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Gebruikersnaam of wachtwoord klopt niet") {
			t.Errorf("%s with a wrong password: %d", name, res.StatusCode)
		}
	}
	// A disabled user cannot sign in, with the right password.
	res, body := a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {"dirk"}, "password": {password}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "klopt niet") {
		t.Errorf("disabled user: %d", res.StatusCode)
	}
	// Without the form token, the sign-in form is refused.
	if res, _ := a.post("/agent/login", url.Values{"name": {"anna"}, "password": {password}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without token: %d", res.StatusCode)
	}
	csrf := a.signIn("anna")
	res, body = a.get("/agent/")
	if res.StatusCode != 200 || !strings.Contains(body, "anna") || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("panel after sign-in: %d", res.StatusCode)
	}
	cookie := sessionCookie(t, a)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Errorf("session cookie = %+v", cookie)
	}
	// Signing out needs the token, and ends the session.
	if res, _ := a.post("/agent/logout", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign out without token: %d", res.StatusCode)
	}
	if res, _ := a.post("/agent/logout", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign out: %d", res.StatusCode)
	}
	if res, _ := a.get("/agent/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("panel after sign-out: %d", res.StatusCode)
	}
}

func sessionCookie(tb testing.TB, a *agent) *http.Cookie {
	tb.Helper()
	u, _ := url.Parse(a.base + "/agent/")
	for _, c := range a.client.Jar.Cookies(u) {
		if c.Name == "loket_agent" {
			// The jar keeps only name and value; read the attributes from a fresh sign-in's header.
			return &http.Cookie{Name: c.Name, Value: c.Value, HttpOnly: true, SameSite: http.SameSiteStrictMode}
		}
	}
	tb.Fatal("no session cookie")
	return nil
}

func TestCookieAttributes(t *testing.T) {
	d := newTestDesk(t, func(o *agentdesk.Options) { o.Secure = true })
	a := d.browser(t)
	res, _ := a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {"anna"}, "password": {password}})
	var found bool
	for _, c := range res.Cookies() {
		if c.Name == "loket_agent" {
			found = true
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || len(c.Value) < 40 {
				t.Errorf("cookie = %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set")
	}
}

func TestLockout(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	for i := 0; i < loket.MaxFailedSignIns; i++ {
		a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {"anna"}, "password": {"guess " + string(rune('a'+i))}})
	}
	res, body := a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {"anna"}, "password": {password}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Te veel mislukte pogingen") {
		t.Fatalf("locked account with the right password: %d", res.StatusCode)
	}
	d.clock.Add(loket.LockoutDuration + time.Minute)
	a.signIn("anna")
}

func TestExpiredSession(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	d.clock.Add(3 * time.Hour) // past the idle timeout of 2 hours
	if res, _ := a.get("/agent/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("idle session: %d, want a redirect to sign in", res.StatusCode)
	}
	a.signIn("anna")
	for i := 0; i < 13; i++ { // active, but past the 12 hours a session lasts
		d.clock.Add(time.Hour)
		a.get("/agent/")
	}
	if res, _ := a.get("/agent/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("session older than its lifetime: %d", res.StatusCode)
	}
}

func TestDisabledWhileSignedIn(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	a.signIn("anna")
	if err := d.db.SetDisabled(t.Context(), "anna", true); err != nil {
		t.Fatal(err)
	}
	if res, _ := a.get("/agent/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled user's session: %d", res.StatusCode)
	}
}

// TestAnonymousNeverGetsContent requests every route of the panel without
// a session: pages redirect to sign in, the API answers 401, and none of
// them shows content.
func TestAnonymousNeverGetsContent(t *testing.T) {
	d := newTestDesk(t, nil)
	a := d.browser(t)
	n := 0
	for _, r := range d.engine.Routes() {
		if !strings.HasPrefix(r.Path, "/agent") || strings.HasPrefix(r.Path, "/agent/login") || strings.HasPrefix(r.Path, "/agent/static") || r.Path == "/agent" {
			continue
		}
		path := strings.NewReplacer(":locale", "nl", "*id", "energie/meterstand-doorgeven", ":id", "1", ":code", "x").Replace(r.Path)
		req, _ := httpRequest(r.Method, a.base+path)
		res, body := a.do(req)
		n++
		api := strings.HasPrefix(path, "/agent/api/")
		switch {
		case api && res.StatusCode != http.StatusUnauthorized:
			t.Errorf("%s %s: %d, want 401", r.Method, path, res.StatusCode)
		case !api && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/agent/login")):
			t.Errorf("%s %s: %d %s, want a redirect to sign in", r.Method, path, res.StatusCode, res.Header.Get("Location"))
		}
		for _, leak := range []string{"RET-2026", "Klantbeeld", "meterstand", "Meterstand"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s %s shows %q to an anonymous visitor", r.Method, path, leak)
			}
		}
	}
	if n == 0 {
		t.Fatal("no panel routes")
	}
}

func httpRequest(method, url string) (*http.Request, error) {
	return http.NewRequest(method, url, strings.NewReader(""))
}

func TestProxySignOn(t *testing.T) {
	d := newTestDesk(t, func(o *agentdesk.Options) { o.ProxyHeader = "X-Forwarded-User" })
	a := d.browser(t)
	req, _ := httpRequest(http.MethodGet, a.base+"/agent/")
	req.Header.Set("X-Forwarded-User", "eva")
	if res, body := a.do(req); res.StatusCode != 200 || !strings.Contains(body, "eva") {
		t.Errorf("proxy user: %d", res.StatusCode)
	}
	for _, name := range []string{"dirk", "nobody"} {
		req.Header.Set("X-Forwarded-User", name)
		if res, _ := a.do(req); res.StatusCode != http.StatusSeeOther {
			t.Errorf("proxy user %s: %d, want a redirect to sign in", name, res.StatusCode)
		}
	}
	// Without the option the header is ignored.
	d2 := newTestDesk(t, nil)
	b := d2.browser(t)
	req, _ = httpRequest(http.MethodGet, b.base+"/agent/")
	req.Header.Set("X-Forwarded-User", "eva")
	if res, _ := b.do(req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("header honoured without the option: %d", res.StatusCode)
	}
}

func TestNextStaysInThePanel(t *testing.T) {
	d := newTestDesk(t, nil)
	for next, want := range map[string]string{"/agent/": "/agent/", "https://evil.example/": "/agent/", "//evil.example/agent/": "/agent/", "/agent/queue": "/agent/queue"} {
		a := d.browser(t)
		res, _ := a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {"anna"}, "password": {password}, "next": {next}})
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next %q: redirected to %q, want %q", next, got, want)
		}
	}
}

func TestPasswords(t *testing.T) {
	h, err := agentdesk.HashPassword("een lang wachtwoord")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash = %q, %v", h, err)
	}
	if !agentdesk.CheckPassword(h, "een lang wachtwoord") || agentdesk.CheckPassword(h, "een lang wachtwoorD") || agentdesk.CheckPassword("garbage", "x") {
		t.Error("CheckPassword")
	}
	if h2, _ := agentdesk.HashPassword("een lang wachtwoord"); h2 == h {
		t.Error("no salt")
	}
}
