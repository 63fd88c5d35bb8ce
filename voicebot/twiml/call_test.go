package twiml_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/voicebot/twiml"
)

// A caller asks a question, gets the article's voice answer and its link
// by text message, and says it helped: the call is contained.
func TestCallContained(t *testing.T) {
	e := newEnv(t)
	c := e.dial(mobile, lineNL)
	if !strings.HasPrefix(c.said(), "Welkom bij Helder.") || !strings.Contains(c.said(), "druk dan 0") {
		t.Errorf("greeting: %q", c.said())
	}
	if want := []string{"nl-NL/Polly.Laura-Neural", "nl-NL/Polly.Laura-Neural", "en-GB/Polly.Amy-Neural"}; strings.Join(c.voices, " ") != strings.Join(want, " ") {
		t.Errorf("voices %v, want %v", c.voices, want)
	}
	if c.heard[len(c.heard)-1] != "For English, press 9." {
		t.Errorf("the language key is not offered in English: %q", c.heard)
	}
	g := c.mustGather("speech")
	if g.attr("input") != "speech dtmf" || g.attr("language") != "nl-NL" || g.attr("speechTimeout") != "auto" ||
		g.attr("numDigits") != "1" || g.attr("action") != "/voice/twilio/turn" || g.attr("method") != "POST" {
		t.Errorf("gather: %+v", g.Attrs)
	}
	if hints := g.attr("hints"); !strings.Contains(hints, "Jaarafrekening") && !strings.Contains(hints, "jaarafrekening") || !strings.Contains(hints, "medewerker") {
		t.Errorf("hints lack the knowledge base's titles: %.300s", hints)
	}

	c.say("Wanneer krijg ik mijn jaarafrekening?")
	if !strings.Contains(c.said(), "Je krijgt je jaarafrekening één keer per jaar") || !strings.Contains(c.said(), "druk dan 3") {
		t.Errorf("answer: %q", c.said())
	}
	c.press("3")
	if !strings.Contains(c.said(), "sms met de link gestuurd") || strings.Contains(c.said(), "druk dan 3") {
		t.Errorf("after asking for the link: %q", c.said())
	}
	msgs := e.sms.messages()
	if len(msgs) != 1 || msgs[0].Get("To") != mobile || msgs[0].Get("From") != lineNL {
		t.Fatalf("text messages: %v", msgs)
	}
	body := msgs[0].Get("Body")
	i := strings.Index(body, "https://help.helder.example/l/")
	if !strings.HasPrefix(body, "Helder: ") || i < 0 {
		t.Fatalf("text message: %q", body)
	}
	link, err := e.db.FindShortLink(context.Background(), body[i+len("https://help.helder.example/l/"):])
	if err != nil || link.ArticleID != "facturen/jaarafrekening-uitleg" || link.Locale != "nl" {
		t.Errorf("short link %+v, %v", link, err)
	}

	c.say("Ja, dank je.")
	if !c.hungUp || !strings.HasPrefix(c.said(), "Fijn dat ik je kon helpen") {
		t.Errorf("goodbye: %q, hung up %v", c.said(), c.hungUp)
	}
	c.hangUp()
	c.noHandoff()
	if rec := c.record(); rec.Outcome != loket.OutcomeResolved || rec.Locale != "nl" || rec.From != mobile {
		t.Errorf("call: %+v", rec)
	}
	if got := e.events(t, c.sid); got != "answer:facturen/jaarafrekening-uitleg vote:facturen/jaarafrekening-uitlegtrue outcome:resolved" {
		t.Errorf("events: %s", got)
	}
}

