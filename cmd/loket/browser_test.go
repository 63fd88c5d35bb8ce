package main

// The help site in a real browser: headless Chromium, driven by chromedp,
// against the server's own handler and SQLite database. A customer searches,
// reads, votes and writes to us, with JavaScript and without; a keyboard
// user tabs and picks a suggestion; axe-core checks every kind of page at
// desktop and phone width; and the main pages are saved as screenshots for
// a person to look at.
//
// Chromium comes from Debian (/usr/bin/chromium) and axe-core from npm
// (node_modules at the repository root); .ci/run installs both. Without
// them the test skips, except in CI or with LOKET_E2E set, where it fails.
// LOKET_SCREENSHOTS names a folder to keep the screenshots in.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/loket/loket"
	"github.com/loket/loket/internal/browsertest"
)

const (
	// limitedClient is the client address the 429 tab claims through
	// X-Forwarded-For, so that exhausting its search allowance leaves the
	// other tabs alone.
	limitedClient = "203.0.113.29"
)

// browserSite is the server behind httptest and a headless Chromium.
type browserSite struct {
	srv     *server
	url     string
	browser context.Context // a tab that started the browser; new tabs are its children
}

func TestBrowser(t *testing.T) {
	browsertest.Need(t)
	b := startBrowserSite(t)
	t.Run("Journey", func(t *testing.T) { testJourney(t, b) })
	t.Run("NoScript", func(t *testing.T) { testNoScript(t, b) })
	t.Run("Keyboard", func(t *testing.T) { testKeyboard(t, b) })
	t.Run("Screenshots", func(t *testing.T) { testScreenshots(t, b) })
	t.Run("Accessibility", func(t *testing.T) { testAccessibility(t, b) })
}

func startBrowserSite(t *testing.T) *browserSite {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	// Forms and suggestions are not limited here, so that the flows can post
	// freely; searches are, so that the 429 page can be reached.
	cfg := &serveConfig{data: t.TempDir(), content: contentFlags{defaultLocale: "nl"}, rateSearch: 60, trustedProxies: "127.0.0.1"}
	srv, err := newServer(ctx, cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler)
	t.Cleanup(func() { ts.Close(); srv.close() })

	return &browserSite{srv: srv, url: ts.URL, browser: browsertest.Start(t, ctx)}
}

// tab opens a new tab of the given size; 375 pixels wide is a phone.
func (b *browserSite) tab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	return browsertest.Tab(t, b.browser, width, height, false)
}

// text returns the visible text of the first element matching css.
func text(t testing.TB, ctx context.Context, css string) string {
	t.Helper()
	return strings.TrimSpace(browsertest.Value(t, ctx, "text of "+css, chromedp.Text(chromedp.CSS(css))))
}

// waitSuggestions waits until the search box's suggestions are shown for
// what is typed: app.js marks the list aria-busy until then.
func waitSuggestions(t testing.TB, ctx context.Context) {
	t.Helper()
	browsertest.Wait(t, ctx, "suggestions", `(() => {
		const l = document.getElementById("q-suggestions");
		return !l.hidden && !l.hasAttribute("aria-busy") && l.querySelector("[role=option]") !== null;
	})()`)
}

// open navigates to a path of the site, waits for css to be visible and
// checks that the site's style sheet applies (a page whose policy blocks it
// still shows, unstyled).
func (b *browserSite) open(t testing.TB, ctx context.Context, path, css string) {
	t.Helper()
	browsertest.Act(t, ctx, "open "+path, chromedp.Navigate(b.url+path), chromedp.WaitVisible(chromedp.CSS(css)))
	if !browsertest.Value(t, ctx, "style of "+path, chromedp.Evaluate[bool](`getComputedStyle(document.body).display === "flex"`)) {
		t.Errorf("%s shows without the site's style sheet", path)
	}
}

