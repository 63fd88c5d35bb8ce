package agentdesk_test

// The queue in a real browser: headless Chromium, driven by chromedp,
// against the panel behind httptest. An agent signs in, sees a new contact
// arrive through the stream and hears it announced, takes it with the
// keyboard and reaches the wrap-up; axe-core checks the queue's pages at
// desktop widths and at phone width. Like the help site's browser test
// (cmd/loket/browser_test.go) it needs /usr/bin/chromium and axe-core in
// node_modules, and skips without them unless CI or LOKET_E2E is set.
// LOKET_SCREENSHOTS names a folder to keep screenshots in.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/loket/loket"
	"github.com/loket/loket/internal/browsertest"
)

const queueStep = 20 * time.Second

// queueBrowser starts Chromium, or skips the test without it.
func queueBrowser(t *testing.T) context.Context {
	t.Helper()
	browsertest.Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return browsertest.Start(t, ctx)
}

// queueTab opens a tab of the given width, with cookies of its own.
func queueTab(t *testing.T, browser context.Context, width, height int64) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return ctx
}

func queueAct(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, queueStep)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func queueEval[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, queueStep)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func queueWait(t testing.TB, ctx context.Context, what, cond string) {
	t.Helper()
	queueEval(t, ctx, what, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(queueStep)))
}