// A question the knowledge base cannot answer goes to the queue with the
// question and the caller's number; the wait URL announces position and
// wait and offers a callback, over hold audio.
func TestCallNotAnsweredQueued(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.say("Hoe laat vertrekt de trein naar Parijs?")
	if !strings.Contains(c.said(), "geen goed antwoord") || !strings.Contains(c.said(), "hoeft niets te herhalen") {
		t.Errorf("said %q", c.said())
	}
	if c.queue != "loket-nl" || c.enqueue.attr("waitUrl") != "/voice/twilio/wait" || c.enqueue.attr("action") != "/voice/twilio/queue" {
		t.Fatalf("enqueue %q %+v", c.queue, c.enqueue)
	}
	h := c.handoff()
	if h.Reason != loket.ReasonNotAnswered || h.Question != "Hoe laat vertrekt de trein naar Parijs?" || h.Contact.Phone != landline ||
		h.Status != loket.HandoffWaiting || h.Channel != loket.ChannelVoice || h.Locale != "nl" || h.Priority != 0 {
		t.Errorf("handoff %+v", h)
	}
	if tr := transcript(h); !strings.Contains(tr, "customer: Hoe laat vertrekt de trein naar Parijs?") || !strings.Contains(tr, "bot: Welkom bij Helder.") {
		t.Errorf("transcript:\n%s", tr)
	}
	c.wait(3, 4*time.Minute)
	if !strings.Contains(c.said(), "nummer 3 in de wachtrij") || !strings.Contains(c.said(), "ongeveer 4 minuten") ||
		!strings.Contains(c.said(), "teruggebeld") || !c.holding {
		t.Errorf("wait: %q, hold %v", c.said(), c.holding)
	}
	if g := c.mustGather("dtmf"); g.attr("action") != "/voice/twilio/wait-choice" || g.attr("actionOnEmptyResult") == "true" {
		t.Errorf("wait gather %+v", g.Attrs)
	}
	c.wait(3, 4*time.Minute)
	if c.said() != "" || !c.holding {
		t.Errorf("same position announced again: %q", c.said())
	}
	c.wait(1, 4*time.Minute)
	if c.said() != "Je bent de eerstvolgende in de wachtrij." {
		t.Errorf("next: %q", c.said())
	}
	c.leaveQueue("bridged", 3*time.Minute)
	if !c.hungUp {
		t.Error("no hangup after the agent's call")
	}
	c.hangUp()
	if rec := c.record(); rec.Outcome != loket.OutcomeHandedOff || rec.HandoffID != h.ID {
		t.Errorf("call %+v", rec)
	}
}

// "No" to the answer offers the next best once, then the queue, with both
// articles and the verdicts in the handoff.
func TestCallNotHelped(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.say("Wat kost een monteur?")
	first := c.said()
	c.say("nee")
	if !strings.Contains(c.said(), "ander antwoord") || c.said() == first {
		t.Fatalf("no next best: %q", c.said())
	}
	c.press("2")
	if c.queue != "loket-nl" {
		t.Fatalf("not queued: %q", c.said())
	}
	h := c.handoff()
	if h.Reason != loket.ReasonNotHelped || len(h.Offered) != 2 {
		t.Fatalf("handoff %+v", h)
	}
	for _, o := range h.Offered {
		if o.Helped == nil || *o.Helped || o.URL == "" {
			t.Errorf("offer %+v", o)
		}
	}
}

func TestCallAsksForPerson(t *testing.T) {
	for _, tc := range []struct {
		line, ask, queue, greeting string
		locale                     loket.Locale
	}{
		{lineNL, "Ik wil een medewerker spreken", "loket-nl", "Welkom bij Helder.", "nl"},
		{lineEN, "Can I talk to a real person please", "loket-en", "Welcome to Helder.", "en"},
	} {
		t.Run(string(tc.locale), func(t *testing.T) {
			e := newEnv(t)
			c := e.dial(landline, tc.line)
			if !strings.HasPrefix(c.said(), tc.greeting) {
				t.Errorf("greeting %q", c.said())
			}
			c.say(tc.ask)
			if c.queue != tc.queue {
				t.Fatalf("queue %q after %q", c.queue, c.said())
			}
			h := c.handoff()
			if h.Reason != loket.ReasonAskedPerson || h.Locale != tc.locale {
				t.Errorf("handoff %+v", h)
			}
		})
	}
	t.Run("key0", func(t *testing.T) {
		e := newEnv(t)
		c := e.dial(landline, lineNL)
		c.say("Wat kost een monteur?")
		c.press("0")
		if c.queue != "loket-nl" || c.handoff().Reason != loket.ReasonAskedPerson || len(c.handoff().Offered) != 1 {
			t.Errorf("queue %q, %+v", c.queue, c.handoff())
		}
	})
}