// testJourney is a customer with JavaScript: suggestions while typing, a
// search, an article, "No" with a comment in place, then the contact page
// through to the confirmation. The database has it all afterwards.
func testJourney(t *testing.T, b *browserSite) {
	ctx := b.tab(t, 1280, 900)
	b.open(t, ctx, "/nl/", ".hero #q")

	browsertest.Act(t, ctx, "type in the search box", chromedp.SendKeys(chromedp.CSS("#q"), "wachtw"))
	waitSuggestions(t, ctx)
	if got := text(t, ctx, "#q-suggestions"); !strings.Contains(got, "Wachtwoord vergeten of wijzigen") {
		t.Errorf("suggestions for %q: %q", "wachtw", got)
	}
	// The customer's own word is not in the article; search knows it anyway.
	browsertest.Act(t, ctx, "search with Enter",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#q"), "paswoord\n"),
		chromedp.WaitVisible(chromedp.CSS(".results .result h2 a")))
	if got := text(t, ctx, "main h1"); got != "Resultaten voor ‘paswoord’" {
		t.Errorf("results heading = %q", got)
	}
	if got := text(t, ctx, ".results .result h2 a"); got != "Wachtwoord vergeten of wijzigen" {
		t.Fatalf("first result = %q", got)
	}
	browsertest.Act(t, ctx, "open the first result",
		chromedp.Click(chromedp.CSS(".results .result h2 a")),
		chromedp.WaitVisible(chromedp.CSS(".article h1")))
	if got := text(t, ctx, ".article h1"); got != "Wachtwoord vergeten of wijzigen" {
		t.Errorf("article title = %q", got)
	}

	// With JavaScript the box changes in place: a mark set on the page
	// survives, which a reload would wipe.
	browsertest.Act(t, ctx, "answer No",
		chromedp.Evaluate[chromedp.Void](`window.loketSamePage = true`),
		chromedp.Click(chromedp.CSS(`#feedback button[value="no"]`)),
		chromedp.WaitVisible(chromedp.CSS("#feedback-comment")))
	browsertest.Wait(t, ctx, "focus on the comment box", `document.activeElement && document.activeElement.id === "feedback-comment"`)
	const comment = "Ik gebruik de app, niet de website."
	browsertest.Act(t, ctx, "send a comment",
		chromedp.SendKeys(chromedp.CSS("#feedback-comment"), comment),
		chromedp.Click(chromedp.CSS("#feedback button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#feedback .feedback-done")))
	if got := text(t, ctx, "#feedback .feedback-done"); got != "Bedankt voor je reactie!" {
		t.Errorf("after the comment: %q", got)
	}
	if !browsertest.Value(t, ctx, "same page", chromedp.Evaluate[bool](`window.loketSamePage === true`)) {
		t.Error("voting reloaded the page; with JavaScript it should answer in place")
	}
	// Coming back: the browser asks with If-None-Match and gets a 304, whose
	// headers it keeps with the page; open checks the page still has style.
	b.open(t, ctx, "/nl/articles/account/wachtwoord-vergeten?from=search", ".article h1")

	browsertest.Act(t, ctx, "go to the contact page",
		chromedp.Click(chromedp.CSS(`.top-nav a[href="/nl/contact"]`)),
		chromedp.WaitVisible(chromedp.CSS("#question")))
	const question = "Ik ben mijn wachtwoord vergeten en kom niet in de app"
	browsertest.Act(t, ctx, "type the question",
		chromedp.SendKeys(chromedp.CSS("#question"), question),
		// While typing, the page already shows answers.
		chromedp.WaitVisible(chromedp.CSS("[data-live-answers] li a")))
	ref := b.contact(t, ctx, question, "Wachtwoord vergeten of wijzigen", "Anna de Vries", "anna@example.nl")

	db := b.srv.db
	bg := context.Background()
	votes, err := db.CountVotes(bg, "nl", "account/wachtwoord-vergeten")
	if err != nil || votes != (loket.VoteCount{No: 1}) {
		t.Errorf("votes on the article = %+v, %v; want one No", votes, err)
	}
	if !hasComment(t, b, "account/wachtwoord-vergeten", comment) {
		t.Errorf("no comment event for %q", comment)
	}
	b.checkHandoff(t, ref, question, loket.Contact{Name: "Anna de Vries", Email: "anna@example.nl"}, "account/wachtwoord-vergeten")
}

