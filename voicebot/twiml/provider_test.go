package twiml_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/xml"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/store/sqlite"
	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/voicebot/twiml"
	"github.com/loket/loket/web"
)

var quiet = slog.New(slog.DiscardHandler)

const authToken = "test-auth-token-0123456789abcdef"

// telnyxKey signs requests as Telnyx does.
var telnyxKey = func() ed25519.PrivateKey {
	_, k, err := ed25519.GenerateKey(nil)
	if err != nil {
		panic(err)
	}
	return k
}()

// The numbers of the tests: Helder's Dutch and English lines, a Dutch
// mobile caller and a landline caller.
const (
	lineNL   = "+31881234567"
	lineEN   = "+31881234568"
	lineBE   = "+3220000000"
	mobile   = "+31612345678"
	landline = "+31201234567"
)

var demoKB struct {
	once sync.Once
	kb   *kb.KB
	err  error
}

func library(tb testing.TB) loket.Library {
	tb.Helper()
	demoKB.once.Do(func() {
		dir, err := os.MkdirTemp("", "loket-voice-index-")
		if err != nil {
			demoKB.err = err
			return
		}
		demoKB.kb, demoKB.err = kb.Open(context.Background(), kb.Options{FS: demo.FS(), IndexDir: dir, Logger: quiet})
	})
	if demoKB.err != nil {
		tb.Fatal(demoKB.err)
	}
	return demoKB.kb.Library(loket.AudiencePublic)
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// sms is a fake of the provider's Messages REST resource.
type sms struct {
	mu   sync.Mutex
	sent []url.Values
	srv  *httptest.Server
	fail bool
}

func newSMS(t *testing.T) *sms {
	s := &sms{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "AC123" || pass != authToken || r.URL.Path != "/2010-04-01/Accounts/AC123/Messages.json" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"code": 20003, "message": "Authenticate"}`)
			return
		}
		r.ParseForm()
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.fail {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"code": 21614, "message": "'To' number is not a valid mobile number"}`)
			return
		}
		s.sent = append(s.sent, r.PostForm)
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"sid": "SM1", "status": "queued"}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sms) messages() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.sent...)
}

// env is Loket's voicebot behind a real HTTP server, with a real SQLite
// file and the demo knowledge base, and the provider that calls it.
type env struct {
	t      *testing.T
	dbPath string
	db     *sqlite.DB
	clk    *clock
	sms    *sms
	opts   func(*voicebot.Options)
	twiml  func(*twiml.Options) // optional
	ln     net.Listener
	addr   string
	srv    *httptest.Server
	base   string // the public URL
	calls  int
}

// newEnv starts Loket on a Tuesday at 10:00, when people answer.
func newEnv(t *testing.T, opts ...func(*voicebot.Options)) *env {
	t.Helper()
	lib := library(t)
	e := &env{t: t, dbPath: filepath.Join(t.TempDir(), "loket.db"), sms: newSMS(t),
		clk: &clock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, lib.Site().Hours.Location)}}
	e.opts = func(o *voicebot.Options) {
		for _, f := range opts {
			f(o)
		}
	}
	e.start()
	t.Cleanup(e.stop)
	return e
}