// Silence gets the question again with the key menu, then a person.
func TestCallSilence(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.silence()
	if !strings.HasPrefix(c.said(), "Ik hoorde niets.") || !strings.Contains(c.said(), "Voor Geen internet thuis, druk 1.") ||
		!strings.Contains(c.said(), "Voor een medewerker, druk 0.") {
		t.Errorf("reprompt %q", c.said())
	}
	c.silence()
	if c.queue != "loket-nl" {
		t.Fatalf("not queued after two silences: %q", c.said())
	}
	h := c.handoff()
	if h.Reason != loket.ReasonSilence || !strings.Contains(transcript(h), "customer: [stilte]") {
		t.Errorf("handoff %+v\n%s", h, transcript(h))
	}
}

// A caller who only presses keys walks a phone guide to its end.
func TestCallKeysOnly(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.press("1")
	if !strings.Contains(c.said(), "stap voor stap: Geen internet thuis") || !strings.Contains(c.said(), "Is er een storing bij jou in de buurt?") ||
		!strings.Contains(c.said(), "Zeg Ja, er staat een storing op de kaart, of druk 1.") {
		t.Fatalf("guide: %q", c.said())
	}
	c.press("2") // no outage known
	if !strings.Contains(c.said(), "Welke kleur heeft het lampje Internet?") {
		t.Fatalf("step: %q", c.said())
	}
	c.press("7") // not a choice
	if !strings.HasPrefix(c.said(), "Sorry, dat heb ik niet goed verstaan.") || !strings.Contains(c.said(), "Welke kleur") {
		t.Fatalf("wrong key: %q", c.said())
	}
	c.press("2") // blinking: restart
	c.press("1") // it works again
	if !strings.Contains(c.said(), "Heb je hier iets aan?") {
		t.Fatalf("ending: %q", c.said())
	}
	c.press("1")
	if !c.hungUp {
		t.Fatalf("not ended: %q", c.said())
	}
	c.noHandoff()
	events, _ := e.db.FindEvents(context.Background(), loket.EventFilter{Type: loket.EventGuide, Session: c.sid})
	if len(events) != 3 {
		t.Errorf("%d guide events, want 3", len(events))
	}
	if c.record().Outcome != loket.OutcomeResolved {
		t.Error("not contained")
	}
}

// A guide walked by speech escalates to its team.
func TestCallGuideEscalates(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.say("Mijn internet doet het niet")
	if !strings.Contains(c.said(), "Geen internet thuis") {
		t.Fatalf("no guide: %q", c.said())
	}
	c.say("nee")
	c.say("uit")
	c.say("alles zit goed vast maar er is nog steeds geen internet")
	if c.queue != "loket-nl" {
		t.Fatalf("not escalated: %q", c.said())
	}
	h := c.handoff()
	if h.Reason != loket.ReasonEscalated || h.Team != "technische-dienst" || h.Question != "Mijn internet doet het niet" {
		t.Errorf("handoff %+v", h)
	}
}

// Speech the recogniser doubts twice goes to a person.
func TestCallNotUnderstood(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.mumble("eh wa ik")
	if !strings.HasPrefix(c.said(), "Sorry, dat heb ik niet goed verstaan.") || c.gather == nil {
		t.Fatalf("first: %q", c.said())
	}
	c.mumble("mmm")
	if c.queue != "loket-nl" || c.handoff().Reason != loket.ReasonNotUnderstood {
		t.Errorf("second: %q", c.said())
	}
}