// contact goes from the question on the contact page (already typed) to the
// confirmation, checking that step 2 offers the answer and the ways to
// reach us, and returns the reference.
func (b *browserSite) contact(t *testing.T, ctx context.Context, question, answer, name, email string) int64 {
	t.Helper()
	browsertest.Act(t, ctx, "continue with the question",
		chromedp.Click(chromedp.CSS("form[data-contact-live] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#options-title")))
	if got := text(t, ctx, ".answers"); !strings.Contains(got, "Misschien helpt dit al") || !strings.Contains(got, answer) {
		t.Errorf("suggested answers: %q", got)
	}
	if got := text(t, ctx, ".option .big a"); got != "088 123 45 67" {
		t.Errorf("phone number = %q", got)
	}
	if href := browsertest.Value(t, ctx, "phone link", chromedp.AttributeValue(chromedp.CSS(".option .big a"), "href")); href.Value != "tel:0881234567" {
		t.Errorf("phone link = %q", href.Value)
	}
	if got := text(t, ctx, ".option .hours"); !strings.Contains(got, "08:00") || !strings.Contains(got, "maandag") {
		t.Errorf("opening hours = %q", got)
	}
	if got := browsertest.Value(t, ctx, "question in the form", chromedp.Value(chromedp.CSS("#c-question"))); got != question {
		t.Errorf("the form's question = %q, want %q", got, question)
	}
	browsertest.Act(t, ctx, "send the form",
		chromedp.SendKeys(chromedp.CSS("#c-name"), name),
		chromedp.SendKeys(chromedp.CSS("#c-email"), email),
		chromedp.Click(chromedp.CSS(".contact-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".confirmation")))
	if got := text(t, ctx, ".confirmation h1"); got != "Je vraag is verstuurd" {
		t.Errorf("confirmation heading = %q", got)
	}
	m := regexp.MustCompile(`Je referentienummer is (\d+)\.`).FindStringSubmatch(text(t, ctx, ".confirmation"))
	if m == nil {
		t.Fatalf("no reference number in the confirmation")
	}
	ref, _ := strconv.ParseInt(m[1], 10, 64)
	return ref
}

// checkHandoff finds the handoff with the reference and checks it.
func (b *browserSite) checkHandoff(t *testing.T, ref int64, question string, who loket.Contact, offered string) {
	t.Helper()
	hs, err := b.srv.db.FindHandoffs(context.Background(), loket.HandoffFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(hs, func(h *loket.Handoff) bool { return h.ID == ref })
	if i < 0 {
		t.Fatalf("no handoff %d among %d", ref, len(hs))
	}
	h := hs[i]
	if h.Question != question || h.Contact != who || h.Channel != loket.ChannelWeb || h.Reason != loket.ReasonContactForm {
		t.Errorf("handoff %d = %+v", ref, h)
	}
	if !slices.ContainsFunc(h.Offered, func(o loket.Offer) bool { return o.ArticleID == offered }) {
		t.Errorf("handoff %d offered %+v, want %s among them", ref, h.Offered, offered)
	}
}

func hasComment(t *testing.T, b *browserSite, article, comment string) bool {
	t.Helper()
	events, err := b.srv.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventComment})
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(events, func(e *loket.Event) bool {
		return e.ArticleID == article && e.Data["comment"] == comment && e.Channel == loket.ChannelWeb
	})
}

// testNoScript does a vote with a comment and the contact flow with
// JavaScript switched off: every step is a plain form and a page.
func testNoScript(t *testing.T, b *browserSite) {
	ctx := b.tab(t, 1280, 900)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	const article = "/nl/articles/energie/meterstand-doorgeven"
	b.open(t, ctx, article, ".article h1")
	// app.js makes the search box a combobox; without it, it stays a box.
	if role := browsertest.Value(t, ctx, "search box role", chromedp.AttributeValue(chromedp.CSS("#q"), "role")); role.Exists {
		t.Fatalf("the page ran its script (role=%q): JavaScript is not off", role.Value)
	}
	browsertest.Act(t, ctx, "answer No",
		chromedp.Click(chromedp.CSS(`#feedback button[value="no"]`)),
		chromedp.WaitVisible(chromedp.CSS("#feedback-comment")))
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "feedback=comment") {
		t.Errorf("after No without JavaScript: %s", loc)
	}
	const comment = "Mijn meter heeft twee telwerken."
	browsertest.Act(t, ctx, "send a comment",
		chromedp.SendKeys(chromedp.CSS("#feedback-comment"), comment),
		chromedp.Click(chromedp.CSS("#feedback button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#feedback .feedback-done")))

	b.open(t, ctx, "/nl/contact", "#question")
	const question = "Hoe geef ik mijn meterstand door?"
	browsertest.Act(t, ctx, "type the question", chromedp.SendKeys(chromedp.CSS("#question"), question))
	ref := b.contact(t, ctx, question, "Meterstand doorgeven", "", "piet@example.nl")

	votes, err := b.srv.db.CountVotes(context.Background(), "nl", "energie/meterstand-doorgeven")
	if err != nil || votes != (loket.VoteCount{No: 1}) {
		t.Errorf("votes without JavaScript = %+v, %v; want one No", votes, err)
	}
	if !hasComment(t, b, "energie/meterstand-doorgeven", comment) {
		t.Errorf("no comment event for %q", comment)
	}
	b.checkHandoff(t, ref, question, loket.Contact{Email: "piet@example.nl"}, "energie/meterstand-doorgeven")
}

// testKeyboard tabs through the top of the home page and picks a
// suggestion with the arrow keys.
func testKeyboard(t *testing.T, b *browserSite) {
	ctx := b.tab(t, 1280, 900)
	b.open(t, ctx, "/nl/", ".hero #q")
	const focused = `(() => {
		const e = document.activeElement;
		if (!e || e === document.body) return "body";
		if (e.id) return "#" + e.id;
		if (e.classList.length) return e.tagName.toLowerCase() + "." + e.classList[0];
		return e.tagName.toLowerCase() + "[" + e.textContent.trim() + "]";
	})()`
	for i, want := range []string{"a.skip", "a.brand", "a[Contact]", "a[English]", "#q"} {
		browsertest.Act(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		if got := browsertest.Value(t, ctx, "focused element", chromedp.Evaluate[string](focused)); got != want {
			t.Fatalf("Tab %d focuses %s, want %s", i+1, got, want)
		}
		if i == 0 {
			top := browsertest.Value(t, ctx, "skip link position", chromedp.Evaluate[float64](`document.activeElement.getBoundingClientRect().top`))
			if top < 0 {
				t.Errorf("the focused skip link is off screen (top %.0f)", top)
			}
		}
	}
	browsertest.Act(t, ctx, "type", chromedp.KeyEvent("wachtw"))
	waitSuggestions(t, ctx)
	browsertest.Act(t, ctx, "go down", chromedp.KeyEvent(kb.ArrowDown))
	state := browsertest.Value(t, ctx, "combobox state", chromedp.Evaluate[[]string](`(() => {
		const q = document.getElementById("q");
		const id = q.getAttribute("aria-activedescendant") || "";
		const opt = id && document.getElementById(id);
		return [q.getAttribute("aria-expanded") || "", id, opt ? opt.getAttribute("aria-selected") : "", opt ? opt.firstChild.textContent : ""];
	})()`))
	if state[0] != "true" || state[1] != "q-suggestions-0" || state[2] != "true" {
		t.Fatalf("after ArrowDown: aria-expanded=%q aria-activedescendant=%q aria-selected=%q", state[0], state[1], state[2])
	}
	browsertest.Act(t, ctx, "open the suggestion with Enter",
		pressEnter(),
		chromedp.WaitVisible(chromedp.CSS(".article h1")))
	if got := text(t, ctx, ".article h1"); got != state[3] {
		t.Errorf("Enter opened %q, the suggestion was %q", got, state[3])
	}
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "from=suggest") {
		t.Errorf("opened %s, want from=suggest", loc)
	}
}

// pressEnter presses Enter as a keyboard does: one keydown that carries the
// character, so that a script that cancels the keydown also cancels the
// form's submission. (chromedp's kb.Enter sends the character as an event
// of its own, which no script can cancel.)
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
		} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// viewports are the widths every page is checked at.
