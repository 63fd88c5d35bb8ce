package main

// The chat widget in a real browser, with no language model configured, so
// that every answer is the extractive fallback: the help site shows the
// widget; a keyboard user opens it, asks, reads the streamed answer with
// its citation, says it helped, starts again, asks for a person and leaves
// an e-mail address, and the database has it all; a reload continues the
// conversation. Another site (another origin, with a strict policy and
// hostile styles) embeds the widget and gets an answer across origins.
// Failures show a clear message. axe-core checks the open widget on both
// sites, and screenshots of it are saved (LOKET_SCREENSHOTS, as in
// browser_test.go).

import (
	"context"
	"fmt"
	"io"
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

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/assistant/openaitest"
	"github.com/loket/loket/internal/browsertest"
)

// widgetRoot is the widget's shadow root, in the page's JavaScript.
const widgetRoot = `document.querySelector("loket-chat").shadowRoot`

// inWidget selects the first element in the widget matching css.
func inWidget(css string) chromedp.JSPath {
	return chromedp.JSPath(widgetRoot + ".querySelector(" + strconv.Quote(css) + ")")
}

// rateLimitedChatClient is the client address the 429 check claims, so
// that exhausting its chat allowance leaves the other checks alone.
const rateLimitedChatClient = "203.0.113.30"

// widgetSite is the Loket server and a page on another origin that embeds
// its widget.
type widgetSite struct {
	*browserSite
	hostURL string
	axe     []byte
}

func TestWidget(t *testing.T) {
	browsertest.Need(t)
	axe := browsertest.Axe(t)
	w := startWidgetSite(t)
	w.axe = axe
	t.Run("Conversation", func(t *testing.T) { testWidgetConversation(t, w) })
	t.Run("OtherSite", func(t *testing.T) { testWidgetOtherSite(t, w) })
	t.Run("Replace", func(t *testing.T) { testWidgetReplace(t, w) })
	t.Run("Failures", func(t *testing.T) { testWidgetFailures(t, w) })
	t.Run("ContactPage", func(t *testing.T) { testWidgetContactPage(t, w) })
	t.Run("Accessibility", func(t *testing.T) { testWidgetAccessibility(t, w) })
	t.Run("Screenshots", func(t *testing.T) { testWidgetScreenshots(t, w) })
}

// startWidgetSite starts the host site, then Loket with the host's origin
// allowed to call the chat API, then the browser.
func startWidgetSite(t *testing.T) *widgetSite {
	t.Helper()
	var loketURL string
	host := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		serveHostPage(rw, r, loketURL)
	}))
	t.Cleanup(host.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	// Chat is limited, as in production, so that the 429 message can be
	// reached; the checks claim their own client addresses where it matters.
	cfg := &serveConfig{data: t.TempDir(), content: contentFlags{defaultLocale: "nl"}, corsOrigins: host.URL,
		trustedProxies: "127.0.0.1", rateChat: 60}
	srv, err := newServer(ctx, cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler)
	t.Cleanup(func() { ts.Close(); srv.close() })
	loketURL = ts.URL

	browser := browsertest.Start(t, ctx)
	return &widgetSite{browserSite: &browserSite{srv: srv, url: ts.URL, browser: browser}, hostURL: host.URL}
}

