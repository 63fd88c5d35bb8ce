package twiml_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/voicebot/twiml"
)

// newRelayEnv is newEnv with the relay's timers short: the caller's
// silence counts after 300 ms, and the voice speaks in no time.
func newRelayEnv(t *testing.T, opts ...func(*voicebot.Options)) *env {
	t.Helper()
	e := newEnv(t, opts...)
	e.twiml = func(o *twiml.Options) {
		o.RelaySilence = 300 * time.Millisecond
		o.RelayPace = time.Microsecond
	}
	e.restart()
	return e
}

// relayMsg is a message Loket sent on the relay WebSocket.
type relayMsg struct {
	Type                  string `json:"type"`
	Token                 string `json:"token"`
	Last                  bool   `json:"last"`
	Lang                  string `json:"lang"`
	TTSLanguage           string `json:"ttsLanguage"`
	TranscriptionLanguage string `json:"transcriptionLanguage"`
	HandoffData           string `json:"handoffData"`
	at                    time.Time
}

// relayCall is a call in the relay mode as Twilio runs it: the signed
// incoming webhook; the WebSocket to the url of <ConversationRelay>, its
// handshake signed, carrying ConversationRelay's messages; and, when the
// session ends, the signed <Connect action>, whose TwiML the embedded
// phoneCall follows.
type relayCall struct {
	*phoneCall
	relay   *node  // the <ConversationRelay> to connect to
	action  string // its <Connect action>
	conn    *websocket.Conn
	in      chan relayMsg
	readErr error // why the connection ended, once in is closed
	last    []relayMsg
	end     *relayMsg // the end message, once the session ended
}

// relayDial makes a call to the relay mode's incoming webhook.
func (e *env) relayDial(from, to string) *relayCall {
	e.t.Helper()
	e.calls++
	c := &relayCall{phoneCall: &phoneCall{e: e, sid: "CA" + strconv.Itoa(e.calls) + strings.Repeat("7", 30), from: from, to: to}}
	c.postAction("/voice/twilio/relay/incoming", url.Values{"CallStatus": {"ringing"}, "Direction": {"inbound"}})
	return c
}

// postAction posts a signed webhook. A <Connect><ConversationRelay> in the
// answer is kept for connect; other TwiML is followed as the TwiML mode's.
func (c *relayCall) postAction(path string, extra url.Values) {
	c.e.t.Helper()
	resp, body := c.webhook(path, extra)
	if resp.StatusCode != http.StatusOK {
		c.e.t.Fatalf("POST %s: %d %s", path, resp.StatusCode, body)
	}
	var doc node
	if err := xml.Unmarshal(body, &doc); err != nil || doc.XMLName.Local != "Response" {
		c.e.t.Fatalf("POST %s: not TwiML (%v): %s", path, err, body)
	}
	c.relay, c.action = nil, ""
	if len(doc.Nodes) == 1 && doc.Nodes[0].XMLName.Local == "Connect" {
		conn := doc.Nodes[0]
		if len(conn.Nodes) != 1 || conn.Nodes[0].XMLName.Local != "ConversationRelay" {
			c.e.t.Fatalf("<Connect> without one <ConversationRelay>: %s", body)
		}
		r := conn.Nodes[0]
		c.relay, c.action = &r, conn.attr("action")
		return
	}
	c.follow(doc)
}

// params are the <Parameter>s of the <ConversationRelay>, as Twilio passes
// them in the setup message.
func (c *relayCall) params() map[string]string {
	p := map[string]string{}
	for _, n := range c.relay.Nodes {
		if n.XMLName.Local == "Parameter" {
			p[n.attr("name")] = n.attr("value")
		}
	}
	return p
}

// languages are the <Language> elements: code to "provider/voice".
func (c *relayCall) languages() map[string]string {
	l := map[string]string{}
	for _, n := range c.relay.Nodes {
		if n.XMLName.Local == "Language" {
			l[n.attr("code")] = n.attr("ttsProvider") + "/" + n.attr("voice")
		}
	}
	return l
}

// open opens the WebSocket, signed as Twilio signs it: over the url it was
// given, with no parameters.
func (c *relayCall) open() {
	c.e.t.Helper()
	if c.relay == nil {
		c.e.t.Fatalf("the call is not connected to a relay; it said %q", c.said())
	}
	u := c.relay.attr("url")
	conn, resp, err := dialRelay(u, twiml.Sign(authToken, u, nil))
	if err != nil {
		c.e.t.Fatalf("dial %s: %v (%v)", u, err, resp)
	}
	c.conn, c.in = conn, make(chan relayMsg, 64)
	c.e.t.Cleanup(func() { conn.CloseNow() })
	go func() {
		defer close(c.in)
		for {
			_, data, err := conn.Read(context.Background())
			if err != nil {
				c.readErr = err
				return
			}
			var m relayMsg
			if err := json.Unmarshal(data, &m); err != nil {
				c.readErr = err
				return
			}
			m.at = time.Now()
			c.in <- m
		}
	}()
}

