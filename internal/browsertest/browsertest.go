// Package browsertest starts the headless Chromium that Loket's browser
// tests drive, and reads axe-core for their accessibility checks.
//
// A browser test skips when Chromium or axe-core is missing, so that
// "go test ./..." runs on a machine with only Go and a C compiler; with
// LOKET_E2E (or CI) set it fails instead. .ci/run installs both: Chromium
// from apt, axe-core with npm ci.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian's chromium package puts the browser.
const Chromium = "/usr/bin/chromium"

// Required reports whether a missing browser fails the test rather than
// skipping it.
func Required() bool { return os.Getenv("CI") != "" || os.Getenv("LOKET_E2E") != "" }

// Missing skips the test, or fails it when browser tests are required.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatalf("%s (required in CI and with LOKET_E2E set; .ci/run installs it)", msg)
	}
	t.Skipf("%s; run .ci/run, or `apt-get install chromium` and `npm ci`, to run the browser tests", msg)
}

// Need skips a browser test under -short unless browser tests are
// required, and calls Missing when there is no Chromium.
func Need(t testing.TB) {
	t.Helper()
	if testing.Short() && !Required() {
		t.Skip("starts a browser")
	}
	if _, err := os.Stat(Chromium); err != nil {
		Missing(t, "no Chromium at %s", Chromium)
	}
}

// Start starts headless Chromium for as long as ctx lasts, in a profile of
// its own, and returns the browser's context. When Chromium does not
// start it calls Missing.
func Start(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// The machine's network is closed: no update checks, no sync.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "nl-NL"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		Missing(t, "Chromium does not start: %v", err)
	}
	return browser
}

// Axe returns the script of axe-core, from node_modules in the module's
// root folder; it calls Missing when it is not there.
func Axe(t testing.TB) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			Missing(t, "no go.mod above the test's folder, so no node_modules")
			return nil
		}
		dir = parent
	}
	src, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		Missing(t, "no axe-core (%v)", err)
	}
	return src
}

// Step bounds one step of a browser test (a navigation, a wait), so that a
// page that never shows what a test waits for fails quickly, with its own
// message.
const Step = 20 * time.Second

// Tab opens a tab of the given size in browser; below 600 pixels wide it
// emulates a phone. With ownCookies the tab gets a browser profile of its
// own, as a second person at another computer would.
func Tab(t testing.TB, browser context.Context, width, height int64, ownCookies bool) context.Context {
	t.Helper()
	var tabOpts []chromedp.ContextOption
	if ownCookies {
		tabOpts = append(tabOpts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(browser, tabOpts...)
	t.Cleanup(cancel)
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	// The first action on a tab binds it to that action's context: no step
	// timeout here.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return ctx
}

// Act runs steps within Step and fails the test on an error.
func Act(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, Step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Value runs an action within Step and returns its value; it fails the
// test on an error.
func Value[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, Step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// Wait polls a JavaScript condition until it holds, for at most Step.
func Wait(t testing.TB, ctx context.Context, what, cond string) {
	t.Helper()
	Value(t, ctx, what, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(Step)))
}

// Audit runs axe-core (its script in axeSource, from Axe) on the open page:
// its default rules and the WCAG 2.2 rule on target sizes, which matters
// at phone width. Serious and critical violations fail the test; lesser
// ones are logged.
func Audit(t testing.TB, ctx context.Context, page string, axeSource []byte) {
	t.Helper()
	if !Value(t, ctx, "axe loaded", chromedp.Evaluate[bool](`typeof axe !== "undefined"`)) {
		Act(t, ctx, "load axe-core", chromedp.Evaluate[chromedp.Void](string(axeSource)))
	}
	res := Value(t, ctx, "run axe-core on "+page, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
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

// axeResult is the part of axe-core's results Audit reads.
type axeResult struct {
	Passes     int `json:"passes"` // rules that found nothing wrong
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

const axeRun = `axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r => ({
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ""})),
	})),
}))`