var viewports = []struct {
	name          string
	width, height int64
}{{"desktop", 1280, 900}, {"phone", 375, 812}}

// screenshotDir is LOKET_SCREENSHOTS, created, or a temporary folder.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("LOKET_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// testScreenshots saves full-page pictures of the main pages at both
// widths, for a person to look at.
func testScreenshots(t *testing.T, b *browserSite) {
	dir := screenshotDir(t)
	for _, vp := range viewports {
		ctx := b.tab(t, vp.width, vp.height)
		for _, p := range []struct{ name, path, ready string }{
			{"home", "/nl/", ".hero #q"},
			{"search", "/nl/search?q=paswoord", ".results"},
			{"article", "/nl/articles/account/wachtwoord-vergeten", ".article h1"},
			{"contact", "/nl/contact", "#question"},
		} {
			b.open(t, ctx, p.path, p.ready)
			if p.name == "contact" {
				b.contactStep2(t, ctx)
			}
			png := browsertest.Value(t, ctx, "screenshot "+p.name, chromedp.FullScreenshot(100))
			file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, vp.width))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", file)
		}
	}
}

// contactStep2 posts a question on the contact page that is open.
func (b *browserSite) contactStep2(t testing.TB, ctx context.Context) {
	t.Helper()
	browsertest.Act(t, ctx, "contact step 2",
		chromedp.SendKeys(chromedp.CSS("#question"), "Ik ben mijn wachtwoord vergeten"),
		chromedp.Click(chromedp.CSS("form[data-contact-live] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#options-title")))
}

