package twiml_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/assistant/openai"
	"github.com/loket/loket/assistant/openaitest"
	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/voicebot/twiml"
)

// A caller asks a question, hears the article's voice answer and says it
// helped: the session ends with a hangup and the call is contained.
func TestRelayContained(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(mobile, lineNL)
	r := c.relay
	if r == nil {
		t.Fatalf("not connected to the relay: %q", c.said())
	}
	if r.attr("url") != "ws://"+e.addr+"/voice/twilio/relay" || c.action != "/voice/twilio/relay/end" ||
		r.attr("language") != "nl-NL" || r.attr("ttsProvider") != "Amazon" || r.attr("voice") != "Laura-Neural" ||
		r.attr("dtmfDetection") != "true" || r.attr("interruptible") != "any" {
		t.Errorf("ConversationRelay %+v, action %q", r.Attrs, c.action)
	}
	greeting := r.attr("welcomeGreeting")
	if !strings.HasPrefix(greeting, "Welkom bij Helder.") || !strings.Contains(greeting, "druk dan 0") || strings.Contains(greeting, "English") {
		t.Errorf("welcome greeting %q", greeting)
	}
	if !strings.Contains(r.attr("hints"), "medewerker") {
		t.Errorf("hints %.200q", r.attr("hints"))
	}
	if l := c.languages(); l["nl-NL"] != "Amazon/Laura-Neural" || l["en-GB"] != "Amazon/Amy-Neural" {
		t.Errorf("languages %v", l)
	}

	c.connect()
	offer := c.listen()
	if len(offer) != 1 || offer[0].Token != "For English, press 9." || offer[0].Lang != "en-GB" || !offer[0].Last {
		t.Errorf("after the greeting: %+v", offer)
	}

	msgs := c.prompt("Wanneer krijg ik mijn jaarafrekening?")
	for i, m := range msgs {
		if m.Type != "text" || m.Last != (i == len(msgs)-1) || m.Lang != "" {
			t.Errorf("message %d of %d: %+v", i, len(msgs), m)
		}
	}
	said := c.spoken()
	answer, confirm := strings.Index(said, "Je krijgt je jaarafrekening één keer per jaar"), strings.Index(said, "Heb je hier iets aan?")
	if answer < 0 || confirm < answer || !strings.Contains(said, "druk dan 3") || c.end != nil {
		t.Errorf("answer: %q", said)
	}

	c.prompt("Ja, dank je.")
	if !strings.HasPrefix(c.spoken(), "Fijn dat ik je kon helpen") {
		t.Errorf("goodbye: %q", c.spoken())
	}
	if data := c.mustEnd(); data["reason"] != "hangup" || len(data) != 1 {
		t.Errorf("handoff data %v", data)
	}
	c.finish()
	if !c.hungUp {
		t.Error("the action did not hang up")
	}
	c.noHandoff()
	if rec := c.record(); rec.Outcome != loket.OutcomeResolved || rec.Locale != "nl" || rec.From != mobile {
		t.Errorf("call: %+v", rec)
	}
	if got := e.events(t, c.sid); got != "answer:facturen/jaarafrekening-uitleg vote:facturen/jaarafrekening-uitlegtrue outcome:resolved" {
		t.Errorf("events: %s", got)
	}
}