// serveHostPage is a shop on another origin that embeds the widget. Its
// policy allows the Loket origin for scripts, styles and requests, as
// docs/widget.md tells site owners to, and nothing inline. Its style sheet
// is hostile: a widget that lets page styles in looks wrong.
func serveHostPage(rw http.ResponseWriter, r *http.Request, loketURL string) {
	switch r.URL.Path {
	case "/host.css":
		rw.Header().Set("Content-Type", "text/css")
		fmt.Fprint(rw, `html { font-size: 10px; }
* { font-family: Georgia, serif; font-size: 30px; letter-spacing: 2px; text-transform: uppercase; color: #222; }
button { background: hotpink; border: 6px dotted yellow; }
body { margin: 0; padding: 2rem; background: #fff; }`)
	case "/":
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.Header().Set("Content-Security-Policy", fmt.Sprintf("default-src 'self'; script-src 'self' %[1]s; style-src 'self' %[1]s; connect-src %[1]s; img-src 'self'", loketURL))
		fmt.Fprintf(rw, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Helder shop</title>
<link rel="stylesheet" href="/host.css">
<script src="%s/widget.js" data-accent="#0b6e4f" data-title="Helder shop" defer></script>
</head>
<body>
<main>
<h1>Helder shop</h1>
<p>Energy, internet and more.</p>
<p><a href="#chat">Chat with us</a></p>
</main>
</body>
</html>`, loketURL)
	default:
		http.NotFound(rw, r)
	}
}

// widgetTab opens a tab that records the page's policy violations in
// window.cspViolations, from before any script of the page runs.
func (w *widgetSite) widgetTab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	ctx := w.tab(t, width, height)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.initialGlobals = Object.keys(window);
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));`,
	}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// waitWidget waits until the widget has its style sheet and shows.
func waitWidget(t testing.TB, ctx context.Context) {
	t.Helper()
	browsertest.Wait(t, ctx, "the widget", `(() => {
		const h = document.querySelector("loket-chat");
		return !!h && !!h.shadowRoot && !h.shadowRoot.querySelector(".w").hidden;
	})()`)
}

// checkNoViolations fails when the page broke its policy, such as with an
// inline style.
func checkNoViolations(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if v := browsertest.Value(t, ctx, "policy violations", chromedp.Evaluate[[]string](`window.cspViolations || []`)); len(v) > 0 {
		t.Errorf("%s: the page's Content-Security-Policy was violated: %v", where, v)
	}
}

// widgetFocus names the element focused in the widget, or "page" when the
// focus is outside it.
func widgetFocus(t testing.TB, ctx context.Context) string {
	t.Helper()
	return browsertest.Value(t, ctx, "focus", chromedp.Evaluate[string](`(() => {
		const h = document.querySelector("loket-chat");
		if (document.activeElement !== h) return "page";
		const e = h.shadowRoot.activeElement;
		if (!e) return "none";
		return e.id ? "#" + e.id : e.tagName.toLowerCase() + "." + e.classList[0];
	})()`))
}

// openWidgetByKeyboard tabs to the launcher and opens the panel with Enter.
func openWidgetByKeyboard(t *testing.T, ctx context.Context) {
	t.Helper()
	for i := 0; ; i++ {
		if i == 60 {
			t.Fatal("Tab never reached the chat launcher")
		}
		browsertest.Act(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		if widgetFocus(t, ctx) == "button.launcher" {
			break
		}
	}
	if ring := browsertest.Value(t, ctx, "focus ring", chromedp.Evaluate[string](
		`getComputedStyle(`+widgetRoot+`.querySelector(".launcher")).outlineStyle`)); ring == "none" {
		t.Error("the focused launcher shows no focus ring")
	}
	browsertest.Act(t, ctx, "open the chat with Enter", pressEnter())
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	if got := widgetFocus(t, ctx); got != "#question" {
		t.Fatalf("after opening, the focus is on %s, want the text box", got)
	}
}

// botMessages is the number of the bot's finished messages, the welcome
// not counted.
const botMessages = widgetRoot + `.querySelectorAll(".msg.bot:not(.welcome):not(.typing):not(.streaming)").length`

// askWidget types a question into the focused text box, sends it with
// Enter and waits for the bot's answer; it returns the answer's text.
func askWidget(t *testing.T, ctx context.Context, question string) string {
	t.Helper()
	before := browsertest.Value(t, ctx, "messages", chromedp.Evaluate[int](botMessages))
	browsertest.Act(t, ctx, "type the question", chromedp.KeyEvent(question))
	browsertest.Act(t, ctx, "send with Enter", pressEnter())
	browsertest.Wait(t, ctx, "the answer", fmt.Sprintf(`%s > %d && !%s.querySelector(".send").disabled`, botMessages, before, widgetRoot))
	return lastBotText(t, ctx)
}

// lastBotText is the text of the bot's last message.
func lastBotText(t testing.TB, ctx context.Context) string {
	t.Helper()
	return browsertest.Value(t, ctx, "the last answer", chromedp.Evaluate[string](`(() => {
		const m = [...`+widgetRoot+`.querySelectorAll(".msg.bot")].pop();
		return m.querySelector(".bubble").textContent;
	})()`))
}

// storedConversation is the conversation id the widget keeps.
func storedConversation(t testing.TB, ctx context.Context, loketURL string) string {
	t.Helper()
	return browsertest.Value(t, ctx, "stored conversation", chromedp.Evaluate[string](fmt.Sprintf(
		`(JSON.parse(sessionStorage.getItem(%q) || "{}").id || "")`, "loket-chat:"+loketURL)))
}

// testWidgetConversation is a customer on the help site with the keyboard.
func testWidgetConversation(t *testing.T, w *widgetSite) {
	ctx := w.widgetTab(t, 1280, 900)
	w.open(t, ctx, "/nl/", ".hero #q")
	waitWidget(t, ctx)
	openWidgetByKeyboard(t, ctx)

	// Note what the log is given, to see that the answer streamed in
	// before it was finished.
	browsertest.Act(t, ctx, "watch the log", chromedp.Evaluate[chromedp.Void](`window.widgetAdded = [];
		new MutationObserver(ms => ms.forEach(m => {
			if (m.type === "attributes") window.widgetAdded.push(m.target.className);
			m.addedNodes.forEach(n => n.className && window.widgetAdded.push(n.className));
		}))
			.observe(`+widgetRoot+`.querySelector(".log"), {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});`))
	answer := askWidget(t, ctx, "Hoe geef ik mijn meterstand door?")
	if !strings.Contains(answer, "meterstand door in de app") {
		t.Errorf("answer = %q", answer)
	}
	added := browsertest.Value(t, ctx, "added", chromedp.Evaluate[[]string](`window.widgetAdded`))
	if !slices.Contains(added, "msg bot typing") {
		t.Errorf("no typing indicator while waiting; the log got %v", added)
	}
	if !slices.Contains(added, "msg bot streaming") {
		t.Errorf("the answer was not shown as it streamed in; the log got %v", added)
	}
	cite := browsertest.Value(t, ctx, "citation", chromedp.Evaluate[[]string](`(() => {
		const m = [...`+widgetRoot+`.querySelectorAll(".msg.bot")].pop();
		const a = m.querySelector(".cites a"), ref = m.querySelector("a.ref");
		return [a.href, a.textContent, a.target, a.rel, ref ? ref.href : "", ref ? ref.getAttribute("aria-label") : ""];
	})()`))
	if !strings.HasPrefix(cite[0], w.url+"/nl/articles/energie/meterstand-doorgeven") || !strings.HasPrefix(cite[1], "[1] Meterstand doorgeven") ||
		cite[2] != "_blank" || cite[3] != "noopener" {
		t.Errorf("citation link: href=%q text=%q target=%q rel=%q", cite[0], cite[1], cite[2], cite[3])
	}
	if cite[4] != cite[0] || !strings.HasPrefix(cite[5], "Bron 1: Meterstand doorgeven") {
		t.Errorf("the [1] in the answer: href=%q label=%q; want a link to %q", cite[4], cite[5], cite[0])
	}
	if text := lastBotText(t, ctx); strings.Contains(text, "[1]") && !strings.Contains(text, "[1] Meterstand") {
		t.Errorf("the answer still shows a bare [1]: %q", text)
	}

	id := storedConversation(t, ctx, w.url)
	if id == "" {
		t.Fatal("no conversation id in sessionStorage")
	}
	browsertest.Act(t, ctx, "answer Yes", chromedp.Click(inWidget(".feedback .chip")))
	browsertest.Wait(t, ctx, "thanks", `!`+widgetRoot+`.querySelector(".feedback") && `+botMessages+` === 2`)
	if got := widgetFocus(t, ctx); got != "#question" {
		t.Errorf("after the vote the focus is on %s, want the text box", got)
	}
	conv, err := w.srv.db.FindConversation(context.Background(), id)
	if err != nil || conv.Outcome != loket.OutcomeResolved {
		t.Fatalf("conversation %s after Yes: %+v, %v; want resolved", id, conv, err)
	}

	// A new conversation, in which the customer asks for a person.
	browsertest.Act(t, ctx, "start a new conversation", chromedp.Click(inWidget(".restart")))
	if n := browsertest.Value(t, ctx, "messages", chromedp.Evaluate[int](widgetRoot+`.querySelectorAll(".msg").length`)); n != 1 {
		t.Errorf("a new conversation shows %d messages, want only the welcome", n)
	}
	if id := storedConversation(t, ctx, w.url); id != "" {
		t.Errorf("a new conversation kept the id %q", id)
	}
	const ask = "Ik wil een medewerker spreken"
	if text := askWidget(t, ctx, ask); !strings.Contains(text, "doorgegeven aan een medewerker") {
		t.Errorf("handoff message = %q", text)
	}
	if got := widgetFocus(t, ctx); !strings.HasPrefix(got, "#reach") {
		t.Errorf("after the handoff the focus is on %s, want the contact field", got)
	}
	// First a mistake, which the widget explains next to the field.
	browsertest.Act(t, ctx, "type a broken address", chromedp.KeyEvent("klant@"), pressEnter())
	browsertest.Wait(t, ctx, "the field's error", `!`+widgetRoot+`.querySelector(".field-error").hidden`)
	if msg := browsertest.Value(t, ctx, "error", chromedp.Evaluate[[]string](`(() => {
		const r = `+widgetRoot+`, f = r.querySelector(".contact input");
		return [r.querySelector(".field-error").textContent, f.getAttribute("aria-invalid") || "", f.getAttribute("aria-describedby") || ""];
	})()`)); !strings.Contains(msg[0], "e-mailadres klopt niet") || msg[1] != "true" || msg[2] == "" {
		t.Errorf("error next to the field: %q aria-invalid=%q aria-describedby=%q", msg[0], msg[1], msg[2])
	}
	const email = "klant@example.nl"
	browsertest.Act(t, ctx, "fix the address", chromedp.KeyEvent("example.nl"), pressEnter())
	browsertest.Wait(t, ctx, "thanks for the address", `!`+widgetRoot+`.querySelector(".contact")`)
	if text := lastBotText(t, ctx); !strings.Contains(text, email) {
		t.Errorf("after leaving the address: %q", text)
	}
	id = storedConversation(t, ctx, w.url)
	conv, err = w.srv.db.FindConversation(context.Background(), id)
	if err != nil || conv.HandoffID == 0 {
		t.Fatalf("conversation %s: %+v, %v; want handed off", id, conv, err)
	}
	h, err := w.srv.db.FindHandoff(context.Background(), conv.HandoffID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Contact.Email != email || h.Channel != loket.ChannelChat || h.Reason != loket.ReasonAskedPerson ||
		!slices.ContainsFunc(h.Transcript, func(tn loket.Turn) bool { return tn.Role == "customer" && tn.Text == ask }) {
		t.Errorf("handoff %d = %+v", h.ID, h)
	}

	// A reload shows the conversation and goes on with it.
	browsertest.Act(t, ctx, "reload", chromedp.Reload())
	waitWidget(t, ctx)
	browsertest.Wait(t, ctx, "the panel open again", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	if log := browsertest.Value(t, ctx, "log", chromedp.Evaluate[string](widgetRoot+`.querySelector(".log").textContent`)); !strings.Contains(log, ask) || !strings.Contains(log, email) {
		t.Errorf("after a reload the log shows %q", log)
	}
	if got := storedConversation(t, ctx, w.url); got != id {
		t.Errorf("after a reload the conversation is %q, want %q", got, id)
	}
	browsertest.Act(t, ctx, "focus the text box", chromedp.Focus(inWidget("#question")))
	if text := askWidget(t, ctx, "Is er al nieuws?"); !strings.Contains(text, "referentie "+strconv.FormatInt(conv.HandoffID, 10)) {
		t.Errorf("a message after the handoff: %q", text)
	}
	if conv, err := w.srv.db.FindConversation(context.Background(), id); err != nil ||
		!slices.ContainsFunc(conv.Turns, func(tn loket.Turn) bool { return tn.Text == "Is er al nieuws?" }) {
		t.Errorf("the message after the reload is not in conversation %s: %v", id, err)
	}

	// Escape closes the panel and gives the focus back to the launcher.
	browsertest.Act(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	browsertest.Wait(t, ctx, "the closed panel", widgetRoot+`.querySelector(".panel").hidden`)
	if got := widgetFocus(t, ctx); got != "button.launcher" {
		t.Errorf("after Escape the focus is on %s, want the launcher", got)
	}
	checkNoViolations(t, ctx, "help site")
}

// testWidgetOtherSite embeds the widget on another origin.
func testWidgetOtherSite(t *testing.T, w *widgetSite) {
	ctx := w.widgetTab(t, 1280, 900)
	browsertest.Act(t, ctx, "open the shop", chromedp.Navigate(w.hostURL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	waitWidget(t, ctx)
	look := browsertest.Value(t, ctx, "the launcher's look", chromedp.Evaluate[[]string](`(() => {
		const s = getComputedStyle(`+widgetRoot+`.querySelector(".launcher"));
		return [s.backgroundColor, s.fontSize, s.textTransform, s.letterSpacing, s.fontFamily, `+widgetRoot+`.querySelector(".launcher").textContent];
	})()`))
	if look[0] != "rgb(11, 110, 79)" {
		t.Errorf("launcher colour %s, want data-accent #0b6e4f", look[0])
	}
	if look[1] != "16px" || look[2] != "none" || look[3] != "normal" || strings.Contains(look[4], "Georgia") {
		t.Errorf("the page's styles reach the widget: font-size %s, text-transform %s, letter-spacing %s, font %s", look[1], look[2], look[3], look[4])
	}
	if look[5] != "Ask a question" {
		t.Errorf("launcher %q: the page is in English", look[5])
	}
	// The page's own "#chat" link opens it.
	browsertest.Act(t, ctx, "click the page's chat link", chromedp.Click(chromedp.CSS(`a[href="#chat"]`)))
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	if got := browsertest.Value(t, ctx, "heading", chromedp.Evaluate[string](`document.querySelector("h1").textContent`)); got != "Helder shop" {
		t.Errorf("page heading %q", got)
	}
	if got := browsertest.Value(t, ctx, "title", chromedp.Evaluate[string](widgetRoot+`.querySelector("h2").textContent`)); got != "Helder shop" {
		t.Errorf("panel title %q, want data-title", got)
	}
	answer := askWidget(t, ctx, "How do I submit my meter reading?")
	if !strings.Contains(answer, "meter reading") {
		t.Errorf("answer on the other site: %q", answer)
	}
	href := browsertest.Value(t, ctx, "citation", chromedp.Evaluate[string](widgetRoot+`.querySelector(".cites a").href`))
	if !strings.HasPrefix(href, w.url+"/en/articles/energie/meterstand-doorgeven") {
		t.Errorf("citation %q, want the article on the help site", href)
	}
	if id := storedConversation(t, ctx, w.url); id == "" {
		t.Error("no conversation id kept on the other site")
	}

	// The page can close and open the chat, through the one global.
	browsertest.Act(t, ctx, "LoketChat.close()", chromedp.Evaluate[chromedp.Void](`LoketChat.close()`))
	browsertest.Wait(t, ctx, "the closed panel", widgetRoot+`.querySelector(".panel").hidden`)
	browsertest.Act(t, ctx, "LoketChat.open()", chromedp.Evaluate[chromedp.Void](`LoketChat.open()`))
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	globals := browsertest.Value(t, ctx, "globals", chromedp.Evaluate[[]string](`Object.keys(window).filter(k =>
		!initialGlobals.includes(k) && !["initialGlobals", "cspViolations", "widgetAdded", "widgetShown"].includes(k))`))
	if !slices.Equal(globals, []string{"LoketChat"}) {
		t.Errorf("the widget added the globals %v, want only LoketChat", globals)
	}
	checkNoViolations(t, ctx, "other site")
}

// testWidgetReplace runs a second Loket with a (fake) language model whose
// answer goes wrong half-way: the widget shows the sentence that passed
// the checks as it streams in, and then, told to replace it, the
// extractive answer in its place.
func testWidgetReplace(t *testing.T, w *widgetSite) {
	const good = "Je geeft je meterstand door in de app Mijn Helder of op de website [1]. "
	const bad = "Binnen 48 uur krijg je een bevestiging per e-mail [1]."
	model := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.Reply(good+bad).Slow(0, 5*time.Millisecond)))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := &serveConfig{data: t.TempDir(), content: contentFlags{defaultLocale: "nl"},
		llm: llmFlags{url: model.URL(), model: "fake-model", timeout: 10 * time.Second, firstToken: 5 * time.Second, threshold: assistant.DefaultThreshold}}
	srv, err := newServer(ctx, cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler)
	t.Cleanup(func() { ts.Close(); srv.close() })

	tab := w.widgetTab(t, 1280, 900)
	browsertest.Act(t, tab, "open the help site", chromedp.Navigate(ts.URL+"/nl/"), chromedp.WaitVisible(chromedp.CSS(".hero #q")))
	waitWidget(t, tab)
	browsertest.Act(t, tab, "open the chat", chromedp.Click(inWidget(".launcher")))
	browsertest.Wait(t, tab, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	browsertest.Act(t, tab, "watch the streamed text", chromedp.Evaluate[chromedp.Void](`window.widgetShown = [];
		new MutationObserver(() => {
			const s = `+widgetRoot+`.querySelector(".msg.streaming");
			if (s) window.widgetShown.push(s.textContent);
		}).observe(`+widgetRoot+`.querySelector(".log"), {childList: true, subtree: true, characterData: true});`))
	answer := askWidget(t, tab, "Hoe geef ik mijn meterstand door?")
	shown := browsertest.Value(t, tab, "streamed text", chromedp.Evaluate[[]string](`window.widgetShown`))
	if !slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, "of op de website") }) {
		t.Fatalf("the model's first sentence was never shown while streaming; shown: %q", shown)
	}
	if last := shown[len(shown)-1]; !strings.Contains(last, "helder.example/mijn") || strings.Contains(last, "website") {
		t.Errorf("the replace event did not swap the streamed text; last shown: %q", last)
	}
	if strings.Contains(answer, "website") || strings.Contains(answer, "48 uur") || !strings.Contains(answer, "helder.example/mijn") {
		t.Errorf("after the replace the answer is %q, want the extractive answer only", answer)
	}
	if len(model.Requests()) == 0 {
		t.Error("the model was never asked")
	}
	checkNoViolations(t, tab, "help site with a model")
}

// testWidgetFailures cuts the connection and exhausts the chat limit.
func testWidgetFailures(t *testing.T, w *widgetSite) {
	ctx := w.widgetTab(t, 1280, 900)
	w.open(t, ctx, "/nl/", ".hero #q")
	waitWidget(t, ctx)
	browsertest.Act(t, ctx, "open the chat", chromedp.Click(inWidget(".launcher")))
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)

	block := func(patterns ...string) {
		var ps []*network.BlockPattern
		for _, p := range patterns {
			ps = append(ps, &network.BlockPattern{URLPattern: p, Block: true})
		}
		if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps}); err != nil {
			t.Fatal(err)
		}
	}
	const question = "Hoe geef ik mijn meterstand door?"

	// A conversation the server does not know (the database was reset):
	// the widget says so and starts a new one.
	browsertest.Act(t, ctx, "keep an unknown conversation", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`sessionStorage.setItem(%q, JSON.stringify({id: "bestaat-niet", open: true, items: [{t: "user", text: "Eerder"}]}))`, "loket-chat:"+w.url)),
		chromedp.Reload())
	waitWidget(t, ctx)
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	browsertest.Act(t, ctx, "focus the text box", chromedp.Focus(inWidget("#question")))
	if answer := askWidget(t, ctx, question); !strings.Contains(answer, "helder.example/mijn") {
		t.Errorf("answer in a new conversation: %q", answer)
	}
	if note := browsertest.Value(t, ctx, "note", chromedp.Evaluate[string](`(`+widgetRoot+`.querySelector(".msg.note") || {}).textContent || ""`)); !strings.Contains(note, "verlopen") {
		t.Errorf("no note that the old conversation expired (%q)", note)
	}
	if id := storedConversation(t, ctx, w.url); id == "" || id == "bestaat-niet" {
		t.Errorf("conversation id %q after the unknown one, want a new one", id)
	}
	browsertest.Act(t, ctx, "start afresh", chromedp.Click(inWidget(".restart")))

	block(w.url + "/api/v1/chat")
	browsertest.Act(t, ctx, "ask without a connection", chromedp.KeyEvent(question), pressEnter())
	browsertest.Wait(t, ctx, "the error", widgetRoot+`.querySelector(".msg.error") !== null`)
	if got := browsertest.Value(t, ctx, "error", chromedp.Evaluate[string](widgetRoot+`.querySelector(".msg.error").textContent`)); !strings.Contains(got, "geen verbinding") {
		t.Errorf("without a connection: %q", got)
	}
	if got := browsertest.Value(t, ctx, "text box", chromedp.Value(inWidget("#question"))); got != question {
		t.Errorf("the text box holds %q after the failure, want the question back", got)
	}
	if n := browsertest.Value(t, ctx, "user messages", chromedp.Evaluate[int](widgetRoot+`.querySelectorAll(".msg.user").length`)); n != 0 {
		t.Errorf("%d messages of the customer shown after the failure, want 0", n)
	}
	block()

	// Too many messages: this tab claims an address whose allowance is
	// used up. The allowance refills while the browser asks, so try again.
	claim := func(h network.Headers) {
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
			t.Fatal(err)
		}
	}
	claim(network.Headers{"X-Forwarded-For": rateLimitedChatClient})
	defer claim(network.Headers{})
	for try := 0; ; try++ {
		if try == 5 {
			t.Fatal("the chat limit never answered 429")
		}
		for range 100 {
			if chatAs(t, w.url, rateLimitedChatClient) == http.StatusTooManyRequests {
				break
			}
		}
		browsertest.Act(t, ctx, "clear the errors", chromedp.Evaluate[chromedp.Void](`[...`+widgetRoot+`.querySelectorAll(".msg.error")].forEach(n => n.remove())`))
		browsertest.Act(t, ctx, "send", chromedp.Focus(inWidget("#question")), pressEnter())
		browsertest.Wait(t, ctx, "an answer or an error", `(`+widgetRoot+`.querySelector(".msg.error") !== null || `+botMessages+` > 0) && !`+widgetRoot+`.querySelector(".send").disabled`)
		got := browsertest.Value(t, ctx, "error", chromedp.Evaluate[string](`(`+widgetRoot+`.querySelector(".msg.error") || {}).textContent || ""`))
		if got != "" {
			if !strings.Contains(got, "Probeer het over een minuut opnieuw") {
				t.Errorf("over the limit: %q", got)
			}
			break
		}
		browsertest.Act(t, ctx, "ask again", chromedp.Click(inWidget(".restart")), chromedp.Focus(inWidget("#question")), chromedp.KeyEvent(question))
	}
}