// queueSignIn signs the tab in through the sign-in form.
func queueSignIn(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	queueAct(t, ctx, "sign in as "+name,
		chromedp.Navigate(base+"/agent/login"),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#queue")))
}

func TestQueueInTheBrowser(t *testing.T) {
	browser := queueBrowser(t)
	d := newTestDesk(t, nil)
	older := contactFormHandoff(t, d, "Hoe geef ik mijn meterstand door?")
	ctx := queueTab(t, browser, 1280, 900)
	queueSignIn(t, ctx, d.URL, "anna")
	queueWait(t, ctx, "the stream connects", `document.querySelector(".queue-state").classList.contains("is-live")`)

	// A contact handed over now appears without a reload, and is announced.
	h := botHandoff(t, d, "Mijn internet doet het niet")
	item := "#queue-item-" + strconv.FormatInt(h.ID, 10)
	queueWait(t, ctx, "the new contact appears", fmt.Sprintf(`document.querySelector(%q) !== null`, item))
	queueWait(t, ctx, "the new contact is announced", `document.getElementById("queue-announce").textContent === document.getElementById("queue").dataset.tNew`)
	if got := queueEval(t, ctx, "waiting count", chromedp.Evaluate[string](`document.getElementById("queue-waiting-count").textContent`)); got != "2" {
		t.Errorf("waiting count = %s, want 2", got)
	}

	// Typing in a field is never a shortcut.
	queueAct(t, ctx, "type j in a field", chromedp.Evaluate[chromedp.Void](`(() => {
		const i = document.createElement("input"); i.id = "scratch"; document.body.appendChild(i); i.focus(); })()`),
		chromedp.KeyEvent("j"))
	if got := queueEval(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != "scratch" {
		t.Fatalf("j in a field moved the focus to %q", got)
	}
	queueAct(t, ctx, "leave the field", chromedp.Evaluate[chromedp.Void](`document.getElementById("scratch").remove(); document.activeElement.blur()`))

	// j twice selects the second contact, k goes back, j again, t takes it.
	focused := `document.activeElement.dataset.id || ""`
	first, second := strconv.FormatInt(older.ID, 10), strconv.FormatInt(h.ID, 10)
	for _, step := range []struct{ key, want string }{{"j", first}, {"j", second}, {"k", first}, {kb.ArrowDown, second}} {
		queueAct(t, ctx, "press "+step.key, chromedp.KeyEvent(step.key))
		if got := queueEval(t, ctx, "focused item", chromedp.Evaluate[string](focused)); got != step.want {
			t.Fatalf("after %q the focus is on %q, want %q", step.key, got, step.want)
		}
	}
	queueAct(t, ctx, "take with t", chromedp.KeyEvent("t"), chromedp.WaitVisible(chromedp.CSS("#wrap-form")))
	if got := queueEval(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(got, handoffPath(h)) {
		t.Fatalf("t opened %s", got)
	}
	if got, _ := d.db.FindHandoff(t.Context(), h.ID); got.TakenBy != "anna" {
		t.Fatalf("taken by %q", got.TakenBy)
	}
	// w goes to the wrap-up.
	queueAct(t, ctx, "press w", chromedp.KeyEvent("w"))
	if got := queueEval(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.name + "=" + document.activeElement.value`)); got != "outcome=resolved" {
		t.Errorf("w focuses %q, want the first outcome", got)
	}

	// Back on the queue the contact is listed as in progress.
	queueAct(t, ctx, "open the queue", chromedp.Navigate(d.URL+"/agent/"), chromedp.WaitVisible(chromedp.CSS("#queue")))
	queueWait(t, ctx, "the stream connects", `document.querySelector(".queue-state").classList.contains("is-live")`)
	if got := queueEval(t, ctx, "taken list", chromedp.Evaluate[string](`document.getElementById("queue-taken").textContent`)); !strings.Contains(got, "anna") {
		t.Errorf("in progress: %q", got)
	}
}

func TestQueuePagesAreAccessible(t *testing.T) {
	browser := queueBrowser(t)
	src := browsertest.Axe(t)
	d := newTestDesk(t, nil)
	contactFormHandoff(t, d, "Hoe geef ik mijn meterstand door? Ik heb al van alles geprobeerd maar de app geeft een foutmelding en de website ook.")
	chat := botHandoff(t, d, "Mijn internet doet het niet")
	repeat := &loket.Handoff{Channel: loket.ChannelVoice, Locale: "en", Question: "I am calling for the third time", Priority: 1, Reason: loket.ReasonRepeat,
		Contact: loket.Contact{Phone: "+31 6 12345678"}}
	if err := d.db.CreateHandoff(t.Context(), repeat); err != nil {
		t.Fatal(err)
	}
	e := d.browser(t)
	csrf := e.signIn("eva")
	e.post(handoffPath(chat)+"/take", url.Values{"csrf": {csrf}})
	e.post(handoffPath(chat)+"/wrapup", url.Values{"csrf": {csrf}, "outcome": {"callback"}, "flag": {"wrong"}, "flag_article": {"internet/modem-herstarten"}, "flag_note": {"Stap 3 klopt niet meer."}})
	a := d.browser(t)
	mine := takenHandoff(t, d, a, a.signIn("anna"), "Kan ik een betalingsregeling krijgen voor mijn jaarafrekening?")
	flag := &loket.Flag{Agent: "anna", Kind: loket.FlagMissing, Locale: "nl", Note: "Niets over warmtepompen", HandoffID: mine.ID}
	if err := d.db.CreateFlag(t.Context(), flag); err != nil {
		t.Fatal(err)
	}

	dir := os.Getenv("LOKET_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		name, who, path, ready string
		setup                  func(t *testing.T, ctx context.Context)
	}{
		{"queue", "anna", "/agent/", "#queue", nil},
		{"handoff waiting", "anna", handoffPath(repeat), ".handoff", nil},
		{"handoff closed", "anna", handoffPath(chat), ".handoff", nil},
		{"handoff with wrap-up", "anna", handoffPath(mine), "#wrap-form", nil},
		{"wrap-up with errors", "anna", handoffPath(mine), "#wrap-form", func(t *testing.T, ctx context.Context) {
			queueAct(t, ctx, "send an empty wrap-up", chromedp.Click(chromedp.CSS("#wrap-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".wrap-error")))
		}},
		{"conflict", "anna", "/agent/", "#queue", func(t *testing.T, ctx context.Context) {
			queueAct(t, ctx, "take a closed contact", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
				const f = document.createElement("form"); f.method = "post"; f.action = %q;
				const i = document.createElement("input"); i.type = "hidden"; i.name = "csrf"; i.value = document.querySelector('meta[name="csrf-token"]').content;
				f.appendChild(i); document.body.appendChild(f); f.submit(); })()`, handoffPath(chat)+"/take")), chromedp.WaitVisible(chromedp.CSS(".handoff-conflict")))
		}},
		{"flags", "eva", "/agent/flags", ".flags-section", nil},
	}
	for _, vp := range []struct{ width, height int64 }{{1280, 900}, {1024, 768}, {375, 812}} {
		t.Run(strconv.FormatInt(vp.width, 10), func(t *testing.T) {
			tabs := map[string]context.Context{}
			for _, who := range []string{"anna", "eva"} {
				tabs[who] = queueTab(t, browser, vp.width, vp.height)
				queueSignIn(t, tabs[who], d.URL, who)
			}
			for _, p := range pages {
				ctx := tabs[p.who]
				queueAct(t, ctx, "open "+p.name, chromedp.Navigate(d.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
				if p.setup != nil {
					p.setup(t, ctx)
				}
				queueAudit(t, ctx, p.name, string(src))
				if got := queueEval(t, ctx, "page width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); got > vp.width {
					wide := queueEval(t, ctx, "wide elements", chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll("body *")]
						.filter(e => e.getBoundingClientRect().right > %d && !e.closest(".flags-scroll"))
						.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "") + " " + Math.round(e.getBoundingClientRect().right))`, vp.width)))
					t.Errorf("%s at %d px scrolls sideways (%d px wide); widest: %v", p.name, vp.width, got, wide)
				}
				png := queueEval(t, ctx, "screenshot", chromedp.FullScreenshot(100))
				file := filepath.Join(dir, fmt.Sprintf("agent-%s-%d.png", strings.ReplaceAll(p.name, " ", "-"), vp.width))
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// queueAudit runs axe-core on the open page and fails on serious and
// critical violations; lesser ones are logged.
func queueAudit(t *testing.T, ctx context.Context, page, axeSource string) {
	t.Helper()
	if !queueEval(t, ctx, "axe loaded", chromedp.Evaluate[bool](`typeof axe !== "undefined"`)) {
		queueAct(t, ctx, "load axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	res := queueEval(t, ctx, "run axe-core on "+page, chromedp.Evaluate[queueAxeResult](queueAxeRun, chromedp.EvalAwaitPromise))
	if res.Passes == 0 {
		t.Fatalf("%s: axe-core checked nothing", page)
	}
	for _, v := range res.Violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, strings.Join(n.Target, " "))
		}
		msg := fmt.Sprintf("%s: %s (%s): %s\n\tat %s", page, v.ID, v.Impact, v.Help, strings.Join(targets, "\n\tat "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg + "\n\t" + v.Nodes[0].Summary)
		} else {
			t.Log(msg)
		}
	}
}

type queueAxeResult struct {
	Passes     int `json:"passes"`
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []string `json:"target"`
			Summary string   `json:"summary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// queueAxeRun runs axe-core's default rules and the WCAG 2.2 rule on
// target sizes.
const queueAxeRun = `axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r => ({
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ""})),
	})),
}))`
