package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runCmd runs the command in process and returns its exit status and output.
func runCmd(tb testing.TB, environ map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{getenv: func(k string) string { return environ[k] }, stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}
	code := run(context.Background(), e, args)
	return code, stdout.String(), stderr.String()
}

func writeFile(tb testing.TB, dir, name, text string) {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestUsage(t *testing.T) {
	if code, _, errOut := runCmd(t, nil); code != 2 || !strings.Contains(errOut, "Commands:") {
		t.Errorf("no arguments: %d %q", code, errOut)
	}
	if code, _, _ := runCmd(t, nil, "help"); code != 0 {
		t.Errorf("help: %d", code)
	}
	if code, _, errOut := runCmd(t, nil, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, nil, "help", "lint"); code != 0 || !strings.Contains(errOut, "-strict") {
		t.Errorf("help lint: %d %q", code, errOut)
	}
	if code, _, _ := runCmd(t, nil, "lint", "--no-such-flag", "x"); code != 2 {
		t.Errorf("bad flag: %d", code)
	}
}

func TestLint(t *testing.T) {
	if code, out, errOut := runCmd(t, nil, "lint", "../../content/demo/kb"); code != 0 || out != "" || !strings.Contains(errOut, "0 errors") {
		t.Errorf("demo: %d %q %q", code, out, errOut)
	}
	dir := t.TempDir()
	writeFile(t, dir, "nl/goed.md", "---\ntitle: Goed\nkleur: blauw\n---\nTekst.\n")
	writeFile(t, dir, "nl/kapot.md", "---\ntitle: Kapot\ntags: [a, b\n---\nTekst.\n")
	writeFile(t, dir, "nl/link.md", "---\ntitle: Link\n---\n\nZie [weg](weg.md).\n")
	code, out, _ := runCmd(t, nil, "lint", dir)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, want := range []string{
		filepath.Join(dir, "nl/kapot.md") + ":",
		filepath.Join(dir, "nl/link.md") + ":5: link to nl/weg.md, which does not exist",
		filepath.Join(dir, "nl/goed.md") + `:3: warning: unknown front-matter key "kleur"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCmd(t, nil, "lint", "--json", dir)
	var rep lintReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || rep.Errors != 2 || rep.Warnings != 1 || rep.Files != 3 {
		t.Errorf("json: %d %v %+v", code, err, rep)
	}
	// --strict turns the unknown key into an error.
	good := t.TempDir()
	writeFile(t, good, "nl/goed.md", "---\ntitle: Goed\nkleur: blauw\n---\nTekst.\n")
	if code, _, _ := runCmd(t, nil, "lint", good); code != 0 {
		t.Errorf("warning only: exit %d", code)
	}
	if code, _, _ := runCmd(t, nil, "lint", "--strict", good); code != 1 {
		t.Errorf("--strict: exit %d", code)
	}
	if code, _, errOut := runCmd(t, nil, "lint", filepath.Join(dir, "missing")); code != 1 || !strings.Contains(errOut, "content folder") {
		t.Errorf("missing folder: %d %q", code, errOut)
	}
	if code, _, _ := runCmd(t, nil, "lint", t.TempDir()); code != 1 {
		t.Errorf("empty folder: exit %d, want 1", code)
	}
}

func TestSearch(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "search", "--json", "--locale", "nl", "paswoord", "vergeten")
	var res searchOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("%d %v %s", code, err, errOut)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "account/wachtwoord-vergeten" || res.Hits[0].URL != "/nl/articles/account/wachtwoord-vergeten" {
		t.Errorf("hits = %+v", res.Hits)
	}
	// Internal articles only with --internal.
	_, out, _ = runCmd(t, nil, "search", "--json", "klantbehoud aanbieding retentie")
	if strings.Contains(out, `"audience": "internal"`) {
		t.Error("search without --internal returned internal articles")
	}
	_, out, _ = runCmd(t, nil, "search", "--json", "--internal", "klantbehoud aanbieding retentie")
	if !strings.Contains(out, `"audience": "internal"`) {
		t.Error("search --internal found no internal articles")
	}
	if code, out, _ := runCmd(t, nil, "search", "--locale", "nl", "wifi"); code != 0 || !strings.Contains(out, "hits for") {
		t.Errorf("text output: %d %q", code, out)
	}
	if code, _, _ := runCmd(t, nil, "search", "--locale", "xx-yy-zz", "wifi"); code != 1 {
		t.Errorf("bad locale: exit %d", code)
	}
}

func TestEvalAndIndex(t *testing.T) {
	q := filepath.Join(t.TempDir(), "q.jsonl")
	writeFile(t, filepath.Dir(q), "q.jsonl", `{"query": "wachtwoord vergeten", "relevant": ["account/wachtwoord-vergeten"], "lang": "nl"}
{"query": "mijn wifi doet het niet", "relevant": ["internet/geen-internet"], "lang": "nl"}
`)
	code, out, errOut := runCmd(t, nil, "eval", "--json", "--queries", q)
	var rep map[string]float64
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 {
		t.Fatalf("%d %v %s", code, err, errOut)
	}
	for _, k := range []string{"recall_at_1", "recall_at_3", "recall_at_10", "mrr", "queries", "p50_ms", "p99_ms"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("eval --json lacks %s", k)
		}
	}
	if rep["recall_at_1"] != 1 || rep["queries"] != 2 {
		t.Errorf("report = %v", rep)
	}
	if code, out, _ := runCmd(t, nil, "eval", "--queries", q); code != 0 || !strings.Contains(out, "recall@10") {
		t.Errorf("eval text: %d %q", code, out)
	}
	code, out, errOut = runCmd(t, nil, "eval", "--answers", "--queries", q, "--negatives", q)
	if code != 0 || !strings.Contains(out, "declined") || !strings.Contains(out, "grounded    1.000") || !strings.Contains(out, "threshold  declined") {
		t.Errorf("eval --answers: %d %q %q", code, out, errOut)
	}
	if code, _, _ := runCmd(t, nil, "eval"); code != 2 {
		t.Errorf("eval without --queries: exit %d", code)
	}
	code, out, _ = runCmd(t, nil, "index", "../../content/demo/kb")
	if code != 0 || !strings.Contains(out, "documents  100") || !strings.Contains(out, "documents/s") {
		t.Errorf("index: %d %q", code, out)
	}
}

func newTestServer(tb testing.TB, token string) *httptest.Server {
	tb.Helper()
	cfg := &serveConfig{data: tb.TempDir(), adminToken: token, content: contentFlags{defaultLocale: "nl"}}
	srv, err := newServer(context.Background(), cfg, discardLogger())
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler)
	tb.Cleanup(func() { ts.Close(); srv.close() })
	return ts
}

func get(tb testing.TB, url string, header map[string]string) (int, string) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

func TestServeEndpoints(t *testing.T) {
	ts := newTestServer(t, "")
	if code, body := get(t, ts.URL+"/healthz", nil); code != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", code, body)
	}
	if code, body := get(t, ts.URL+"/readyz", nil); code != 200 || !strings.Contains(body, `"ready":true`) {
		t.Errorf("readyz: %d %q", code, body)
	}
	code, body := get(t, ts.URL+"/api/v1/status", nil)
	if code != 200 || !strings.Contains(body, `"articles":90`) || !strings.Contains(body, `"source":"embedded demo"`) {
		t.Errorf("status from loopback: %d %q", code, body)
	}
	if code, _ := get(t, ts.URL+"/api/v1/status", map[string]string{"X-Forwarded-For": "203.0.113.9"}); code != 403 {
		t.Errorf("status through a proxy without token: %d, want 403", code)
	}
	if code, body := get(t, ts.URL+"/no/such/page", nil); code != 404 || !strings.Contains(body, "Deze pagina bestaat niet") {
		t.Errorf("page 404: %d %.200q", code, body)
	}
	if code, body := get(t, ts.URL+"/api/v1/nothing", nil); code != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("API 404: %d %q", code, body)
	}
	res, err := http.Post(ts.URL+"/healthz", "text/plain", strings.NewReader("x"))
	if err != nil || res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: %v %v", err, res.StatusCode)
	}
	res, err = http.Post(ts.URL+"/api/v1/status", "application/json", bytes.NewReader(make([]byte, 2<<20)))
	if err != nil || res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body: %v %v", err, res.StatusCode)
	}
	if code, _ := get(t, ts.URL+"/healthz", nil); code != 200 {
		t.Error("server unhealthy after bad requests")
	}
	res, _ = http.Get(ts.URL + "/healthz")
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("security headers: %v", res.Header)
	}
}

func TestServeStatusToken(t *testing.T) {
	ts := newTestServer(t, "s3cret")
	if code, _ := get(t, ts.URL+"/api/v1/status", nil); code != 401 {
		t.Errorf("no token: %d", code)
	}
	if code, _ := get(t, ts.URL+"/api/v1/status", map[string]string{"Authorization": "Bearer wrong"}); code != 401 {
		t.Errorf("wrong token: %d", code)
	}
	if code, _ := get(t, ts.URL+"/api/v1/status", map[string]string{"Authorization": "Bearer s3cret", "X-Forwarded-For": "203.0.113.9"}); code != 200 {
		t.Errorf("right token through a proxy: %d", code)
	}
}

// TestServeProcess runs the real binary: it starts on the embedded defaults
// with the address from the environment, answers, and stops cleanly on
// SIGTERM.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "loket")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := t.TempDir()
	cmd := exec.Command(bin, "serve", "--data", data)
	cmd.Env = append(os.Environ(), "LOKET_ADDR=127.0.0.1:0", "LOKET_CONTENT=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				addr <- line.Addr
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not report its address")
	}
	if code, _ := get(t, base+"/readyz", nil); code != 200 {
		t.Fatalf("readyz: %d", code)
	}
	// A request line of 1 MB is refused before it reaches a handler.
	if code, _ := get(t, base+"/nl/search?q="+strings.Repeat("a", 1<<20), nil); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("1 MB query: %d, want 431", code)
	}
	if code, body := get(t, base+"/nl/", nil); code != 200 || !strings.Contains(body, "Helder") {
		t.Errorf("home page: %d", code)
	}
	if _, err := os.Stat(filepath.Join(data, "loket.db")); err != nil {
		t.Errorf("no database in the data folder: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop after SIGTERM")
	}
}

func TestUserCommand(t *testing.T) {
	data := t.TempDir()
	with := func(stdin string, args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		e := &env{getenv: func(string) string { return "" }, stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr}
		return run(context.Background(), e, append(args[:1:1], append([]string{args[1], "--data", data}, args[2:]...)...)), stdout.String(), stderr.String()
	}
	if code, out, errOut := with("een goed wachtwoord\n", "user", "add", "--role", "editor", "eva"); code != 0 || !strings.Contains(out, "eva added as editor") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"kort\n", []string{"user", "add", "bob"}, "shorter than 10"},
		{"", []string{"user", "add", "bob"}, "no password"},
		{"een goed wachtwoord\n", []string{"user", "add", "eva"}, "exists"},
		{"een goed wachtwoord\n", []string{"user", "add", "--role", "boss", "bob"}, "use agent, editor or admin"},
		{"een goed wachtwoord\n", []string{"user", "passwd", "nobody"}, "no user"},
	} {
		if code, _, errOut := with(tt.stdin, tt.args...); code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %q, want %q", tt.args, code, errOut, tt.want)
		}
	}
	if code, _, _ := with("nog een goed wachtwoord\n", "user", "passwd", "eva"); code != 0 {
		t.Errorf("passwd: %d", code)
	}
	if code, _, _ := with("", "user", "disable", "eva"); code != 0 {
		t.Errorf("disable: %d", code)
	}
	if _, out, _ := with("", "user", "list"); !strings.Contains(out, "eva") || !strings.Contains(out, "disabled") || !strings.Contains(out, "editor") {
		t.Errorf("list: %q", out)
	}
	with("", "user", "enable", "eva")
	if _, out, _ := with("", "user", "list"); !strings.Contains(out, "active") {
		t.Errorf("list after enable: %q", out)
	}
	if code, _, _ := with("", "user", "frobnicate", "eva"); code != 2 {
		t.Errorf("unknown action: %d", code)
	}
}