// chatAs posts a broken chat request as client and returns the status;
// the limit counts it all the same.
func chatAs(t *testing.T, base, client string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/chat", strings.NewReader("{"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", client)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// testWidgetContactPage: the contact page's chat option needs the widget,
// so it shows with JavaScript only, and opens the panel.
func testWidgetContactPage(t *testing.T, w *widgetSite) {
	ctx := w.widgetTab(t, 1280, 900)
	w.open(t, ctx, "/nl/contact", "#question")
	w.contactStep2(t, ctx)
	waitWidget(t, ctx)
	browsertest.Act(t, ctx, "open the chat from the contact options",
		chromedp.WaitVisible(chromedp.CSS(`[data-loket-chat] a[href="#chat"]`)),
		chromedp.Click(chromedp.CSS(`[data-loket-chat] a[href="#chat"]`)))
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	if got := widgetFocus(t, ctx); got != "#question" {
		t.Errorf("the chat option put the focus on %s, want the text box", got)
	}
	if loc := browsertest.Value(t, ctx, "location", chromedp.Location()); strings.HasSuffix(loc, "#chat") {
		t.Errorf("the chat link went to %s; the widget should have opened instead", loc)
	}
	browsertest.Act(t, ctx, "close", chromedp.KeyEvent(kb.Escape))
	if got := browsertest.Value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.getAttribute("href") || ""`)); got != "#chat" {
		t.Errorf("after Escape the focus is on %q, want the link that opened the chat", got)
	}

	// Without JavaScript, no widget and no chat option.
	ctx = w.tab(t, 1280, 900)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	w.open(t, ctx, "/nl/contact", "#question")
	w.contactStep2(t, ctx)
	if browsertest.Value(t, ctx, "chat option", chromedp.Evaluate[bool](`!!document.querySelector("[data-loket-chat]") && document.querySelector("[data-loket-chat]").offsetParent !== null`)) {
		t.Error("the chat option shows without JavaScript, where there is no chat")
	}
}

// testWidgetAccessibility runs axe-core with the widget open, with an
// answer and with the contact form, on the help site at both widths and
// on the other site; at phone width the panel fills the screen and
// nothing scrolls sideways.
func testWidgetAccessibility(t *testing.T, w *widgetSite) {
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			ctx := w.widgetTab(t, vp.width, vp.height)
			w.open(t, ctx, "/nl/articles/energie/meterstand-doorgeven", ".article h1")
			waitWidget(t, ctx)
			w.openWithAnswer(t, ctx)
			browsertest.Act(t, ctx, "focus the text box", chromedp.Focus(inWidget("#question")))
			askWidget(t, ctx, "Ik wil een medewerker spreken")
			// Before axe-core, which adds style elements of its own.
			checkNoViolations(t, ctx, "help site, "+vp.name)
			browsertest.Audit(t, ctx, "article, widget with an answer and the contact form", w.axe)
			if vp.width < 600 {
				checkNoSidewaysScroll(t, ctx, "article with the widget open", vp.width)
				size := browsertest.Value(t, ctx, "panel size", chromedp.Evaluate[[]float64](`(() => {
					const r = `+widgetRoot+`.querySelector(".panel").getBoundingClientRect();
					return [r.left, r.top, r.width, r.height];
				})()`))
				if size[0] != 0 || size[1] != 0 || size[2] != float64(vp.width) || size[3] != float64(vp.height) {
					t.Errorf("at %d px the panel is at %v, want the whole screen", vp.width, size)
				}
				small := browsertest.Value(t, ctx, "small targets", chromedp.Evaluate[[]string](`[...`+widgetRoot+`.querySelectorAll("button, input, textarea, .cites a")]
					.filter(e => e.offsetParent !== null)
					.filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || (e.tagName === "BUTTON" && r.width < 44); })
					.map(e => e.tagName.toLowerCase() + "." + e.className + " " + Math.round(e.getBoundingClientRect().width) + "x" + Math.round(e.getBoundingClientRect().height))`))
				if len(small) > 0 {
					t.Errorf("touch targets under 44 px on a phone: %v", small)
				}
			}
			browsertest.Act(t, ctx, "close the chat", chromedp.Click(inWidget(".icon-button")))
			browsertest.Audit(t, ctx, "article, widget closed", w.axe)
		})
	}
	t.Run("other site", func(t *testing.T) {
		ctx := w.widgetTab(t, 1280, 900)
		browsertest.Act(t, ctx, "open the shop", chromedp.Navigate(w.hostURL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
		waitWidget(t, ctx)
		browsertest.Act(t, ctx, "open the chat", chromedp.Click(inWidget(".launcher")))
		askWidget(t, ctx, "How do I submit my meter reading?")
		browsertest.Audit(t, ctx, "other site, widget with an answer", w.axe)
	})
}

// openWithAnswer opens the widget and asks about the meter reading.
func (w *widgetSite) openWithAnswer(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.Act(t, ctx, "open the chat", chromedp.Click(inWidget(".launcher")))
	browsertest.Wait(t, ctx, "the open panel", `!`+widgetRoot+`.querySelector(".panel").hidden`)
	askWidget(t, ctx, "Hoe geef ik mijn meterstand door?")
}

// testWidgetScreenshots saves the open widget, with an answer and with the
// contact form, at desktop and phone width.
func testWidgetScreenshots(t *testing.T, w *widgetSite) {
	dir := screenshotDir(t)
	for _, vp := range viewports {
		ctx := w.widgetTab(t, vp.width, vp.height)
		w.open(t, ctx, "/nl/", ".hero #q")
		waitWidget(t, ctx)
		shoot := func(name string) {
			png := browsertest.Value(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
			file := filepath.Join(dir, fmt.Sprintf("widget-%s-%d.png", name, vp.width))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", file)
		}
		shoot("closed")
		browsertest.Act(t, ctx, "scroll to the end", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.documentElement.scrollHeight)`))
		shoot("closed-end")
		w.openWithAnswer(t, ctx)
		shoot("answer")
		browsertest.Act(t, ctx, "focus the text box", chromedp.Focus(inWidget("#question")))
		askWidget(t, ctx, "Ik wil een medewerker spreken")
		shoot("handoff")
		if vp.width > 600 {
			browsertest.Act(t, ctx, "open the shop", chromedp.Navigate(w.hostURL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
			waitWidget(t, ctx)
			browsertest.Act(t, ctx, "open the chat", chromedp.Click(inWidget(".launcher")))
			askWidget(t, ctx, "How do I submit my meter reading?")
			shoot("other-site")
		}
	}
}