// A caller who asks for a person is told so; the session ends with the
// queue in its handoff data and the action puts the caller in that queue,
// with the handoff and its transcript already in the agent queue.
func TestRelayHandoff(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	c.prompt("Ik wil een medewerker spreken")
	if !strings.HasPrefix(c.spoken(), "Ik verbind je door met een medewerker.") {
		t.Errorf("said %q", c.spoken())
	}
	h := c.handoff()
	if data := c.mustEnd(); data["reason"] != "handoff" || data["queue"] != "loket-nl" || data["handoff"] != float64(h.ID) {
		t.Errorf("handoff data %v (handoff %d)", data, h.ID)
	}
	if h.Reason != loket.ReasonAskedPerson || h.Status != loket.HandoffWaiting || h.Channel != loket.ChannelVoice || h.Contact.Phone != landline {
		t.Errorf("handoff %+v", h)
	}
	if tr := transcript(h); !strings.Contains(tr, "bot: Welkom bij Helder.") || !strings.Contains(tr, "customer: Ik wil een medewerker spreken") {
		t.Errorf("transcript:\n%s", tr)
	}

	c.finish()
	if c.queue != "loket-nl" || c.enqueue.attr("action") != "/voice/twilio/queue" || c.enqueue.attr("waitUrl") != "/voice/twilio/wait" || c.said() != "" {
		t.Fatalf("after the session: queue %q, said %q", c.queue, c.said())
	}
	// From here on the call is the TwiML mode's.
	c.wait(2, 3*time.Minute)
	if !strings.Contains(c.said(), "nummer 2 in de wachtrij") || !c.holding {
		t.Errorf("wait: %q", c.said())
	}
	if rec := c.record(); rec.Outcome != loket.OutcomeHandedOff || rec.HandoffID != h.ID {
		t.Errorf("call %+v", rec)
	}
}

// An article without a voice answer is answered by the answer engine, and
// its sentences are spoken while the model still writes: streamed text
// arrives well before the turn's last message, without citation markers.
func TestRelayStreamsTheAnswer(t *testing.T) {
	model := openaitest.NewServer(t, openaitest.WithBehaviour(openaitest.ReplyFunc(twoSentences).Slow(0, 25*time.Millisecond)))
	m, err := openai.New(openai.Config{BaseURL: model.URL(), APIKey: "test-key", Model: "helder-test", FirstToken: 2 * time.Second, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e := newRelayEnv(t, func(o *voicebot.Options) {
		o.Answerer = assistant.NewEngine(assistant.EngineOptions{Library: o.Library, Model: m, Logger: quiet})
	})
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	msgs := c.prompt("Waar vind ik mijn factuur?")
	if n := len(model.Requests()); n != 1 {
		t.Fatalf("%d requests to the model, want 1; said %q", n, c.spoken())
	}
	var streamed []relayMsg
	for _, m := range msgs[:len(msgs)-1] {
		if m.Last || m.Type != "text" {
			t.Fatalf("messages %+v", msgs)
		}
		if !strings.Contains(m.Token, "Heb je hier iets aan") {
			streamed = append(streamed, m)
		}
	}
	final := msgs[len(msgs)-1]
	if len(streamed) < 2 || !strings.Contains(final.Token, "Heb je hier iets aan") && !strings.Contains(final.Token, "druk dan 3") {
		t.Fatalf("not streamed sentence by sentence: %+v", msgs)
	}
	for _, m := range msgs {
		t.Logf("+%v %q", m.at.Sub(msgs[0].at).Round(time.Millisecond), m.Token)
	}
	if gap := final.at.Sub(streamed[0].at); gap < 150*time.Millisecond {
		t.Errorf("the first sentence came %v before the last message: not while the model was writing", gap)
	}
	said := c.spoken()
	if regexp.MustCompile(`\[\d+\]`).MatchString(said) || strings.Contains(said, "**") {
		t.Errorf("citation markers or markup spoken: %q", said)
	}
	if !strings.HasPrefix(said, "Al je facturen staan in Mijn Helder bij Facturen, tot 7 jaar terug.") {
		t.Errorf("answer %q", said)
	}
	// The answer is in the transcript once, though it was said in pieces.
	if rec := c.record(); strings.Count(string(rec.State), "tot 7 jaar terug") != 1 {
		t.Errorf("the answer is in the call's state %d times", strings.Count(string(rec.State), "tot 7 jaar terug"))
	}
	events, _ := e.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventAnswer, Session: c.sid})
	if len(events) != 1 || events[0].ArticleID != "facturen/factuur-inzien" || events[0].Data["mode"] != string(loket.ModeGenerated) {
		t.Errorf("answer events %+v", events)
	}
}