// A number handed off in the last week goes straight to the queue, with
// priority; after a week it is a new caller.
func TestCallRepeatCaller(t *testing.T) {
	e := newEnv(t)
	first := e.dial(landline, lineNL)
	first.say("Mijn factuur klopt niet, ik wil iemand spreken")
	firstH := first.handoff()
	first.leaveQueue("bridged", time.Minute)

	e.clk.Set(e.clk.Now().Add(2 * 24 * time.Hour))
	again := e.dial(landline, lineNL)
	if !strings.HasPrefix(again.said(), "Welkom terug bij Helder.") || again.queue != "loket-nl-priority" {
		t.Fatalf("repeat caller: %q in %q", again.said(), again.queue)
	}
	h := again.handoff()
	if h.Priority != 1 || h.Reason != loket.ReasonRepeat || h.Question != firstH.Question {
		t.Errorf("handoff %+v", h)
	}
	if tr := transcript(h); !strings.Contains(tr, "Herhaald contact") || !strings.Contains(tr, "Mijn factuur klopt niet") {
		t.Errorf("transcript:\n%s", tr)
	}
	queue, _ := e.db.FindHandoffs(context.Background(), loket.HandoffFilter{Status: loket.HandoffWaiting})
	if len(queue) != 2 || queue[0].ID != h.ID {
		t.Errorf("the repeat caller is not first in the queue: %v", queue)
	}

	e.clk.Set(e.clk.Now().Add(8 * 24 * time.Hour))
	later := e.dial(landline, lineNL)
	if !strings.HasPrefix(later.said(), "Welkom bij Helder.") || later.gather == nil {
		t.Errorf("after a week: %q", later.said())
	}
	// A withheld number is never a repeat caller.
	anon := e.dial("+266696687", lineNL)
	anon.press("0")
	anon2 := e.dial("+266696687", lineNL)
	if anon2.gather == nil {
		t.Errorf("withheld number treated as a repeat caller: %q", anon2.said())
	}
}

// Outside opening hours the voicebot still answers; a caller who needs a
// person is offered a callback or a text message, recorded as a handoff.
func TestCallAfterHours(t *testing.T) {
	e := newEnv(t)
	e.clk.Set(e.clk.Now().Add(12 * time.Hour)) // Tuesday 22:00
	c := e.dial(mobile, lineNL)
	if !strings.Contains(c.said(), "niet bereikbaar, maar ik help je graag") {
		t.Errorf("greeting %q", c.said())
	}
	c.say("Ik wil een medewerker")
	if c.enqueue != nil || !strings.Contains(c.said(), "We zijn er weer morgen om 08:00.") ||
		!strings.Contains(c.said(), "druk dan 1") || !strings.Contains(c.said(), "druk 2") {
		t.Fatalf("closed: %q", c.said())
	}
	c.press("1")
	if !c.hungUp || !strings.Contains(c.said(), "We bellen je terug") {
		t.Errorf("callback: %q", c.said())
	}
	h := c.handoff()
	if h.Reason != loket.ReasonAfterHours || h.Contact.Phone != mobile || !strings.Contains(transcript(h), "wil worden teruggebeld") {
		t.Errorf("handoff %+v\n%s", h, transcript(h))
	}

	t.Run("text", func(t *testing.T) {
		c := e.dial("+31687654321", lineNL)
		c.say("Wat kost een monteur?")
		c.say("nee")
		c.press("0")
		c.press("2")
		if !c.hungUp || len(e.sms.messages()) != 1 || !strings.Contains(e.sms.messages()[0].Get("Body"), "/l/") {
			t.Fatalf("text: %q, %v", c.said(), e.sms.messages())
		}
		if tr := transcript(c.handoff()); !strings.Contains(tr, "vroeg niet om terugbellen") || !strings.Contains(tr, "Sms gestuurd") {
			t.Errorf("transcript:\n%s", tr)
		}
	})
	t.Run("sunday", func(t *testing.T) {
		e.clk.Set(time.Date(2026, 11, 29, 12, 0, 0, 0, e.clk.Now().Location()))
		c := e.dial(landline, lineEN)
		c.press("0")
		if !strings.Contains(c.said(), "We are back tomorrow at 08:00.") || strings.Contains(c.said(), "press 2") {
			t.Errorf("closed, landline: %q", c.said())
		}
		c.silence()
		c.silence()
		if !c.hungUp {
			t.Errorf("no goodbye: %q", c.said())
		}
		c.noHandoff()
		if c.record().Outcome != loket.OutcomeAbandoned {
			t.Errorf("outcome %q", c.record().Outcome)
		}
	})
}

// A server restart mid-call continues the call where it was.
func TestCallSurvivesRestart(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.say("Wat kost een monteur?")
	answer := c.said()
	e.restart()
	c.say("nee")
	if !strings.Contains(c.said(), "ander antwoord") {
		t.Fatalf("after restart: %q (before: %q)", c.said(), answer)
	}
	e.restart()
	c.say("ja")
	if !c.hungUp || c.record().Outcome != loket.OutcomeResolved {
		t.Errorf("after second restart: %q", c.said())
	}
}