// auditPage is a page that axe-core checks: opened at path, ready when css
// is visible, then brought into the state to check by setup, if any.
type auditPage struct {
	name, path, ready string
	setup             func(t *testing.T, ctx context.Context)
}

// testAccessibility runs axe-core on every kind of page at desktop and
// phone width: no serious or critical violation, and at phone width no
// sideways scrolling.
func testAccessibility(t *testing.T, b *browserSite) {
	src := browsertest.Axe(t)
	pages := []auditPage{
		{name: "home nl", path: "/nl/", ready: ".hero #q"},
		{name: "home en", path: "/en/", ready: ".hero #q"},
		{name: "home with suggestions", path: "/nl/", ready: ".hero #q", setup: func(t *testing.T, ctx context.Context) {
			browsertest.Act(t, ctx, "type", chromedp.SendKeys(chromedp.CSS("#q"), "wachtw"))
			waitSuggestions(t, ctx)
			browsertest.Act(t, ctx, "go down", chromedp.KeyEvent(kb.ArrowDown))
		}},
		{name: "category", path: "/nl/categories/energie", ready: "main h1"},
		{name: "article", path: "/nl/articles/account/wachtwoord-vergeten", ready: ".article h1"},
		{name: "article, comment box open", path: "/nl/articles/facturen/jaarafrekening-uitleg?feedback=comment", ready: "#feedback-comment"},
		{name: "guide step", path: "/nl/guides/internet/geen-internet", ready: ".choices"},
		{name: "guide ending, resolved", path: "/nl/guides/internet/geen-internet?path=storing&step=bekende-storing", ready: ".ending.resolved"},
		{name: "guide ending, escalated", path: "/nl/guides/internet/geen-internet?path=kabel&step=monteur", ready: ".ending.escalated"},
		{name: "search results", path: "/nl/search?q=factuur", ready: ".results"},
		{name: "zero results", path: "/nl/search?q=xylofoonstemmer", ready: ".no-results"},
		{name: "contact step 1", path: "/nl/contact", ready: "#question"},
		{name: "contact step 2", path: "/nl/contact", ready: "#question", setup: func(t *testing.T, ctx context.Context) { b.contactStep2(t, ctx) }},
		{name: "contact form with errors", path: "/nl/contact", ready: "#question", setup: func(t *testing.T, ctx context.Context) {
			b.contactStep2(t, ctx)
			browsertest.Act(t, ctx, "send without an address",
				chromedp.Click(chromedp.CSS(".contact-form button[type=submit]")),
				chromedp.WaitVisible(chromedp.CSS("#c-email-error")))
		}},
		{name: "confirmation", path: "/nl/contact/sent?ref=42", ready: ".confirmation"},
		{name: "404", path: "/nl/bestaat/niet", ready: ".error-page"},
		{name: "429", path: "/nl/", ready: "main", setup: func(t *testing.T, ctx context.Context) { b.tooManySearches(t, ctx) }},
	}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			ctx := b.tab(t, vp.width, vp.height)
			for _, p := range pages {
				b.open(t, ctx, p.path, p.ready)
				if p.setup != nil {
					p.setup(t, ctx)
				}
				browsertest.Audit(t, ctx, p.name, src)
				if vp.width < 600 {
					checkNoSidewaysScroll(t, ctx, p.name, vp.width)
				}
			}
		})
	}
}

