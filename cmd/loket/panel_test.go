package main

// The agent panel on the real server: newServer behind its own serve loop
// on a port of its own, with a SQLite file in a temporary data folder and
// the embedded demo knowledge base. The operator adds an agent with
// `loket user add` while the server runs; a customer writes in through the
// help site's contact form; the agent signs in, takes the contact, walks the
// suggested guide with it and wraps it up, in headless Chromium. axe-core
// checks every page of that day at desktop and phone width, and each is
// saved as a screenshot (panel-*.png in LOKET_SCREENSHOTS, or else in
// /tmp/loket-shots). A second test, without a browser, puts a phone call
// through the voicebot and finds it in the panel.
//
// The browser test needs what TestBrowser needs (browser_test.go) and skips
// or fails like it.

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/loket/loket"
	"github.com/loket/loket/internal/browsertest"
	"github.com/loket/loket/voicebot/twiml"
)

// The agent the operator adds, and her password.
const (
	panelAgent    = "sanne"
	panelPassword = "koffie en een lange dienst"
)

// panelServer is a running server, as `loket serve` runs it.
type panelServer struct {
	srv  *server
	url  string
	data string
}

// startPanelServer starts newServer on a port of its own with the real
// serve loop (content watching, graceful shutdown), and stops it when the
// test ends. configure may change the configuration once the address is
// known.
func startPanelServer(t *testing.T, configure func(cfg *serveConfig, base string)) *panelServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := &serveConfig{data: t.TempDir(), content: contentFlags{defaultLocale: "nl"}}
	if configure != nil {
		configure(cfg, base)
	}
	srv, err := newServer(context.Background(), cfg, discardLogger())
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.serve(ctx, ln, 10*time.Second) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		srv.close()
	})
	return &panelServer{srv: srv, url: base, data: cfg.data}
}

