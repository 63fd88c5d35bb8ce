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

// queueBrowser starts Chromium, or skips the test without it.
func queueBrowser(t *testing.T) context.Context {
	t.Helper()
	browsertest.Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return browsertest.Start(t, ctx)
}

// queueSignIn signs the tab in through the sign-in form.
func queueSignIn(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	browsertest.Act(t, ctx, "sign in as "+name,
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
	ctx := browsertest.Tab(t, browser, 1280, 900, true)
	queueSignIn(t, ctx, d.URL, "anna")
	browsertest.Wait(t, ctx, "the stream connects", `document.querySelector(".queue-state").classList.contains("is-live")`)

	// A contact handed over now appears without a reload, and is announced.
	h := botHandoff(t, d, "Mijn internet doet het niet")
	item := "#queue-item-" + strconv.FormatInt(h.ID, 10)
	browsertest.Wait(t, ctx, "the new contact appears", fmt.Sprintf(`document.querySelector(%q) !== null`, item))
	browsertest.Wait(t, ctx, "the new contact is announced", `document.getElementById("queue-announce").textContent === document.getElementById("queue").dataset.tNew`)
	if got := browsertest.Value(t, ctx, "waiting count", chromedp.Evaluate[string](`document.getElementById("queue-waiting-count").textContent`)); got != "2" {
		t.Errorf("waiting count = %s, want 2", got)
	}

	// Typing in a field is never a shortcut.
	browsertest.Act(t, ctx, "type j in a field", chromedp.Evaluate[chromedp.Void](`(() => {
		const i = document.createElement("input"); i.id = "scratch"; document.body.appendChild(i); i.focus(); })()`),
		chromedp.KeyEvent("j"))
	if got := browsertest.Value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != "scratch" {
		t.Fatalf("j in a field moved the focus to %q", got)
	}
	browsertest.Act(t, ctx, "leave the field", chromedp.Evaluate[chromedp.Void](`document.getElementById("scratch").remove(); document.activeElement.blur()`))

	// j twice selects the second contact, k goes back, j again, t takes it.
	focused := `document.activeElement.dataset.id || ""`
	first, second := strconv.FormatInt(older.ID, 10), strconv.FormatInt(h.ID, 10)
	for _, step := range []struct{ key, want string }{{"j", first}, {"j", second}, {"k", first}, {kb.ArrowDown, second}} {
		browsertest.Act(t, ctx, "press "+step.key, chromedp.KeyEvent(step.key))
		if got := browsertest.Value(t, ctx, "focused item", chromedp.Evaluate[string](focused)); got != step.want {
			t.Fatalf("after %q the focus is on %q, want %q", step.key, got, step.want)
		}
	}
	browsertest.Act(t, ctx, "take with t", chromedp.KeyEvent("t"), chromedp.WaitVisible(chromedp.CSS("#wrap-form")))
	if got := browsertest.Value(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(got, handoffPath(h)) {
		t.Fatalf("t opened %s", got)
	}
	if got, _ := d.db.FindHandoff(t.Context(), h.ID); got.TakenBy != "anna" {
		t.Fatalf("taken by %q", got.TakenBy)
	}
	// w goes to the wrap-up.
	browsertest.Act(t, ctx, "press w", chromedp.KeyEvent("w"))
	if got := browsertest.Value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.name + "=" + document.activeElement.value`)); got != "outcome=resolved" {
		t.Errorf("w focuses %q, want the first outcome", got)
	}

	// Back on the queue the contact is listed as in progress.
	browsertest.Act(t, ctx, "open the queue", chromedp.Navigate(d.URL+"/agent/"), chromedp.WaitVisible(chromedp.CSS("#queue")))
	browsertest.Wait(t, ctx, "the stream connects", `document.querySelector(".queue-state").classList.contains("is-live")`)
	if got := browsertest.Value(t, ctx, "taken list", chromedp.Evaluate[string](`document.getElementById("queue-taken").textContent`)); !strings.Contains(got, "anna") {
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
			browsertest.Act(t, ctx, "send an empty wrap-up", chromedp.Click(chromedp.CSS("#wrap-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".wrap-error")))
		}},
		{"conflict", "anna", "/agent/", "#queue", func(t *testing.T, ctx context.Context) {
			browsertest.Act(t, ctx, "take a closed contact", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
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
				tabs[who] = browsertest.Tab(t, browser, vp.width, vp.height, true)
				queueSignIn(t, tabs[who], d.URL, who)
			}
			for _, p := range pages {
				ctx := tabs[p.who]
				browsertest.Act(t, ctx, "open "+p.name, chromedp.Navigate(d.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
				if p.setup != nil {
					p.setup(t, ctx)
				}
				browsertest.Audit(t, ctx, p.name, src)
				if got := browsertest.Value(t, ctx, "page width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); got > vp.width {
					wide := browsertest.Value(t, ctx, "wide elements", chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll("body *")]
						.filter(e => e.getBoundingClientRect().right > %d && !e.closest(".flags-scroll"))
						.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "") + " " + Math.round(e.getBoundingClientRect().right))`, vp.width)))
					t.Errorf("%s at %d px scrolls sideways (%d px wide); widest: %v", p.name, vp.width, got, wide)
				}
				png := browsertest.Value(t, ctx, "screenshot", chromedp.FullScreenshot(100))
				file := filepath.Join(dir, fmt.Sprintf("agent-%s-%d.png", strings.ReplaceAll(p.name, " ", "-"), vp.width))
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