// Unsigned or wrongly signed webhooks get 403 and change nothing.
func TestBadSignature(t *testing.T) {
	e := newEnv(t)
	form := url.Values{"CallSid": {"CAbad"}, "From": {landline}, "To": {lineNL}}
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
	tampered := url.Values{"CallSid": {"CAbad"}, "From": {mobile}, "To": {lineNL}}
	for name, status := range map[string]int{
		"unsigned":      post("/voice/twilio/incoming", "", form),
		"wrong token":   post("/voice/twilio/incoming", twiml.Sign("another-token", e.base+"/voice/twilio/incoming", form), form),
		"other url":     post("/voice/twilio/incoming", twiml.Sign(authToken, e.base+"/voice/twilio/turn", form), form),
		"tampered form": post("/voice/twilio/incoming", twiml.Sign(authToken, e.base+"/voice/twilio/incoming", form), tampered),
		"garbage":       post("/voice/twilio/turn", "not base64 at all", form),
		"status":        post("/voice/twilio/status", "AAAA", url.Values{"CallSid": {"CAbad"}, "CallStatus": {"completed"}}),
	} {
		if status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, status)
		}
	}
	if _, err := e.db.FindCall(context.Background(), "CAbad"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("a refused webhook created a call: %v", err)
	}
	if status := post("/voice/twilio/incoming", twiml.Sign(authToken, e.base+"/voice/twilio/incoming", form), form); status != http.StatusOK {
		t.Errorf("correctly signed: %d", status)
	}
}

// Waiting callers may choose a callback instead: they leave the queue and
// the handoff says so. One who hangs up while waiting stays in the queue,
// marked for a callback.
func TestCallWaitChoices(t *testing.T) {
	e := newEnv(t)
	c := e.dial(mobile, lineNL)
	c.say("Wat kost een monteur?")
	c.press("0")
	c.wait(5, 6*time.Minute)
	if !strings.Contains(c.said(), "druk 2") {
		t.Errorf("no text option for a mobile caller who got an answer: %q", c.said())
	}
	c.pressWhileWaiting("2")
	if !strings.Contains(c.said(), "sms met de link") || !c.holding || c.left {
		t.Errorf("text while waiting: %q", c.said())
	}
	c.pressWhileWaiting("1")
	if !c.left {
		t.Fatalf("not left: %q", c.said())
	}
	c.leaveQueue("leave", 2*time.Minute)
	if !c.hungUp || !strings.Contains(c.said(), "We bellen je zo snel mogelijk terug") {
		t.Errorf("after leaving: %q", c.said())
	}
	if tr := transcript(c.handoff()); !strings.Contains(tr, "wil worden teruggebeld") {
		t.Errorf("transcript:\n%s", tr)
	}

	gone := e.dial("+31201111111", lineNL)
	gone.press("0")
	gone.wait(2, time.Minute)
	gone.leaveQueue("hangup", 7*time.Minute)
	if tr := transcript(gone.handoff()); !strings.Contains(tr, "hing op na 7 minuten wachten") {
		t.Errorf("transcript:\n%s", tr)
	}
	if gone.handoff().Status != loket.HandoffWaiting {
		t.Error("a caller who hung up left the queue")
	}

	full := e.dial("+31202222222", lineNL)
	full.press("0")
	full.leaveQueue("queue-full", 0)
	if !strings.Contains(full.said(), "erg druk") || full.gather == nil {
		t.Fatalf("queue full: %q", full.said())
	}
	full.press("1")
	if !full.hungUp || !strings.Contains(transcript(full.handoff()), "wil worden teruggebeld") {
		t.Errorf("callback after a full queue: %q", full.said())
	}
}