// addAgent runs `loket user add --role agent NAME` against the server's
// data folder (LOKET_DATA, as an operator on the same machine would have
// it), with the password on standard input.
func (p *panelServer) addAgent(t *testing.T, name, password string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{
		getenv: func(k string) string {
			if k == "LOKET_DATA" {
				return p.data
			}
			return ""
		},
		stdin: strings.NewReader(password + "\n"), stdout: &stdout, stderr: &stderr,
	}
	code := run(context.Background(), e, []string{"user", "add", "--role", "agent", name})
	if code != 0 || stdout.String() != name+" added as agent\n" {
		t.Fatalf("loket user add: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}

// panelShotDir is LOKET_SCREENSHOTS, or /tmp/loket-shots, created.
func panelShotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LOKET_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "loket-shots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startPanelBrowser starts headless Chromium for the test, for five minutes at most.
func startPanelBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return browsertest.Start(t, ctx)
}

// panelDay is the state of the browser test: the server, the agent's tabs
// at desktop and phone width (one browser profile, so one session), and
// what the checks need.
type panelDay struct {
	*browserSite
	desk, phone context.Context
	axe         []byte
	shots       string
}

// TestPanelDay is an agent's working day with one contact, from the
// customer's form to the wrap-up in the database.
func TestPanelDay(t *testing.T) {
	browsertest.Need(t)
	axe := browsertest.Axe(t)
	p := startPanelServer(t, nil)
	// The operator adds the agent while the server runs: the command opens
	// the same database file, which SQLite (WAL) shares between processes.
	p.addAgent(t, panelAgent, panelPassword)

	browser := startPanelBrowser(t)
	d := &panelDay{browserSite: &browserSite{srv: p.srv, url: p.url, browser: browser}, axe: axe, shots: panelShotDir(t)}

	const question = "Ik heb sinds vanochtend geen internet thuis. Het lampje van het modem knippert rood."
	ref := d.customerWritesIn(t, question)

	d.desk = d.agentTab(t, 1280, 900)
	d.phone = d.agentTab(t, 375, 812)
	d.signIn(t)
	d.seeQueue(t, ref, question)
	guide := d.takeContact(t, ref, question)
	wrapURL := d.walkGuide(t, ref, guide)
	d.wrapUp(t, ref, wrapURL)
	d.checkStore(t, ref)
}

// agentTab opens a tab of the agent's browser. The panel speaks the
// browser's language (Accept-Language), and headless Chromium asks for
// English whatever its --lang: the agents at Helder ask for Dutch.
func (d *panelDay) agentTab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	ctx := d.tab(t, width, height)
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "nl-NL,nl;q=0.9"}}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// customerWritesIn sends the contact form as a customer does, in a browser
// profile of its own, and returns the reference the confirmation gives.
func (d *panelDay) customerWritesIn(t *testing.T, question string) int64 {
	t.Helper()
	ctx, cancel := chromedp.NewContext(d.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("open the customer's tab: %v", err)
	}
	d.open(t, ctx, "/nl/contact", "#question")
	browsertest.Act(t, ctx, "ask the question",
		chromedp.SendKeys(chromedp.CSS("#question"), question),
		chromedp.Click(chromedp.CSS("form[data-contact-live] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#options-title")))
	browsertest.Act(t, ctx, "send the form",
		chromedp.SendKeys(chromedp.CSS("#c-name"), "Fatima Bakker"),
		chromedp.SendKeys(chromedp.CSS("#c-email"), "fatima@example.nl"),
		chromedp.SendKeys(chromedp.CSS("#c-phone"), "06 1234 5678"),
		chromedp.Click(chromedp.CSS(".contact-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".confirmation")))
	m := regexp.MustCompile(`Je referentienummer is (\d+)\.`).FindStringSubmatch(text(t, ctx, ".confirmation"))
	if m == nil {
		t.Fatalf("no reference in the confirmation: %q", text(t, ctx, ".confirmation"))
	}
	ref, _ := strconv.ParseInt(m[1], 10, 64)
	return ref
}

// signIn opens the panel, is sent to the sign-in page, tries a wrong
// password, then the right one, and lands on the queue.
func (d *panelDay) signIn(t *testing.T) {
	t.Helper()
	ctx := d.desk
	d.openPanel(t, ctx, "/agent/", "#name")
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); loc != d.url+"/agent/login?next=%2Fagent%2F" {
		t.Errorf("/agent/ without a session led to %s", loc)
	}
	if got := browsertest.Value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != "name" {
		t.Errorf("the sign-in page focuses %q, want the name", got)
	}
	d.check(t, "signin", "#name")

	browsertest.Act(t, ctx, "sign in with a wrong password",
		chromedp.SendKeys(chromedp.CSS("#name"), panelAgent),
		chromedp.SendKeys(chromedp.CSS("#password"), "thee en een korte dienst"),
		chromedp.Click(chromedp.CSS(".signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`.signin .error[role=alert]`)))
	if got := text(t, ctx, ".signin .error"); got != "Gebruikersnaam of wachtwoord klopt niet." {
		t.Errorf("wrong password: %q", got)
	}
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); loc != d.url+"/agent/login" {
		t.Errorf("after a wrong password: %s", loc)
	}
	form := browsertest.Value(t, ctx, "the form after a wrong password", chromedp.Evaluate[[]string](`[
		document.getElementById("name").value, document.getElementById("password").value,
		document.querySelector("input[name=next]").value]`))
	if !slices.Equal(form, []string{panelAgent, "", "/agent/"}) {
		t.Errorf("name, password and next after a wrong password: %q", form)
	}
	// Nothing else happened: the browser has no session, and the store
	// counted one failure.
	if got := browsertest.Value(t, ctx, "the queue API", chromedp.Evaluate[int](`fetch("/agent/api/queue").then(r => r.status)`, chromedp.EvalAwaitPromise)); got != http.StatusUnauthorized {
		t.Errorf("after a wrong password the queue API answers %d, want 401", got)
	}
	if u, _, err := d.srv.db.FindUserByName(t.Context(), panelAgent); err != nil || u.Failed != 1 || !u.LockedUntil.IsZero() {
		t.Errorf("after a wrong password the user is %+v, %v; want one failure, not locked", u, err)
	}

	browsertest.Act(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#password"), panelPassword),
		chromedp.Click(chromedp.CSS(".signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#queue")))
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); loc != d.url+"/agent/" {
		t.Errorf("signed in on %s, want the queue", loc)
	}
	if u, _, err := d.srv.db.FindUserByName(t.Context(), panelAgent); err != nil || u.Failed != 0 {
		t.Errorf("after signing in the user is %+v, %v; want no failures", u, err)
	}
	if got := text(t, ctx, ".panel-user"); !strings.Contains(got, panelAgent) || !strings.Contains(got, "medewerker") {
		t.Errorf("the header shows %q", got)
	}
}

// seeQueue finds the contact among the waiting, with what the queue says
// about it, while the queue is live.
func (d *panelDay) seeQueue(t *testing.T, ref int64, question string) {
	t.Helper()
	ctx := d.desk
	browsertest.Wait(t, ctx, "the queue goes live", `document.querySelector(".queue-state").classList.contains("is-live")`)
	item := fmt.Sprintf("#queue-waiting #queue-item-%d", ref)
	browsertest.Act(t, ctx, "the contact in the queue", chromedp.WaitVisible(chromedp.CSS(item)))
	if got := text(t, ctx, "#queue-waiting-count"); got != "1" {
		t.Errorf("waiting: %s, want 1", got)
	}
	for _, c := range []struct{ css, want string }{
		{item + " .queue-question", question},
		{item + " .queue-channel", "Contactformulier"},
		{item + " .queue-lang", "Nederlands"},
		{item + " .queue-reason", "Contactformulier ingevuld"},
	} {
		if got := text(t, ctx, c.css); got != c.want {
			t.Errorf("%s = %q, want %q", c.css, got, c.want)
		}
	}
	if got := text(t, ctx, item+" .queue-wait"); !regexp.MustCompile(`^wacht (< 1|\d+) min$`).MatchString(got) {
		t.Errorf("waiting time %q", got)
	}
	// The stream redraws the list; the contact is still there afterwards.
	d.check(t, "queue", item)
}

// takeContact takes the contact with its button, checks the handoff page,
// and returns the address of the suggested guide.
func (d *panelDay) takeContact(t *testing.T, ref int64, question string) string {
	t.Helper()
	ctx := d.desk
	browsertest.Act(t, ctx, "take the contact",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#queue-item-%d button[type=submit]", ref))),
		chromedp.WaitVisible(chromedp.CSS("#wrap-form")))
	page := fmt.Sprintf("%s/agent/handoffs/%d", d.url, ref)
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); loc != page {
		t.Fatalf("taking led to %s, want %s", loc, page)
	}
	if got := text(t, ctx, ".handoff-quote"); got != question {
		t.Errorf("question on the handoff page: %q", got)
	}
	if got := text(t, ctx, ".handoff-state"); !strings.Contains(got, "Opgepakt door "+panelAgent) {
		t.Errorf("state: %q", got)
	}
	contact := text(t, ctx, "dl.handoff-contact")
	for _, want := range []string{"Fatima Bakker", "fatima@example.nl", "06 1234 5678"} {
		if !strings.Contains(contact, want) {
			t.Errorf("contact details %q lack %q", contact, want)
		}
	}
	if got := browsertest.Value(t, ctx, "phone link", chromedp.AttributeValue(chromedp.CSS(`dl.handoff-contact a[href^="tel:"]`), "href")); got.Value != "tel:0612345678" {
		t.Errorf("phone link %q", got.Value)
	}
	suggested := func(kind string) [][]string {
		return browsertest.Value(t, ctx, "suggested "+kind, chromedp.Evaluate[[][]string](fmt.Sprintf(
			`Array.from(document.querySelectorAll('.handoff-side a[href^="/agent/%s/"]'), a => [a.textContent.trim(), a.getAttribute("href")])`, kind)))
	}
	want := fmt.Sprintf("/agent/guides/nl/internet/geen-internet?handoff=%d", ref)
	if guides := suggested("guides"); !slices.ContainsFunc(guides, func(g []string) bool { return g[0] == "Geen internet thuis" && g[1] == want }) {
		t.Fatalf("suggested guides %q lack Geen internet thuis at %s", guides, want)
	}
	if articles := suggested("articles"); len(articles) == 0 || !strings.HasSuffix(articles[0][1], fmt.Sprintf("?handoff=%d", ref)) {
		t.Errorf("suggested articles %q", articles)
	}
	d.check(t, "handoff", "#wrap-form")
	return want
}

// walkGuide opens the guide from the handoff page and walks it to an
// ending, by number keys and by a button, and returns the address of the
// ending's "use this in the wrap-up" link.
func (d *panelDay) walkGuide(t *testing.T, ref int64, guide string) string {
	t.Helper()
	ctx := d.desk
	browsertest.Act(t, ctx, "open the suggested guide",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.handoff-side a[href=%q]`, guide))),
		chromedp.WaitVisible(chromedp.CSS("#kn-step-title")))
	if got := text(t, ctx, "#kn-title"); got != "Geen internet thuis" {
		t.Errorf("guide title %q", got)
	}
	d.checkStep(t, "Stap 1", "Is er een storing bij jou in de buurt?")
	d.check(t, "guide-step", "#kn-step-title")

	// 2: "Nee, of ik weet het niet"; the button "Rood of groen knipperend";
	// 1: "Het werkt weer".
	browsertest.Act(t, ctx, "press 2", chromedp.KeyEvent("2"), chromedp.WaitVisible(chromedp.CSS(`a.kn-choice[href*="step=herstart"]`)))
	d.checkStep(t, "Stap 2", "Welke kleur heeft het lampje Internet?")
	browsertest.Act(t, ctx, "choose Rood of groen knipperend",
		chromedp.Click(chromedp.CSS(`a.kn-choice[href*="step=herstart"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.kn-choice[data-key="1"][href*="step=opgelost"]`)))
	d.checkStep(t, "Stap 3", "Herstart het modem")
	browsertest.Act(t, ctx, "press 1", chromedp.KeyEvent("1"), chromedp.WaitVisible(chromedp.CSS(".kn-ending-resolved")))
	d.checkStep(t, "Stap 4", "Het werkt weer")
	if got := text(t, ctx, ".kn-ending-resolved"); !strings.Contains(got, "Modem herstarten") {
		t.Errorf("the ending does not name its article: %q", got)
	}
	if got := text(t, ctx, ".kn-path ol"); !strings.Contains(got, "Rood of groen knipperend") || !strings.Contains(got, "Het werkt weer") {
		t.Errorf("the path taken: %q", got)
	}
	d.check(t, "guide-end", ".kn-ending-resolved")

	href := browsertest.Value(t, ctx, "wrap-up link", chromedp.AttributeValue(chromedp.CSS("a[data-kn-wrapup]"), "href"))
	u, err := url.Parse(href.Value)
	if err != nil || u.Path != fmt.Sprintf("/agent/handoffs/%d", ref) {
		t.Fatalf("the wrap-up link %q", href.Value)
	}
	q := u.Query()
	if q.Get("guide") != "internet/geen-internet" || q.Get("path") != "storing,lampjes,herstart,opgelost" || q.Get("article") != "internet/modem-herstarten" {
		t.Errorf("the wrap-up link carries %v", q)
	}
	return href.Value
}

// checkStep checks the step the guide shows.
func (d *panelDay) checkStep(t *testing.T, number, title string) {
	t.Helper()
	if got := text(t, d.desk, ".kn-step-number"); got != number {
		t.Errorf("step number %q, want %q", got, number)
	}
	if got := text(t, d.desk, "#kn-step-title"); got != title {
		t.Errorf("step %q, want %q", got, title)
	}
	if loc := browsertest.Value(t, d.desk, "location", chromedp.Location()); !strings.Contains(loc, "handoff=") {
		t.Errorf("the guide lost the contact: %s", loc)
	}
}

// wrapUp follows the guide's link back to the handoff page, finds the
// wrap-up filled in, sends it, and is back on the queue.
func (d *panelDay) wrapUp(t *testing.T, ref int64, wrapURL string) {
	t.Helper()
	ctx := d.desk
	browsertest.Act(t, ctx, "use the guide in the wrap-up",
		chromedp.Click(chromedp.CSS("a[data-kn-wrapup]")),
		chromedp.WaitVisible(chromedp.CSS("#wrap-form")))
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); loc != d.url+wrapURL {
		t.Errorf("the wrap-up link led to %s", loc)
	}
	form := browsertest.Value(t, ctx, "the wrap-up form", chromedp.Evaluate[[]string](`(() => {
		const f = document.getElementById("wrap-form");
		const checked = f.querySelector("input[name=outcome]:checked");
		return [checked ? checked.value : "", f.elements.guide.value, f.elements.path.value, f.elements.path_guide.value, f.elements.article.value];
	})()`))
	if want := []string{"resolved", "internet/geen-internet", "storing,lampjes,herstart,opgelost", "internet/geen-internet", "internet/modem-herstarten"}; !slices.Equal(form, want) {
		t.Errorf("wrap-up prefilled with %q, want %q", form, want)
	}
	steps := "Is er een storing bij jou in de buurt? → Welke kleur heeft het lampje Internet? → Herstart het modem → Het werkt weer"
	if got := text(t, ctx, ".wrap-hint"); got != "Gevolgde stappen: "+steps {
		t.Errorf("path shown: %q", got)
	}
	d.check(t, "wrap-up", "#wrap-form")

	browsertest.Act(t, ctx, "wrap up",
		chromedp.SendKeys(chromedp.CSS("#wrap-note"), "Modem herstart, internet werkt weer."),
		chromedp.Click(chromedp.CSS("#wrap-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".queue-notice")))
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); loc != fmt.Sprintf("%s/agent/?done=%d", d.url, ref) {
		t.Errorf("after the wrap-up: %s", loc)
	}
	if got := text(t, ctx, ".queue-notice"); got != fmt.Sprintf("Contact %d is afgerond.", ref) {
		t.Errorf("confirmation %q", got)
	}
	browsertest.Wait(t, ctx, "the queue goes live", `document.querySelector(".queue-state").classList.contains("is-live")`)
	gone := fmt.Sprintf(`document.getElementById("queue-item-%d") === null && document.getElementById("queue-waiting-count").textContent === "0" && !document.getElementById("queue-waiting-empty").hidden`, ref)
	if !browsertest.Value(t, ctx, "the contact left the queue", chromedp.Evaluate[bool](gone)) {
		t.Errorf("contact %d is still in the queue: %q", ref, text(t, ctx, "#queue"))
	}
	d.check(t, "wrap-up-result", ".queue-notice")
}

// checkStore reads the contact back from the server's database: closed,
// taken and wrapped up by the agent with the guide and its path, and the
// panel's events.
func (d *panelDay) checkStore(t *testing.T, ref int64) {
	t.Helper()
	ctx := t.Context()
	h, err := d.srv.db.FindHandoff(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != loket.HandoffClosed || h.TakenBy != panelAgent || h.TakenAt.IsZero() || h.ClosedAt.Before(h.TakenAt) {
		t.Errorf("handoff %d: status %s, taken by %q at %v, closed at %v", ref, h.Status, h.TakenBy, h.TakenAt, h.ClosedAt)
	}
	w, err := d.srv.db.FindWrapUp(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if w.Agent != panelAgent || w.Outcome != loket.WrapResolved || w.GuideID != "internet/geen-internet" ||
		!slices.Equal(w.GuidePath, []string{"storing", "lampjes", "herstart", "opgelost"}) ||
		w.ArticleID != "internet/modem-herstarten" || w.Note != "Modem herstart, internet werkt weer." {
		t.Errorf("wrap-up %+v", w)
	}
	id := strconv.FormatInt(ref, 10)
	events, err := d.srv.db.FindEvents(ctx, loket.EventFilter{Channel: loket.ChannelAgent})
	if err != nil {
		t.Fatal(err)
	}
	var taken, outcome bool
	var steps []string
	for _, e := range events {
		if e.Data["handoff"] != id {
			continue
		}
		switch e.Type {
		case loket.EventHandoff:
			taken = taken || e.Data["action"] == "taken" && e.Data["agent"] == panelAgent
		case loket.EventOutcome:
			outcome = outcome || e.Data["outcome"] == "resolved" && e.Data["guide"] == "internet/geen-internet"
		case loket.EventGuide:
			if !slices.Contains(steps, e.Data["step"]) {
				steps = append(steps, e.Data["step"])
			}
		}
	}
	if !taken || !outcome || !slices.Equal(steps, []string{"storing", "lampjes", "herstart", "opgelost"}) {
		t.Errorf("agent events for handoff %d: taken %v, outcome %v, guide steps %v", ref, taken, outcome, steps)
	}
}

// openPanel navigates a tab to a page of the panel and waits for css; the
// panel's style sheet must apply.
func (d *panelDay) openPanel(t *testing.T, ctx context.Context, path, css string) {
	t.Helper()
	browsertest.Act(t, ctx, "open "+path, chromedp.Navigate(d.url+path), chromedp.WaitVisible(chromedp.CSS(css)))
	if !browsertest.Value(t, ctx, "style of "+path, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector(".panel-header")).display === "flex"`)) {
		t.Errorf("%s shows without the panel's style sheet", path)
	}
}

// check runs axe-core on the page the desktop tab shows, then opens the
// same address at phone width and runs it there: no serious or critical
// violations, nothing wider than the screen. Both are saved as
// panel-NAME-WIDTH.png.
func (d *panelDay) check(t *testing.T, name, ready string) {
	t.Helper()
	loc := browsertest.Value(t, d.desk, "location", chromedp.Location())
	path := strings.TrimPrefix(loc, d.url)
	for _, tab := range []struct {
		ctx   context.Context
		width int64
	}{{d.desk, 1280}, {d.phone, 375}} {
		if tab.ctx == d.phone {
			d.openPanel(t, d.phone, path, ready)
		}
		page := fmt.Sprintf("%s at %d px", name, tab.width)
		browsertest.Audit(t, tab.ctx, page, d.axe)
		checkNoSidewaysScroll(t, tab.ctx, page, tab.width)
		png := browsertest.Value(t, tab.ctx, "screenshot "+page, chromedp.FullScreenshot(100))
		file := filepath.Join(d.shots, fmt.Sprintf("panel-%s-%d.png", name, tab.width))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
}

// TestPanelVoiceHandoff puts a phone call through the voicebot: the caller
// asks a question, says the answer did not help, and presses 0. Within
// opening hours the call is queued; outside them the caller presses 1 to be
// called back. Either way the agent finds the call in the panel, with the
// question, the transcript and the number. The voicebot's clock is set to
// an hour of the demo's week, so both happen whenever the test runs.
func TestPanelVoiceHandoff(t *testing.T) {
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		at     time.Time
		closed bool
		reason string
	}{
		// A Tuesday morning, and a Sunday night.
		{"open", time.Date(2026, 3, 10, 10, 0, 0, 0, amsterdam), false, "Vroeg om een medewerker"},
		{"closed", time.Date(2026, 3, 8, 22, 0, 0, 0, amsterdam), true, "Terugbelverzoek buiten openingstijden"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := startPanelServer(t, func(cfg *serveConfig, base string) {
				cfg.publicURL = base
				cfg.voice = voiceFlags{authToken: panelVoiceToken, lines: panelVoiceLine + "=nl-NL", queue: "helder"}
				cfg.now = func() time.Time { return c.at }
			})
			p.addAgent(t, panelAgent, panelPassword)
			h := p.callAndAskForAPerson(t, c.closed)
			p.checkVoiceHandoff(t, h, c.reason)
		})
	}
}

// The voicebot's settings in TestPanelVoiceHandoff, and the call.
const (
	panelVoiceToken  = "tok"
	panelVoiceLine   = "+31881234567"
	panelVoiceCaller = "+31201234567"
	panelVoiceCall   = "CApanel0001"
	panelVoiceAsked  = "Wat kost een monteur?"
)

// callAndAskForAPerson makes the call through the signed webhooks, as the
// telephony provider does, and returns its handoff. When closed, the
// voicebot offers a callback instead of the queue and the caller takes it.
func (p *panelServer) callAndAskForAPerson(t *testing.T, closed bool) *loket.Handoff {
	t.Helper()
	if body := p.voiceTurn(t, "/voice/twilio/incoming", nil); !strings.Contains(body, "Welkom bij Helder") {
		t.Fatalf("greeting: %s", body)
	}
	p.voiceTurn(t, "/voice/twilio/turn", url.Values{"SpeechResult": {panelVoiceAsked}, "Confidence": {"0.92"}})
	p.voiceTurn(t, "/voice/twilio/turn", url.Values{"SpeechResult": {"nee"}, "Confidence": {"0.9"}})
	body := p.voiceTurn(t, "/voice/twilio/turn", url.Values{"Digits": {"0"}})
	if got := strings.Contains(body, "<Enqueue"); got == closed {
		t.Fatalf("pressing 0 with the queue %s: %s", map[bool]string{true: "closed", false: "open"}[closed], body)
	}
	if closed {
		if body = p.voiceTurn(t, "/voice/twilio/turn", url.Values{"Digits": {"1"}}); !strings.Contains(body, "<Hangup") {
			t.Fatalf("callback: %s", body)
		}
	}
	hs, err := p.srv.db.FindHandoffs(t.Context(), loket.HandoffFilter{Channel: loket.ChannelVoice, External: panelVoiceCall})
	if err != nil || len(hs) != 1 {
		t.Fatalf("handoffs of the call: %v, %v", hs, err)
	}
	h := hs[0]
	if h.Question != panelVoiceAsked || h.Contact.Phone != panelVoiceCaller || h.Status != loket.HandoffWaiting {
		t.Errorf("handoff %+v", h)
	}
	return h
}

// voiceTurn posts one webhook of the call, signed with the auth token, and
// returns the TwiML answer.
func (p *panelServer) voiceTurn(t *testing.T, path string, f url.Values) string {
	t.Helper()
	form := url.Values{"CallSid": {panelVoiceCall}, "From": {panelVoiceCaller}, "To": {panelVoiceLine}}
	for k, v := range f {
		form[k] = v
	}
	req, err := http.NewRequest(http.MethodPost, p.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", twiml.Sign(panelVoiceToken, p.url+path, form))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", path, res.StatusCode, b)
	}
	return string(b)
}