// twoSentences answers like a good model: the first two sentences of the
// first passage it was given, each cited.
func twoSentences(r openaitest.Request) string {
	q := r.Last("user")
	loc := regexp.MustCompile(`(?m)^\[1\] .*$`).FindStringIndex(q)
	if loc == nil {
		return "NO_ANSWER"
	}
	passage, _, _ := strings.Cut(strings.TrimSpace(q[loc[1]:]), "\n")
	var out []string
	for _, s := range strings.SplitAfter(passage, ". ") {
		if s = strings.TrimSuffix(strings.TrimSpace(s), "."); s != "" && len(out) < 2 {
			out = append(out, s+" [1].")
		}
	}
	return strings.Join(out, " ")
}

// Key 0 asks for a person.
func TestRelayKeyForPerson(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	c.press("0")
	if data := c.mustEnd(); data["queue"] != "loket-nl" {
		t.Errorf("handoff data %v", data)
	}
	c.finish()
	h := c.handoff()
	if c.queue != "loket-nl" || h.Reason != loket.ReasonAskedPerson || !strings.Contains(transcript(h), "customer: [toets 0]") {
		t.Errorf("queue %q, handoff %+v\n%s", c.queue, h, transcript(h))
	}
}

// A caller who says nothing hears the question again with the keys, and
// after a second silence goes to a person.
func TestRelaySilence(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	start := time.Now()
	c.listen()
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("silence counted after %v", waited)
	}
	if !strings.HasPrefix(c.spoken(), "Ik hoorde niets.") || !strings.Contains(c.spoken(), "Voor een medewerker, druk 0.") || c.end != nil {
		t.Fatalf("reprompt %q", c.spoken())
	}
	c.listen()
	if data := c.mustEnd(); data["reason"] != "handoff" {
		t.Fatalf("after the second silence: %q, %v", c.spoken(), data)
	}
	c.finish()
	h := c.handoff()
	if c.queue != "loket-nl" || h.Reason != loket.ReasonSilence || strings.Count(transcript(h), "customer: [stilte]") != 2 {
		t.Errorf("handoff %+v\n%s", h, transcript(h))
	}
}

// Speaking resets the silence: a caller who answers in time is not
// reprompted.
func TestRelaySpeakingIsNotSilence(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	time.Sleep(150 * time.Millisecond)
	c.send(map[string]any{"type": "interrupt", "utteranceUntilInterrupt": "For English", "durationUntilInterruptMs": "460"})
	time.Sleep(200 * time.Millisecond)
	c.prompt("Wanneer krijg ik mijn jaarafrekening?")
	if strings.Contains(c.spoken(), "Ik hoorde niets") || !strings.Contains(c.spoken(), "jaarafrekening") {
		t.Errorf("said %q", c.spoken())
	}
}

// Key 9 switches the session to English with a language message; the
// offer back to Dutch is marked Dutch.
func TestRelayLanguageSwitch(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	msgs := c.press("9")
	if msgs[0].Type != "language" || msgs[0].TTSLanguage != "en-GB" || msgs[0].TranscriptionLanguage != "en-GB" {
		t.Fatalf("no language switch: %+v", msgs)
	}
	last := msgs[len(msgs)-1]
	if !strings.HasPrefix(c.spoken(), "Welcome to Helder.") || last.Token != "Voor Nederlands, druk 9." || last.Lang != "nl-NL" || msgs[1].Lang != "" {
		t.Errorf("after the switch: %+v", msgs)
	}
	c.prompt("When do I get my annual statement?")
	if !strings.Contains(strings.ToLower(c.spoken()), "annual statement") || c.record().Locale != "en" {
		t.Errorf("English answer: %q", c.spoken())
	}
}