// TestWidgetHTTP checks the widget's files and the chat API as another
// site's page uses them, without a browser: caching, fingerprints,
// compression, CORS and the event stream of an extractive answer.
func TestWidgetHTTP(t *testing.T) {
	const shop = "https://shop.example"
	cfg := &serveConfig{data: t.TempDir(), content: contentFlags{defaultLocale: "nl"}, corsOrigins: shop}
	srv, err := newServer(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler)
	t.Cleanup(func() { ts.Close(); srv.close() })
	get := func(path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		// Without a transport that asks for gzip itself, the body is as sent.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		if _, err := io.Copy(&b, res.Body); err != nil {
			t.Fatal(err)
		}
		return res, b.String()
	}

	res, js := get("/widget.js")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") ||
		res.Header.Get("Cache-Control") != "public, max-age=300" || !strings.HasPrefix(res.Header.Get("ETag"), `W/"`) ||
		res.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Fatalf("GET /widget.js: %d %v", res.StatusCode, res.Header)
	}
	if res, _ := get("/widget.js", "If-None-Match", res.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("GET /widget.js with its ETag: %d, want 304", res.StatusCode)
	}
	if res, _ := get("/widget.js", "Accept-Encoding", "gzip"); res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("GET /widget.js accepting gzip: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	m := regexp.MustCompile(`/widget\.css\?v=([0-9a-f]+)"`).FindStringSubmatch(js)
	if m == nil {
		t.Fatal("widget.js does not name its style sheet with a fingerprint")
	}
	if res, css := get("/widget.css?v=" + m[1]); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") ||
		res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(css, ":host") {
		t.Errorf("GET /widget.css?v=%s: %d %v", m[1], res.StatusCode, res.Header)
	}
	if res, _ := get("/widget.css?v=old"); res.Header.Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("GET /widget.css?v=old: Cache-Control %q, want a short cache", res.Header.Get("Cache-Control"))
	}
	if strings.Contains(js, "innerHTML") || strings.Contains(js, "insertAdjacentHTML") || strings.Contains(js, `setAttribute("style"`) {
		t.Error("widget.js puts HTML or inline styles into the page")
	}

	// The preflight and the question of the shop's page.
	req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/api/v1/chat", nil)
	req.Header.Set("Origin", shop)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type, accept")
	pre, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pre.Body.Close()
	if pre.Header.Get("Access-Control-Allow-Origin") != shop || !strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("preflight: %d %v", pre.StatusCode, pre.Header)
	}
	req, _ = http.NewRequest(http.MethodPost, ts.URL+"/api/v1/chat",
		strings.NewReader(`{"message":"Hoe geef ik mijn meterstand door?","locale":"nl","stream":true}`))
	req.Header.Set("Origin", shop)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") != shop || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("chat from the shop: %d %v", res.StatusCode, res.Header)
	}
	events := regexp.MustCompile(`(?m)^event: (\w+)$`).FindAllStringSubmatch(string(body), -1)
	var names []string
	for _, e := range events {
		names = append(names, e[1])
	}
	if len(names) < 2 || names[0] != "token" || names[len(names)-1] != "done" ||
		!strings.Contains(string(body), `"mode":"extractive"`) || !strings.Contains(string(body), "/nl/articles/energie/meterstand-doorgeven") {
		t.Errorf("chat events %v:\n%s", names, body)
	}
}