func (e *env) start() {
	t := e.t
	t.Helper()
	db, err := sqlite.Open(context.Background(), e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = e.clk.Now
	e.db = db
	texter := &twiml.Texter{BaseURL: e.sms.srv.URL, AccountSID: "AC123", AuthToken: authToken}
	o := voicebot.Options{Library: library(t), Calls: db, Handoffs: db, Events: db, Links: db, Texts: texter,
		Lines:     map[string]voicebot.Line{lineNL: {Language: "nl-NL"}, lineEN: {Language: "en-GB"}, lineBE: {Language: "nl-BE"}},
		PublicURL: "https://help.helder.example", Logger: quiet, Now: e.clk.Now}
	e.opts(&o)
	bot, err := voicebot.New(o)
	if err != nil {
		t.Fatal(err)
	}
	if e.addr == "" {
		e.ln, err = net.Listen("tcp", "127.0.0.1:0")
		e.addr = e.ln.Addr().String()
	} else {
		e.ln, err = net.Listen("tcp", e.addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	e.base = "http://" + e.addr
	engine := web.New(web.Options{Logger: quiet})
	to := twiml.Options{Bot: bot, AuthToken: authToken, PublicURL: e.base, Logger: quiet,
		TelnyxPublicKey: base64.StdEncoding.EncodeToString(telnyxKey.Public().(ed25519.PublicKey))}
	if e.twiml != nil {
		e.twiml(&to)
	}
	twiml.New(to).Register(engine)
	e.srv = &httptest.Server{Listener: e.ln, Config: &http.Server{Handler: engine}}
	e.srv.Start()
}

func (e *env) stop() {
	if e.srv != nil {
		e.srv.Close()
		e.srv = nil
	}
	if e.db != nil {
		e.db.Close()
		e.db = nil
	}
}

// restart stops the server and the database and starts them again on the
// same file and address, as a deployment does mid-call.
func (e *env) restart() {
	e.stop()
	e.start()
}

// The TwiML the provider reads.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// phoneCall is one call as the provider runs it: it posts the webhooks
// Twilio posts, signed as Twilio signs them, and follows the TwiML.
type phoneCall struct {
	e        *env
	sid      string
	from, to string
	heard    []string // everything said, in order
	last     []string // said in reply to the last request
	voices   []string
	gather   *node // the <Gather> waiting for input
	enqueue  *node
	queue    string
	hungUp   bool
	left     bool
	holding  bool
	status   int
}

// dial makes a call from one number to another.
// events lists the voice events of a call, "type:article" with whether
// it helped and the outcome appended: "answer:a vote:atrue outcome:resolved".
func (e *env) events(t *testing.T, sid string) string {
	t.Helper()
	events, err := e.db.FindEvents(context.Background(), loket.EventFilter{Channel: loket.ChannelVoice, Session: sid})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range events {
		kinds = append(kinds, string(ev.Type)+":"+ev.ArticleID+ev.Data["helpful"]+ev.Data["outcome"])
	}
	return strings.Join(kinds, " ")
}

func (e *env) dial(from, to string) *phoneCall {
	e.calls++
	c := &phoneCall{e: e, sid: "CA" + strconv.Itoa(e.calls) + strings.Repeat("0", 30), from: from, to: to}
	c.post("/voice/twilio/incoming", url.Values{"CallStatus": {"ringing"}, "Direction": {"inbound"}})
	return c
}

func (c *phoneCall) form(extra url.Values) url.Values {
	f := url.Values{"CallSid": {c.sid}, "AccountSid": {"AC123"}, "From": {c.from}, "To": {c.to},
		"ApiVersion": {"2010-04-01"}, "Caller": {c.from}, "Called": {c.to}}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// webhook posts a webhook signed as the provider signs it, with the call's
// fields and extra, and returns the answer with its body read.
func (c *phoneCall) webhook(path string, extra url.Values) (*http.Response, []byte) {
	c.e.t.Helper()
	f := c.form(extra)
	req, _ := http.NewRequest(http.MethodPost, c.e.base+path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", twiml.Sign(authToken, c.e.base+path, f))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// post sends a signed webhook and follows the TwiML it gets back.
func (c *phoneCall) post(path string, extra url.Values) {
	c.e.t.Helper()
	resp, body := c.webhook(path, extra)
	c.status = resp.StatusCode
	if resp.StatusCode == http.StatusNoContent {
		return
	}
	if resp.StatusCode != http.StatusOK {
		c.e.t.Fatalf("POST %s: %d %s", path, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		c.e.t.Fatalf("POST %s: content type %q", path, ct)
	}
	var doc node
	if err := xml.Unmarshal(body, &doc); err != nil || doc.XMLName.Local != "Response" {
		c.e.t.Fatalf("POST %s: not TwiML (%v): %s", path, err, body)
	}
	c.follow(doc)
}

// follow runs the verbs of a response as the provider would.
func (c *phoneCall) follow(doc node) {
	c.gather, c.last, c.holding = nil, nil, false
	for _, v := range doc.Nodes {
		switch v.XMLName.Local {
		case "Say":
			c.hear(v)
		case "Play":
			c.holding = true
		case "Gather":
			for _, s := range v.Nodes {
				switch s.XMLName.Local {
				case "Say":
					c.hear(s)
				case "Play":
					c.holding = true
				default:
					c.e.t.Fatalf("<%s> inside <Gather>", s.XMLName.Local)
				}
			}
			g := v
			c.gather = &g
		case "Enqueue":
			q := v
			c.enqueue, c.queue = &q, strings.TrimSpace(v.Text)
		case "Hangup":
			c.hungUp = true
		case "Leave":
			c.left = true
		default:
			c.e.t.Fatalf("unexpected verb <%s>", v.XMLName.Local)
		}
	}
}

func (c *phoneCall) hear(s node) {
	text := strings.TrimSpace(s.Text)
	if text == "" {
		c.e.t.Fatal("an empty <Say>")
	}
	c.heard = append(c.heard, text)
	c.last = append(c.last, text)
	c.voices = append(c.voices, s.attr("language")+"/"+s.attr("voice"))
}

// said returns what the caller heard in reply to the last request.
func (c *phoneCall) said() string { return strings.Join(c.last, " ") }

func (c *phoneCall) mustGather(input string) *node {
	c.e.t.Helper()
	if c.gather == nil {
		c.e.t.Fatalf("the call is not listening; it said: %q", c.said())
	}
	if !strings.Contains(c.gather.attr("input"), input) {
		c.e.t.Fatalf("the <Gather> takes %q, not %s", c.gather.attr("input"), input)
	}
	return c.gather
}

// say answers the <Gather> with recognised speech.
func (c *phoneCall) say(speech string) {
	c.e.t.Helper()
	g := c.mustGather("speech")
	c.post(g.attr("action"), url.Values{"SpeechResult": {speech}, "Confidence": {"0.91"}})
}

// mumble answers with speech the recogniser was unsure of.
func (c *phoneCall) mumble(speech string) {
	c.e.t.Helper()
	g := c.mustGather("speech")
	c.post(g.attr("action"), url.Values{"SpeechResult": {speech}, "Confidence": {"0.08"}})
}

// press answers the <Gather> with keys.
func (c *phoneCall) press(digits string) {
	c.e.t.Helper()
	g := c.mustGather("dtmf")
	c.post(g.attr("action"), url.Values{"Digits": {digits}, "FinishedOnKey": {""}})
}

// silence lets the <Gather> time out: Twilio posts to the action without
// input only when actionOnEmptyResult is true.
func (c *phoneCall) silence() {
	c.e.t.Helper()
	g := c.mustGather("")
	if g.attr("actionOnEmptyResult") != "true" {
		c.e.t.Fatal("silence would fall through the <Gather>: actionOnEmptyResult is not true")
	}
	c.post(g.attr("action"), nil)
}

// wait is one request of the queue's wait URL.
func (c *phoneCall) wait(position int, avg time.Duration) {
	c.e.t.Helper()
	if c.enqueue == nil {
		c.e.t.Fatalf("the caller is not in a queue; heard %q", c.said())
	}
	c.post(c.enqueue.attr("waitUrl"), url.Values{"QueuePosition": {strconv.Itoa(position)}, "QueueSid": {"QU1"},
		"QueueTime": {"30"}, "AvgQueueTime": {strconv.Itoa(int(avg / time.Second))}, "CurrentQueueSize": {strconv.Itoa(position)}})
}

// pressWhileWaiting presses a key during the wait URL's <Gather>.
func (c *phoneCall) pressWhileWaiting(digits string) {
	c.e.t.Helper()
	g := c.mustGather("dtmf")
	c.post(g.attr("action"), url.Values{"Digits": {digits}, "QueueSid": {"QU1"}})
}

// leaveQueue posts the <Enqueue> action, as the provider does when the
// caller leaves the queue.
func (c *phoneCall) leaveQueue(result string, waited time.Duration) {
	c.e.t.Helper()
	c.post(c.enqueue.attr("action"), url.Values{"QueueResult": {result}, "QueueSid": {"QU1"}, "QueueTime": {strconv.Itoa(int(waited / time.Second))}})
}

// hangUp posts the status callback of the call's end.
func (c *phoneCall) hangUp() {
	c.e.t.Helper()
	c.post("/voice/twilio/status", url.Values{"CallStatus": {"completed"}, "CallDuration": {"42"}})
	if c.status != http.StatusNoContent {
		c.e.t.Fatalf("status callback: %d", c.status)
	}
}

// handoff returns the call's handoff from the agent queue, failing when
// there is none.
func (c *phoneCall) handoff() *loket.Handoff {
	c.e.t.Helper()
	hs, err := c.e.db.FindHandoffs(context.Background(), loket.HandoffFilter{Channel: loket.ChannelVoice, External: c.sid})
	if err != nil {
		c.e.t.Fatal(err)
	}
	if len(hs) != 1 {
		c.e.t.Fatalf("%d handoffs for the call, want 1", len(hs))
	}
	return hs[0]
}

func (c *phoneCall) noHandoff() {
	c.e.t.Helper()
	hs, err := c.e.db.FindHandoffs(context.Background(), loket.HandoffFilter{External: c.sid})
	if err != nil {
		c.e.t.Fatal(err)
	}
	if len(hs) != 0 {
		c.e.t.Fatalf("the call was handed off: %+v", hs[0])
	}
}

func (c *phoneCall) record() *loket.Call {
	c.e.t.Helper()
	rec, err := c.e.db.FindCall(context.Background(), c.sid)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return rec
}

func transcript(h *loket.Handoff) string {
	var sb strings.Builder
	for _, t := range h.Transcript {
		sb.WriteString(t.Role + ": " + t.Text + "\n")
	}
	return sb.String()
}
