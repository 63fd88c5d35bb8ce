package agentdesk_test

// The knowledge tools in a real browser: headless Chromium, driven by
// chromedp, against the panel behind httptest. An agent finds an internal
// article with "/", the arrow keys and Enter, copies an article, sends a
// short link, walks a guide with the number keys and drafts an answer;
// axe-core checks the pages at 1280, 1024 and 375 pixels wide, none of
// which may scroll sideways. Like the other browser tests it needs
// /usr/bin/chromium and axe-core in node_modules, and skips without them
// unless CI or LOKET_E2E is set. LOKET_SCREENSHOTS names a folder to keep
// screenshots in.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/loket/loket/internal/browsertest"
)

// knowledgeTab is a browser tab on the panel.
type knowledgeTab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newKnowledgeTabs starts Chromium, or skips the test without it, and
// returns a function that opens a tab of the given size.
func newKnowledgeTabs(t *testing.T, base string) func(width, height int64) *knowledgeTab {
	t.Helper()
	browsertest.Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	root := browsertest.Start(t, ctx)
	// Copy buttons write to the clipboard; the test reads it back.
	if err := chromedp.Do(root, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, tg, browser.SetPermission, browser.SetPermissionParams{Origin: base,
				Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted}); err != nil {
				return err
			}
		}
		return nil
	})); err != nil {
		t.Logf("no clipboard permission: %v", err)
	}
	return func(width, height int64) *knowledgeTab {
		ctx, cancel := chromedp.NewContext(root)
		t.Cleanup(cancel)
		var opts []chromedp.EmulateViewportOption
		if width < 600 {
			opts = append(opts, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
			t.Fatalf("open tab: %v", err)
		}
		// The panel speaks the browser's language: Dutch here.
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "nl-NL,nl;q=0.9"}}); err != nil {
			t.Fatalf("set the language: %v", err)
		}
		return &knowledgeTab{t: t, ctx: ctx, base: base}
	}
}

func (k *knowledgeTab) act(what string, steps ...chromedp.Action[chromedp.Void]) {
	k.t.Helper()
	browsertest.Act(k.t, k.ctx, what, steps...)
}

func knowledgeEval[T any](k *knowledgeTab, what, js string, opts ...chromedp.EvaluateOption) T {
	k.t.Helper()
	return browsertest.Value(k.t, k.ctx, what, chromedp.Evaluate[T](js, opts...))
}