// checkNoSidewaysScroll fails when the page is wider than the screen.
func checkNoSidewaysScroll(t *testing.T, ctx context.Context, page string, width int64) {
	t.Helper()
	got := browsertest.Value(t, ctx, "page width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
	if got > width {
		wide := browsertest.Value(t, ctx, "wide elements", chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll("body *")]
			.filter(e => e.getBoundingClientRect().right > %d)
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "") + " " + Math.round(e.getBoundingClientRect().right))`, width)))
		t.Errorf("%s at %d px: the page is %d px wide, so it scrolls sideways; widest: %v", page, width, got, wide)
	}
}

// tooManySearches exhausts the search allowance of one client and opens a
// search as that client, to see the 429 page. The allowance refills while
// the browser asks, so it tries a few times.
func (b *browserSite) tooManySearches(t *testing.T, ctx context.Context) {
	t.Helper()
	claim := func(h network.Headers) error {
		_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h})
		return err
	}
	if err := claim(network.Headers{"X-Forwarded-For": limitedClient}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := claim(network.Headers{}); err != nil {
			t.Error(err)
		}
	}()
	for range 5 {
		for range 200 {
			if searchAs(t, b.url, limitedClient) == http.StatusTooManyRequests {
				break
			}
		}
		b.open(t, ctx, "/nl/search?q=nog+een+keer", "main h1")
		if browsertest.Value(t, ctx, "error page?", chromedp.Evaluate[bool](`document.querySelector(".error-page") !== null`)) {
			if got := text(t, ctx, ".error-page .eyebrow"); got != "429" {
				t.Fatalf("error page shows %q, want 429", got)
			}
			return
		}
	}
	t.Fatal("the search limit never answered 429")
}

// searchAs runs one search as client and returns the status.
func searchAs(t *testing.T, base, client string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/nl/search?q=meterstand", nil)
	req.Header.Set("X-Forwarded-For", client)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