func dialRelay(u, signature string) (*websocket.Conn, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	h := http.Header{}
	if signature != "" {
		h.Set("X-Twilio-Signature", signature)
	}
	return websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: h})
}

// connect opens the WebSocket and sends the setup message.
func (c *relayCall) connect() {
	c.e.t.Helper()
	c.open()
	c.send(map[string]any{"type": "setup", "sessionId": "VX" + c.sid[2:], "accountSid": "AC123", "parentCallSid": "",
		"callSid": c.sid, "from": c.from, "to": c.to, "forwardedFrom": "", "callType": "PSTN", "callerName": "",
		"direction": "inbound", "callStatus": "RINGING", "customParameters": c.params()})
}

func (c *relayCall) send(v any) {
	c.e.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.e.t.Fatal(err)
	}
	c.sendRaw(websocket.MessageText, b)
}

func (c *relayCall) sendRaw(typ websocket.MessageType, b []byte) {
	c.e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, typ, b); err != nil {
		c.e.t.Fatal(err)
	}
}

// next returns the next message Loket sends, failing after 10 seconds.
func (c *relayCall) next() relayMsg {
	c.e.t.Helper()
	select {
	case m, ok := <-c.in:
		if !ok {
			c.e.t.Fatalf("the relay connection ended: %v", c.readErr)
		}
		return m
	case <-time.After(10 * time.Second):
		c.e.t.Fatal("Loket said nothing for 10 seconds")
	}
	return relayMsg{}
}

// listen collects what Loket says up to its last text, or up to the end
// of the session.
func (c *relayCall) listen() []relayMsg {
	c.e.t.Helper()
	c.last = nil
	for {
		m := c.next()
		c.last = append(c.last, m)
		switch {
		case m.Type == "end":
			c.end = &c.last[len(c.last)-1]
			return c.last
		case m.Type == "text" && m.Last:
			return c.last
		}
	}
}

// spoken is the text of the last reply, as the voice says it.
func (c *relayCall) spoken() string {
	var sb strings.Builder
	for _, m := range c.last {
		sb.WriteString(m.Token)
	}
	return strings.TrimSpace(sb.String())
}

// prompt says something, as ConversationRelay reports recognised speech.
func (c *relayCall) prompt(speech string) []relayMsg {
	c.e.t.Helper()
	c.send(map[string]any{"type": "prompt", "voicePrompt": speech, "lang": "nl-NL", "last": true})
	return c.listen()
}

// press presses a key.
func (c *relayCall) press(digit string) []relayMsg {
	c.e.t.Helper()
	c.send(map[string]any{"type": "dtmf", "digit": digit})
	return c.listen()
}

// mustEnd returns the handoff data of the end of the session.
func (c *relayCall) mustEnd() map[string]any {
	c.e.t.Helper()
	if c.end == nil {
		if m := c.next(); m.Type == "end" {
			c.end = &m
		} else {
			c.e.t.Fatalf("a %s message where the session should end: %+v", m.Type, m)
		}
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(c.end.HandoffData), &data); err != nil {
		c.e.t.Fatalf("handoff data %q: %v", c.end.HandoffData, err)
	}
	return data
}

// finish does what Twilio does after the end message: it closes the
// WebSocket and requests the <Connect action> with the handoff data, the
// caller still on the line; the TwiML it gets back is followed.
func (c *relayCall) finish() {
	c.e.t.Helper()
	c.conn.Close(websocket.StatusNormalClosure, "")
	c.postAction(c.action, url.Values{"CallStatus": {"in-progress"}, "SessionId": {"VX" + c.sid[2:]},
		"SessionStatus": {"completed"}, "SessionDuration": {"12"}, "HandoffData": {c.end.HandoffData}})
}

// hangUpRelay is the caller hanging up mid-session: the WebSocket closes
// and the <Connect action> is requested without handoff data.
func (c *relayCall) hangUpRelay() {
	c.e.t.Helper()
	c.conn.Close(websocket.StatusNormalClosure, "")
	c.postAction(c.action, url.Values{"CallStatus": {"completed"}, "SessionId": {"VX" + c.sid[2:]},
		"SessionStatus": {"ended"}, "SessionDuration": {"7"}})
}

// closeStatus waits for Loket to close the connection and returns its
// close status.
func (c *relayCall) closeStatus() websocket.StatusCode {
	c.e.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m, ok := <-c.in:
			if !ok {
				return websocket.CloseStatus(c.readErr)
			}
			c.e.t.Logf("before the close: %+v", m)
		case <-deadline:
			c.e.t.Fatal("the connection stayed open")
		}
	}
}