// Key 9 switches to English, and a Belgian line speaks Flemish Dutch.
func TestCallLanguages(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.press("9")
	if !strings.HasPrefix(c.said(), "Welcome to Helder.") || c.mustGather("speech").attr("language") != "en-GB" {
		t.Fatalf("switch: %q", c.said())
	}
	c.say("When do I get my annual statement?")
	if !strings.Contains(strings.ToLower(c.said()), "annual statement") {
		t.Errorf("English answer: %q", c.said())
	}
	if c.record().Locale != "en" {
		t.Errorf("locale %q", c.record().Locale)
	}

	be := e.dial(landline, lineBE)
	if be.voices[0] != "nl-BE/Polly.Lisa-Neural" || be.mustGather("speech").attr("language") != "nl-BE" {
		t.Errorf("Belgian line: %v", be.voices)
	}
	be.say("Nederlands graag")
	if !strings.HasPrefix(be.said(), "Zeg in een paar woorden") {
		t.Errorf("naming the current language: %q", be.said())
	}
	be.say("English please")
	if !strings.HasPrefix(be.said(), "Welcome to Helder.") {
		t.Errorf("naming English: %q", be.said())
	}
}

// Markup, control characters and overlong speech are text, never TwiML.
func TestCallHostileSpeech(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	c.say(`</Say><Hangup/><Say>"&'` + strings.Repeat("x", 3000))
	if c.hungUp || c.queue != "loket-nl" {
		t.Fatalf("the caller's words became markup: %q, queue %q", c.said(), c.queue)
	}
	h := c.handoff()
	if !strings.HasPrefix(h.Question, `</Say><Hangup/><Say>"&'xxx`) || len([]rune(h.Question)) != loket.MaxQuestionLength {
		t.Errorf("question stored as %.40q (%d)", h.Question, len(h.Question))
	}
}

// When the store fails mid-call, the caller still reaches a person.
func TestCallStoreDown(t *testing.T) {
	e := newEnv(t)
	c := e.dial(landline, lineNL)
	e.db.Close()
	c.say("Wat kost een monteur?")
	if c.queue != "loket-nl" || !strings.Contains(c.said(), "ging bij mij iets mis") {
		t.Errorf("store down: %q in %q", c.said(), c.queue)
	}
}

// The hold audio is a valid WAV file anyone may fetch.
func TestHoldAudio(t *testing.T) {
	e := newEnv(t)
	resp, err := http.Get(e.base + "/voice/twilio/hold.wav")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	head := make([]byte, 44)
	if _, err := resp.Body.Read(head); err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "audio/wav" ||
		string(head[:4]) != "RIFF" || string(head[8:16]) != "WAVEfmt " || resp.ContentLength < 300_000 {
		t.Errorf("hold audio: %d %q %d", resp.StatusCode, head[:16], resp.ContentLength)
	}
}

var _ = voicebot.MaxTurns

// SignalWire signs with its own header name, Telnyx with Ed25519 over the
// timestamp and the body.
func TestOtherProviders(t *testing.T) {
	e := newEnv(t)
	send := func(form url.Values, header map[string]string) int {
		req, _ := http.NewRequest(http.MethodPost, e.base+"/voice/twilio/incoming", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	form := url.Values{"CallSid": {"CAsw"}, "From": {landline}, "To": {lineNL}}
	if code := send(form, map[string]string{"X-SignalWire-Signature": twiml.Sign(authToken, e.base+"/voice/twilio/incoming", form)}); code != 200 {
		t.Errorf("SignalWire: %d", code)
	}
	telnyx := func(form url.Values, at time.Time, key ed25519.PrivateKey) int {
		ts := strconv.FormatInt(at.Unix(), 10)
		sig := ed25519.Sign(key, []byte(ts+"|"+form.Encode()))
		return send(form, map[string]string{"Telnyx-Signature-Ed25519": base64.StdEncoding.EncodeToString(sig), "Telnyx-Timestamp": ts})
	}
	_, other, _ := ed25519.GenerateKey(nil)
	form = url.Values{"CallSid": {"v3:telnyx1"}, "From": {landline}, "To": {lineNL}}
	if code := telnyx(form, time.Now(), telnyxKey); code != 200 {
		t.Errorf("Telnyx: %d", code)
	}
	for name, code := range map[string]int{
		"stale":     telnyx(url.Values{"CallSid": {"v3:telnyx2"}}, time.Now().Add(-10*time.Minute), telnyxKey),
		"other key": telnyx(url.Values{"CallSid": {"v3:telnyx3"}}, time.Now(), other),
	} {
		if code != http.StatusForbidden {
			t.Errorf("Telnyx %s: %d", name, code)
		}
	}
}