// checkVoiceHandoff signs in as the agent and finds the call waiting in
// the queue with its reason, and on its own page with the question, the
// caller's number and every line of the transcript.
func (p *panelServer) checkVoiceHandoff(t *testing.T, h *loket.Handoff, reason string) {
	t.Helper()
	a := newPanelClient(t, p.url)
	a.signIn(panelAgent, panelPassword)
	code, queue := a.get("/agent/")
	if code != http.StatusOK {
		t.Fatalf("queue: %d", code)
	}
	item := regexp.MustCompile(fmt.Sprintf(`(?s)<li class="queue-item[^"]*" id="queue-item-%d" data-id="%d" data-status="waiting".*?</li>`, h.ID, h.ID)).FindString(queue)
	if item == "" {
		t.Fatalf("the queue does not list call %d as waiting:\n%s", h.ID, queue)
	}
	for _, want := range []string{panelVoiceAsked, "Telefoon", "Nederlands", reason} {
		if !strings.Contains(html.UnescapeString(item), want) {
			t.Errorf("the queue's item lacks %q:\n%s", want, item)
		}
	}

	code, page := a.get(fmt.Sprintf("/agent/handoffs/%d", h.ID))
	if code != http.StatusOK {
		t.Fatalf("handoff page: %d", code)
	}
	shown := html.UnescapeString(page)
	for _, want := range []string{
		`<blockquote class="handoff-quote">` + panelVoiceAsked + `</blockquote>`,
		`<a href="tel:` + panelVoiceCaller + `">` + panelVoiceCaller + `</a>`,
		"Gesprek voor de overdracht",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("the handoff page lacks %q", want)
		}
	}
	if len(h.Transcript) < 3 {
		t.Fatalf("transcript %+v", h.Transcript)
	}
	var said []string
	for _, tr := range h.Transcript {
		if !strings.Contains(shown, `<p class="handoff-turn-text">`+tr.Text+`</p>`) {
			t.Errorf("the handoff page lacks the %s's line %q", tr.Role, tr.Text)
		}
		if tr.Role == "customer" {
			said = append(said, tr.Text)
		}
	}
	if !slices.Contains(said, panelVoiceAsked) || !slices.Contains(said, "nee") {
		t.Errorf("the caller's lines in the transcript: %q", said)
	}
}

