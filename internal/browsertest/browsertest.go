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
	"testing"

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
