package agentdesk_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/agentdesk"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/store/sqlite"
	"github.com/loket/loket/web"
)

var quiet = slog.New(slog.DiscardHandler)

var demoKB struct {
	once sync.Once
	kb   *kb.KB
	err  error
}

func knowledge(tb testing.TB) *kb.KB {
	tb.Helper()
	demoKB.once.Do(func() {
		dir, err := os.MkdirTemp("", "loket-agentdesk-test-")
		if err != nil {
			demoKB.err = err
			return
		}
		demoKB.kb, demoKB.err = kb.Open(context.Background(), kb.Options{FS: demo.FS(), IndexDir: dir, Logger: quiet})
	})
	if demoKB.err != nil {
		tb.Fatal(demoKB.err)
	}
	return demoKB.kb
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// testDesk is the panel behind a real server, with a SQLite database, the
// demo knowledge base and users anna (agent), eva (editor) and dirk
// (disabled).
type testDesk struct {
	*httptest.Server
	db     *sqlite.DB
	engine *gin.Engine
	clock  *clock
}

const password = "correct horse battery"

func newTestDesk(tb testing.TB, mutate func(*agentdesk.Options)) *testDesk {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "loket.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Now().UTC()}
	hash, err := agentdesk.HashPassword(password)
	if err != nil {
		tb.Fatal(err)
	}
	for _, u := range []*loket.User{{Name: "anna", Role: loket.RoleAgent}, {Name: "eva", Role: loket.RoleEditor}, {Name: "dirk", Role: loket.RoleAgent, Disabled: true}} {
		if err := db.CreateUser(context.Background(), u, hash); err != nil {
			tb.Fatal(err)
		}
	}
	k := knowledge(tb)
	internal := k.Library(loket.AudienceInternal)
	opts := agentdesk.Options{
		Library: internal, Public: k.Library(loket.AudiencePublic),
		Answerer: assistant.NewEngine(assistant.EngineOptions{Library: internal, Logger: quiet}),
		Users:    db, Handoffs: db, Flags: db, Links: db, Events: db,
		Key: []byte("0123456789abcdef0123456789abcdef"), Logger: quiet, Now: clk.Now,
	}
	if mutate != nil {
		mutate(&opts)
	}
	d, err := agentdesk.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	e := web.New(web.Options{Logger: quiet})
	d.Register(e)
	ts := httptest.NewServer(e)
	tb.Cleanup(ts.Close)
	return &testDesk{Server: ts, db: db, engine: e, clock: clk}
}

// agent is a browser: a cookie jar that does not follow redirects.
type agent struct {
	tb     testing.TB
	base   string
	client *http.Client
}

func (d *testDesk) browser(tb testing.TB) *agent {
	jar, _ := cookiejar.New(nil)
	return &agent{tb: tb, base: d.URL, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (a *agent) do(req *http.Request) (*http.Response, string) {
	a.tb.Helper()
	res, err := a.client.Do(req)
	if err != nil {
		a.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (a *agent) get(path string) (*http.Response, string) {
	a.tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.base+path, nil)
	return a.do(req)
}

func (a *agent) post(path string, form url.Values, header ...string) (*http.Response, string) {
	a.tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.do(req)
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

// token returns the CSRF token of a page.
func (a *agent) token(path string) string {
	a.tb.Helper()
	_, body := a.get(path)
	m := csrfMeta.FindStringSubmatch(body)
	if m == nil {
		a.tb.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// signIn signs the browser in and returns the panel's CSRF token.
func (a *agent) signIn(name string) string {
	a.tb.Helper()
	res, body := a.post("/agent/login", url.Values{"csrf": {a.token("/agent/login")}, "name": {name}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/agent/" {
		a.tb.Fatalf("sign in as %s: %d %s\n%.300s", name, res.StatusCode, res.Header.Get("Location"), body)
	}
	return a.token("/agent/")
}