// panelClient is an agent's browser without the browser: a cookie jar that
// does not follow redirects.
type panelClient struct {
	t      *testing.T
	base   string
	client *http.Client
}

// newPanelClient returns a client with an empty cookie jar for the server
// at base.
func newPanelClient(t *testing.T, base string) *panelClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &panelClient{t: t, base: base, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends the request and returns the response with its body read.
func (a *panelClient) do(req *http.Request) (*http.Response, string) {
	a.t.Helper()
	res, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return res, string(b)
}

// get fetches a path of the server and returns the status and the body.
func (a *panelClient) get(path string) (int, string) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.base+path, nil)
	res, body := a.do(req)
	return res.StatusCode, body
}

// panelCSRF finds the CSRF token a panel page carries for its forms.
var panelCSRF = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

// signIn posts the sign-in form with its CSRF field, as the page does.
func (a *panelClient) signIn(name, password string) {
	a.t.Helper()
	_, page := a.get("/agent/login")
	m := panelCSRF.FindStringSubmatch(page)
	if m == nil {
		a.t.Fatal("no CSRF token on the sign-in page")
	}
	form := url.Values{"csrf": {m[1]}, "name": {name}, "password": {password}, "next": {"/agent/"}}
	req, _ := http.NewRequest(http.MethodPost, a.base+"/agent/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, body := a.do(req)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/agent/" {
		a.t.Fatalf("sign in as %s: %d %s\n%.300s", name, res.StatusCode, res.Header.Get("Location"), body)
	}
}