// A caller handed off in the last week goes straight to the queue: the
// relay's incoming webhook answers with plain TwiML.
func TestRelayRepeatCaller(t *testing.T) {
	e := newRelayEnv(t)
	first := e.dial(landline, lineNL)
	first.say("Mijn factuur klopt niet, ik wil iemand spreken")
	first.leaveQueue("bridged", time.Minute)
	again := e.relayDial(landline, lineNL)
	if again.relay != nil || again.queue != "loket-nl-priority" || !strings.HasPrefix(again.said(), "Welkom terug bij Helder.") {
		t.Errorf("repeat caller: relay %v, queue %q, said %q", again.relay != nil, again.queue, again.said())
	}
}

// Unsigned or wrongly signed requests get 403 and change nothing: the
// WebSocket handshake is refused before the upgrade.
func TestRelayBadSignature(t *testing.T) {
	e := newRelayEnv(t)
	socket := "ws://" + e.addr + "/voice/twilio/relay"
	for name, sig := range map[string]string{
		"unsigned":     "",
		"wrong token":  twiml.Sign("another-token", socket, nil),
		"http address": twiml.Sign(authToken, e.base+"/voice/twilio/relay", nil),
		"other path":   twiml.Sign(authToken, "ws://"+e.addr+"/voice/twilio/relay/end", nil),
		"garbage":      "not base64 at all",
	} {
		conn, resp, err := dialRelay(socket, sig)
		if err == nil {
			t.Errorf("%s: the WebSocket was opened", name)
			conn.Write(context.Background(), websocket.MessageText, []byte(`{"type":"setup","callSid":"CAbadrelay","from":"+31612345678","to":"+31881234567"}`))
			conn.Write(context.Background(), websocket.MessageText, []byte(`{"type":"prompt","voicePrompt":"ik wil een medewerker","last":true}`))
			time.Sleep(100 * time.Millisecond)
			conn.CloseNow()
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %v, want 403", name, resp)
		}
	}
	if _, err := e.db.FindCall(context.Background(), "CAbadrelay"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("a refused WebSocket made a call: %v", err)
	}

	post := func(path, sig string, f url.Values) int {
		req, _ := http.NewRequest(http.MethodPost, e.base+path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sig != "" {
			req.Header.Set("X-Twilio-Signature", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	form := url.Values{"CallSid": {"CAbadrelay"}, "From": {landline}, "To": {lineNL}}
	if s := post("/voice/twilio/relay/incoming", "", form); s != http.StatusForbidden {
		t.Errorf("unsigned incoming: %d", s)
	}
	if s := post("/voice/twilio/relay/incoming", twiml.Sign(authToken, e.base+"/voice/twilio/incoming", form), form); s != http.StatusForbidden {
		t.Errorf("incoming signed for another address: %d", s)
	}
	if _, err := e.db.FindCall(context.Background(), "CAbadrelay"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("a refused webhook made a call: %v", err)
	}

	c := e.relayDial(landline, lineNL)
	end := c.form(url.Values{"CallStatus": {"completed"}, "SessionStatus": {"ended"}})
	for name, sig := range map[string]string{
		"unsigned":    "",
		"wrong token": twiml.Sign("another-token", e.base+"/voice/twilio/relay/end", end),
		"tampered":    twiml.Sign(authToken, e.base+"/voice/twilio/relay/end", c.form(nil)),
	} {
		if s := post("/voice/twilio/relay/end", sig, end); s != http.StatusForbidden {
			t.Errorf("end, %s: %d", name, s)
		}
	}
	if rec := c.record(); rec.Outcome != loket.OutcomeOpen {
		t.Errorf("a refused end changed the call: %+v", rec)
	}
}

// Messages that are not JSON, of unknown types, errors and interruptions
// leave the session as it was; a prompt before the setup closes it, and so
// does an oversize message.
func TestRelayOddMessages(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	c.sendRaw(websocket.MessageText, []byte("not json {"))
	c.sendRaw(websocket.MessageText, []byte(`{"type":"bogus","voicePrompt":"ik wil een medewerker"}`))
	c.sendRaw(websocket.MessageText, []byte(`{"type":"error","description":"Invalid message received: { \"foo\" : \"bar\" }"}`))
	c.sendRaw(websocket.MessageText, []byte(`{"type":"interrupt","utteranceUntilInterrupt":"For Eng","durationUntilInterruptMs":460}`))
	c.sendRaw(websocket.MessageBinary, []byte{0, 1, 2})
	c.sendRaw(websocket.MessageText, []byte(`{"type":"setup","callSid":"CAother","from":"+31600000000","to":"+31881234567"}`))
	c.prompt("Wanneer krijg ik mijn jaarafrekening?")
	if !strings.Contains(c.spoken(), "Je krijgt je jaarafrekening") || c.end != nil {
		t.Errorf("after odd messages: %q", c.spoken())
	}
	if _, err := e.db.FindCall(context.Background(), "CAother"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("a second setup took over the session: %v", err)
	}

	early := e.relayDial(landline, lineNL)
	early.open()
	early.send(map[string]any{"type": "prompt", "voicePrompt": "ik wil een medewerker", "lang": "nl-NL", "last": true})
	if s := early.closeStatus(); s != websocket.StatusPolicyViolation {
		t.Errorf("a prompt before setup: close status %d", s)
	}
	if strings.Contains(string(early.record().State), `"customer"`) {
		t.Error("a prompt before setup was taken")
	}

	big := e.relayDial(landline, lineNL)
	big.connect()
	big.listen()
	big.send(map[string]any{"type": "prompt", "voicePrompt": strings.Repeat("bla ", 30000), "last": true})
	if s := big.closeStatus(); s != websocket.StatusMessageTooBig {
		t.Errorf("an oversize message: close status %d", s)
	}
}

// The end of a session without a handoff: a caller who hung up ends the
// call; a session that broke with the caller on the line gets them a
// person; handoff data naming a queue the call is not in is not trusted.
func TestRelayEndWithoutHandoff(t *testing.T) {
	e := newRelayEnv(t)
	gone := e.relayDial(landline, lineNL)
	gone.connect()
	gone.listen()
	gone.hangUpRelay()
	if !gone.hungUp || gone.record().Outcome != loket.OutcomeAbandoned {
		t.Errorf("hung up: %v, call %+v", gone.hungUp, gone.record())
	}
	gone.noHandoff()

	broken := e.relayDial(landline, lineNL)
	broken.connect()
	broken.listen()
	broken.conn.CloseNow()
	broken.postAction(broken.action, url.Values{"CallStatus": {"in-progress"}, "SessionStatus": {"failed"}, "ErrorCode": {"64105"}})
	if broken.queue != "loket-nl" || !strings.Contains(broken.said(), "ging bij mij iets mis") {
		t.Errorf("broken session: %q in %q", broken.said(), broken.queue)
	}

	forged := e.relayDial(landline, lineNL)
	forged.postAction(forged.action, url.Values{"CallStatus": {"in-progress"}, "SessionStatus": {"completed"},
		"HandoffData": {`{"reason":"handoff","queue":"elsewhere"}`}})
	if forged.queue != "loket-nl" {
		t.Errorf("forged handoff data: queue %q", forged.queue)
	}
}

// When the store fails mid-turn, the session ends and the caller still
// reaches a person.
func TestRelayStoreDown(t *testing.T) {
	e := newRelayEnv(t)
	c := e.relayDial(landline, lineNL)
	c.connect()
	c.listen()
	e.db.Close()
	c.prompt("Wat kost een monteur?")
	if data := c.mustEnd(); data["reason"] != "error" {
		t.Errorf("handoff data %v", data)
	}
	c.finish()
	if c.queue != "loket-nl" || !strings.Contains(c.said(), "ging bij mij iets mis") {
		t.Errorf("store down: %q in %q", c.said(), c.queue)
	}
}