// wait polls a JavaScript condition until it holds. A key or a click may
// have started loading another page: polling the page being left fails,
// and is tried again on the next.
func (k *knowledgeTab) wait(what, cond string) {
	k.t.Helper()
	deadline := time.Now().Add(browsertest.Step)
	for {
		ctx, cancel := context.WithTimeout(k.ctx, time.Until(deadline))
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(25*time.Millisecond),
			chromedp.WithPollingTimeout(time.Until(deadline))))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) || !strings.Contains(err.Error(), "context") && !strings.Contains(err.Error(), "navigated") {
			k.t.Fatalf("wait for %s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// open navigates to a path of the panel and waits for css to be visible.
func (k *knowledgeTab) open(path, css string) {
	k.t.Helper()
	k.act("open "+path, chromedp.Navigate(k.base+path), chromedp.WaitVisible(chromedp.CSS(css)))
}

// signIn signs the tab in through the sign-in form, which leads to next,
// ready when css is visible.
func (k *knowledgeTab) signIn(name, next, css string) {
	k.t.Helper()
	k.open("/agent/login?next="+next, "#name")
	k.act("sign in", chromedp.SendKeys(chromedp.CSS("#name"), name), chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS(css)))
}

// key presses a key as a keyboard does: one keydown that carries the
// character, so that a script that cancels the keydown also cancels what
// the key would do.
func (k *knowledgeTab) key(name, code, text string, keyCode int64) {
	k.t.Helper()
	k.act("press "+name, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: name, Code: code, Text: text, UnmodifiedText: text, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: name, Code: code, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
}

const knowledgeFocused = `(() => { const e = document.activeElement; return e && e.id ? "#" + e.id : (e ? e.tagName.toLowerCase() : ""); })()`

func TestKnowledgeInTheBrowser(t *testing.T) {
	d := newTestDesk(t, nil)
	tabs := newKnowledgeTabs(t, d.URL)
	k := tabs(1280, 900)
	k.signIn("anna", "/agent/articles/nl/energie/meterstand-doorgeven", "#kn-title")

	// "/" focuses the search box; the hits come as you type.
	k.act("press /", chromedp.KeyEvent("/"))
	if got := knowledgeEval[string](k, "focus", knowledgeFocused); got != "#kn-q" {
		t.Fatalf("/ focuses %s, want the search box", got)
	}
	k.act("type", chromedp.KeyEvent("klantbehoud"))
	k.wait("hits as you type", `!document.getElementById("kn-results").hidden && document.querySelector("#kn-results .kn-option-internal") !== null`)
	first := knowledgeEval[[]string](k, "first hit", `(() => { const o = document.querySelector("#kn-results [role=option]");
		return [o.querySelector(".kn-option-title").textContent, o.querySelector(".kn-badge-internal") ? o.querySelector(".kn-badge-internal").textContent : "",
			document.getElementById("kn-q").getAttribute("aria-expanded")]; })()`)
	if !strings.HasPrefix(first[0], "Klantbehoud") || first[1] != "Intern" || first[2] != "true" {
		t.Fatalf("first hit as you type = %q", first)
	}
	k.act("arrow down", chromedp.KeyEvent(kb.ArrowDown))
	if got := knowledgeEval[string](k, "active option", `document.getElementById("kn-q").getAttribute("aria-activedescendant")`); got != "kn-results-0" {
		t.Fatalf("after ArrowDown the active option is %q", got)
	}
	k.key("Enter", "Enter", "\r", 13)
	k.wait("the internal article", `location.pathname === "/agent/articles/nl/contract/klantbehoud-aanbiedingen" && document.querySelector("#kn-title") !== null`)

	// Escape closes the list, and then clears the box.
	k.act("type", chromedp.Focus(chromedp.CSS("#kn-q")), chromedp.KeyEvent("meterstand"))
	k.wait("hits", `!document.getElementById("kn-results").hidden`)
	k.key("Escape", "Escape", "", 27)
	k.key("Escape", "Escape", "", 27)
	if got := knowledgeEval[[]any](k, "box", `[document.getElementById("kn-q").value, document.getElementById("kn-results").hidden]`); got[0] != "" || got[1] != true {
		t.Errorf("after Escape twice: value %q, list hidden %v", got[0], got[1])
	}

	// Copy as plain text, and send a short link.
	k.open("/agent/articles/nl/energie/meterstand-doorgeven", "#kn-title")
	k.act("copy", chromedp.Click(chromedp.CSS(`button[data-kn-copy="kn-plain-text"]`)))
	k.wait("copied", `document.querySelector(".kn-actions [data-kn-status]").textContent !== ""`)
	copied := knowledgeEval[[]string](k, "copied", `navigator.clipboard.readText().catch(e => "(" + e + ")").then(c => [c,
		document.querySelector("[data-kn-copy=kn-plain-text]").textContent, document.querySelector(".kn-actions [data-kn-status]").textContent])`, chromedp.EvalAwaitPromise)
	if !strings.HasPrefix(copied[0], "Je geeft je meterstand door") || !strings.Contains(copied[1], "Gekopieerd") || !strings.Contains(copied[2], "Gekopieerd") {
		t.Errorf("after copying: clipboard %.60q, button %q, status %q", copied[0], copied[1], copied[2])
	}
	k.act("send", chromedp.Click(chromedp.CSS("form[data-kn-send] button")))
	k.wait("the short link", `!document.querySelector("[data-kn-sent]").hidden && document.getElementById("kn-link").value.includes("/l/") &&
		document.querySelector(".kn-send [data-kn-status]").textContent !== ""`)
	if got := knowledgeEval[string](k, "status", `document.querySelector(".kn-send [data-kn-status]").textContent`); !strings.Contains(got, "Korte link gemaakt: "+d.URL+"/l/") {
		t.Errorf("send status = %q", got)
	}

	// A guide with the number keys, and back with Backspace.
	k.open(betwist+"?handoff=4", ".kn-choices")
	k.act("press 2", chromedp.KeyEvent("2"))
	k.wait("step 2", `document.getElementById("kn-step-title").textContent === "Vraag een foto van de meter" && document.activeElement.id === "kn-step-title"`)
	k.act("press 3", chromedp.KeyEvent("3"))
	k.wait("the ending", `document.querySelector(".kn-ending-resolved .kn-wrapup") !== null`)
	k.key("Backspace", "Backspace", "", 8)
	k.wait("back to step 2", `document.getElementById("kn-step-title").textContent === "Vraag een foto van de meter"`)

	// On the search page the arrow keys go from the box through the hits.
	k.open("/agent/search?q=meterstand", ".kn-hits")
	k.act("press /", chromedp.KeyEvent("/"))
	k.act("down", chromedp.KeyEvent(kb.ArrowDown))
	k.act("down", chromedp.KeyEvent(kb.ArrowDown))
	second := knowledgeEval[string](k, "second hit", `document.querySelectorAll(".kn-hit-title a")[1].getAttribute("href")`)
	if got := knowledgeEval[string](k, "focus", `document.activeElement.getAttribute("href") || document.activeElement.id`); got != second {
		t.Errorf("two ArrowDowns from the box focus %s, want the second hit %s", got, second)
	}
	k.act("up", chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	if got := knowledgeEval[string](k, "focus", knowledgeFocused); got != "#kn-q" {
		t.Errorf("ArrowUp from the first hit focuses %s", got)
	}

	// A draft without reloading the page.
	k.open("/agent/draft", "#kn-question")
	k.act("ask", chromedp.SendKeys(chromedp.CSS("#kn-question"), "Hoe geef ik mijn meterstand door?"),
		chromedp.Click(chromedp.CSS("form[data-kn-draft] button[type=submit]")))
	k.wait("the answer", `document.querySelector(".kn-answer .kn-sources li a") !== null && location.search.includes("q=")`)
	if got := knowledgeEval[[]string](k, "answer", `[document.querySelector(".kn-answer-text").textContent, document.getElementById("kn-draft-plain").value,
		document.querySelector("[data-kn-copy=kn-draft-plain]").hidden ? "hidden" : "shown"]`); !strings.Contains(got[0], "[1]") || strings.Contains(got[1], "[1]") || got[2] != "shown" {
		t.Errorf("drafted answer = %q", got)
	}
}

// TestKnowledgePagesAreAccessible runs axe-core on the knowledge pages at
// 1280, 1024 and 375 pixels wide: no serious or critical violations, and no
// sideways scrolling.
func TestKnowledgePagesAreAccessible(t *testing.T) {
	d := newTestDesk(t, nil)
	tabs := newKnowledgeTabs(t, d.URL)
	axe := browsertest.Axe(t)
	shots := os.Getenv("LOKET_SCREENSHOTS")
	pages := []struct {
		name, path, ready string
		setup             func(k *knowledgeTab)
	}{
		{"search", "/agent/search?q=meterstand", ".kn-hits", nil},
		{"search-typing", "/agent/search", "#kn-q", func(k *knowledgeTab) {
			k.act("type", chromedp.Focus(chromedp.CSS("#kn-q")), chromedp.KeyEvent("opzeggen"))
			k.wait("hits", `!document.getElementById("kn-results").hidden`)
			k.act("down", chromedp.KeyEvent(kb.ArrowDown))
		}},
		{"search-none", "/agent/search?q=xylofoonstemmer", ".kn-page h1", nil},
		{"article", "/agent/articles/nl/energie/meterstand-doorgeven?handoff=0", ".kn-send", func(k *knowledgeTab) {
			k.act("send", chromedp.Click(chromedp.CSS("form[data-kn-send] button")))
			k.wait("link", `!document.querySelector("[data-kn-sent]").hidden`)
		}},
		{"article-internal", "/agent/articles/nl/contract/klantbehoud-aanbiedingen", ".kn-nosend", nil},
		{"guide", betwist, ".kn-choices", nil},
		{"guide-resolved", betwist + "?handoff=4&step=klaar&path=soort,foto,uitleg", ".kn-ending-resolved", nil},
		{"guide-escalate", betwist + "?step=netbeheerder&path=soort,slim", ".kn-ending-escalate", nil},
		{"draft", "/agent/draft?q=" + "Hoe+geef+ik+mijn+meterstand+door%3F", ".kn-answer", nil},
		{"draft-declined", "/agent/draft?q=kwispelende+zeppelin", ".kn-declined", nil},
	}
	// The tabs share the browser's cookies: one sign-in is enough.
	tabs(1280, 900).signIn("anna", "/agent/search", "#kn-q")
	for _, vp := range []struct{ width, height int64 }{{1280, 900}, {1024, 768}, {375, 812}} {
		t.Run(fmt.Sprint(vp.width), func(t *testing.T) {
			k := tabs(vp.width, vp.height)
			k.t = t
			for _, p := range pages {
				k.open(p.path, p.ready)
				if p.setup != nil {
					p.setup(k)
				}
				k.audit(p.name, axe)
				if wide := knowledgeEval[int64](k, "page width", `document.documentElement.scrollWidth`); wide > vp.width {
					t.Errorf("%s at %d px is %d px wide: it scrolls sideways", p.name, vp.width, wide)
				}
				if shots != "" {
					k.screenshot(filepath.Join(shots, fmt.Sprintf("knowledge-%s-%d.png", p.name, vp.width)))
				}
			}
		})
	}
}

func (k *knowledgeTab) screenshot(file string) {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(k.ctx, browsertest.Step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		k.t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		k.t.Fatal(err)
	}
}

// audit runs axe-core on the open page and fails on serious and critical
// violations; lesser ones are logged.
func (k *knowledgeTab) audit(page string, source []byte) {
	k.t.Helper()
	browsertest.Audit(k.t, k.ctx, page, source)
}
