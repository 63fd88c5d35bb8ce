package twiml

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/gin-gonic/gin"

	"github.com/loket/loket/voicebot"
)

// Limits of a relay session.
const (
	// maxRelayMessage is the longest message the provider may send: a
	// recognised utterance is a few hundred bytes.
	maxRelayMessage = 64 << 10
	relayWrite      = 10 * time.Second // to send one message
	relayTurn       = time.Minute      // for the Bot to take a turn
	relayClose      = 5 * time.Second  // for the provider to close after "end"
	maxSpeaking     = 30 * time.Second // the longest a reply is taken to speak
)

// relayIn is a message from the provider: setup, prompt, dtmf, interrupt
// or error, each with its own fields.
type relayIn struct {
	Type string `json:"type"`
	// setup
	SessionID        string         `json:"sessionId"`
	CallSid          string         `json:"callSid"`
	From             string         `json:"from"`
	To               string         `json:"to"`
	CustomParameters map[string]any `json:"customParameters"`
	// prompt: what the caller said, whole when Last
	VoicePrompt string `json:"voicePrompt"`
	Lang        string `json:"lang"`
	Last        bool   `json:"last"`
	// dtmf
	Digit string `json:"digit"`
	// interrupt: what the caller heard before speaking over it
	Utterance string `json:"utteranceUntilInterrupt"`
	// error
	Description string `json:"description"`
}

// The messages to the provider.
type (
	// relayText is text to speak; Last closes the reply. Lang, when set,
	// speaks this text in another configured language.
	relayText struct {
		Type  string `json:"type"`
		Token string `json:"token"`
		Last  bool   `json:"last"`
		Lang  string `json:"lang,omitempty"`
	}
	// relaySwitch changes the language spoken and recognised.
	relaySwitch struct {
		Type          string `json:"type"`
		TTS           string `json:"ttsLanguage"`
		Transcription string `json:"transcriptionLanguage"`
	}
	// relayEnd ends the session; the provider passes HandoffData to the
	// <Connect action>.
	relayEnd struct {
		Type        string `json:"type"`
		HandoffData string `json:"handoffData"`
	}
)

// session is one call's ConversationRelay WebSocket. Its methods run on
// one goroutine; another only reads messages.
type session struct {
	h    *Handler
	conn *websocket.Conn
	ctx  context.Context // ends when the connection does
	log  *slog.Logger
	info voicebot.CallInfo
	lang string // the language spoken and recognised now

	spoken  int // characters said in this turn
	timer   *time.Timer
	waiting bool // for the caller: the timer runs
	broken  bool // a write failed: the connection is gone
	closed  bool
}

// relaySocket runs a relay session. The verify middleware refused the
// handshake already when it was not signed.
func (h *Handler) relaySocket(c *gin.Context) {
	conn, err := websocket.Accept(c.Writer, c.Request, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		h.opts.Logger.Warn("relay WebSocket refused", "err", err)
		return
	}
	conn.SetReadLimit(maxRelayMessage)
	// The request's context is not to be used after the upgrade.
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.Request.Context()))
	defer cancel()
	s := &session{h: h, conn: conn, ctx: ctx, log: h.opts.Logger}
	msgs := make(chan []byte, 16)
	go s.read(msgs, cancel)
	s.run(msgs)
}

// read passes the provider's text messages to msgs until the connection
// ends.
func (s *session) read(msgs chan<- []byte, cancel func()) {
	defer cancel()
	defer close(msgs)
	for {
		typ, data, err := s.conn.Read(s.ctx)
		if err != nil {
			switch status := websocket.CloseStatus(err); {
			case status == websocket.StatusNormalClosure || status == websocket.StatusGoingAway:
			case errors.Is(err, context.Canceled):
			default:
				s.log.Warn("relay WebSocket ended", "call", s.info.ID, "status", int(status), "err", err)
			}
			return
		}
		if typ != websocket.MessageText {
			s.log.Warn("relay message ignored: not text", "call", s.info.ID)
			continue
		}
		select {
		case msgs <- data:
		case <-s.ctx.Done():
			return
		}
	}
}

// run handles messages and the caller's silences until the session ends.
func (s *session) run(msgs <-chan []byte) {
	defer func() {
		s.stopWaiting()
		go func() {
			for range msgs { // so that the reader is free to see the close
			}
		}()
		if !s.closed {
			s.conn.Close(websocket.StatusNormalClosure, "")
		}
	}()
	for {
		var silence <-chan time.Time
		if s.waiting {
			silence = s.timer.C
		}
		select {
		case data, ok := <-msgs:
			if !ok {
				return
			}
			if s.handle(data) {
				s.drain(msgs)
				return
			}
		case <-silence:
			s.waiting = false
			if s.take(voicebot.Input{}) {
				s.drain(msgs)
				return
			}
		}
	}
}

// drain waits, after "end", for the provider to close the connection.
func (s *session) drain(msgs <-chan []byte) {
	if s.closed {
		return
	}
	deadline := time.NewTimer(relayClose)
	defer deadline.Stop()
	for {
		select {
		case _, ok := <-msgs:
			if !ok {
				return
			}
		case <-deadline.C:
			return
		}
	}
}

// handle handles one message and reports whether the session is over.
func (s *session) handle(data []byte) bool {
	var m relayIn
	if err := json.Unmarshal(data, &m); err != nil {
		s.log.Warn("relay message ignored: not JSON", "call", s.info.ID, "err", err)
		return false
	}
	if s.info.ID == "" && m.Type != "setup" {
		s.log.Warn("relay message before setup", "type", m.Type)
		s.close(websocket.StatusPolicyViolation, "setup first")
		return true
	}
	switch m.Type {
	case "setup":
		return s.setup(m)
	case "prompt":
		if !m.Last {
			s.wait(0) // the caller is speaking
			return false
		}
		s.stopWaiting()
		return s.take(voicebot.Input{Speech: m.VoicePrompt})
	case "dtmf":
		s.stopWaiting()
		return s.take(voicebot.Input{Digits: m.Digit})
	case "interrupt":
		// The text was said up to here; nothing to take back. The caller
		// speaks, so their words follow, or silence is counted anew.
		s.log.Info("caller interrupted", "call", s.info.ID, "heard", m.Utterance)
		if s.waiting {
			s.wait(0)
		}
	case "error":
		s.log.Warn("relay error from the provider", "call", s.info.ID, "description", m.Description)
	default:
		s.log.Warn("relay message ignored: unknown type", "call", s.info.ID, "type", m.Type)
	}
	return false
}

// setup starts the session: the greeting is being said by the provider;
// what it says in the other language follows.
func (s *session) setup(m relayIn) bool {
	if s.info.ID != "" {
		s.log.Warn("relay setup ignored: the session was set up", "call", s.info.ID)
		return false
	}
	if m.CallSid == "" {
		s.log.Warn("relay setup without a call")
		s.close(websocket.StatusPolicyViolation, "no call")
		return true
	}
	s.info = voicebot.CallInfo{ID: m.CallSid, From: m.From, To: m.To}
	s.lang = param(m, paramLanguage)
	s.log.Info("relay session", "call", m.CallSid, "session", m.SessionID)
	spoken, _ := strconv.Atoi(param(m, paramGreeting))
	if then := param(m, paramThen); then != "" {
		t := relayText{Type: "text", Token: then, Last: true}
		if l := param(m, paramThenLanguage); l != s.lang {
			t.Lang = l
		}
		if s.send(t) != nil {
			return true
		}
		spoken += utf8.RuneCountInString(then)
	}
	s.wait(spoken)
	return false
}

func param(m relayIn, name string) string {
	if v, ok := m.CustomParameters[name]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

// take lets the Bot take the caller's turn, speaks the reply and, when the
// reply hands off or hangs up, ends the session. It reports whether the
// session is over.
func (s *session) take(in voicebot.Input) bool {
	// A caller who hangs up mid-turn does not cut the turn short: its
	// handoff is saved whole.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), relayTurn)
	defer cancel()
	s.spoken = 0
	r, err := s.h.opts.Bot.TurnStreaming(ctx, s.info, in, s.stream)
	if err != nil {
		s.log.Error("relay turn failed", "call", s.info.ID, "err", err)
		return s.end(handoffData{Reason: relayError})
	}
	if s.speak(r) != nil {
		return true
	}
	switch {
	case r.Enqueue != nil:
		data := handoffData{Reason: relayHandoff, Queue: r.Enqueue.Queue}
		if r.Handoff != nil {
			data.Handoff = r.Handoff.ID
		}
		return s.end(data)
	case r.Hangup || r.Leave:
		return s.end(handoffData{Reason: relayHangup})
	}
	s.wait(s.spoken)
	return false
}

// stream speaks answer text as the answer engine writes it.
func (s *session) stream(sp voicebot.Speech) {
	if s.send(relayText{Type: "text", Token: sp.Text + " "}) == nil {
		s.spoken += utf8.RuneCountInString(sp.Text)
	}
}

// speak sends what a reply says and was not streamed, the last text
// marked last, after switching language when the reply speaks another.
func (s *session) speak(r *voicebot.Reply) error {
	var said []voicebot.Speech
	for _, sp := range r.Say {
		if !sp.Streamed {
			said = append(said, sp)
		}
	}
	lang := ""
	if r.Listen != nil {
		lang = r.Listen.Language
	} else if len(said) > 0 {
		lang = said[0].Language
	}
	if lang != "" && lang != s.lang {
		if err := s.send(relaySwitch{Type: "language", TTS: lang, Transcription: lang}); err != nil {
			return err
		}
		s.lang = lang
	}
	if len(said) == 0 {
		return s.send(relayText{Type: "text", Last: true})
	}
	for i, sp := range said {
		t := relayText{Type: "text", Token: sp.Text, Last: i == len(said)-1}
		if !t.Last {
			t.Token += " "
		}
		if sp.Language != "" && sp.Language != s.lang {
			t.Lang = sp.Language
		}
		if err := s.send(t); err != nil {
			return err
		}
		s.spoken += utf8.RuneCountInString(sp.Text)
	}
	return nil
}

// end ends the session with handoff data for the <Connect action>, once
// the last words had the time to be said: the provider may cut off what
// it is still saying when the session ends.
func (s *session) end(data handoffData) bool {
	s.stopWaiting()
	pause := time.NewTimer(s.speaking(s.spoken))
	select {
	case <-pause.C:
	case <-s.ctx.Done():
		pause.Stop()
		return true
	}
	b, err := json.Marshal(data)
	if err != nil {
		// A struct of strings and a number always marshals.
		panic("twiml: " + err.Error())
	}
	s.send(relayEnd{Type: "end", HandoffData: string(b)})
	return true
}

// speaking is how long the voice takes to say n characters.
func (s *session) speaking(n int) time.Duration {
	return min(time.Duration(n)*s.h.opts.RelayPace, maxSpeaking)
}

// wait starts waiting for the caller, who has the time to hear n more
// characters and then RelaySilence to answer.
func (s *session) wait(n int) {
	d := s.speaking(n) + s.h.opts.RelaySilence
	if s.timer == nil {
		s.timer = time.NewTimer(d)
	} else {
		s.timer.Reset(d)
	}
	s.waiting = true
}

func (s *session) stopWaiting() {
	if s.timer != nil {
		s.timer.Stop()
	}
	s.waiting = false
}

// send writes one message; after a failed write the connection is gone and
// nothing more is sent.
func (s *session) send(v any) error {
	if s.broken {
		return errBroken
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.ctx, relayWrite)
	defer cancel()
	if err := s.conn.Write(ctx, websocket.MessageText, b); err != nil {
		s.broken = true
		s.log.Warn("relay write failed", "call", s.info.ID, "err", err)
		return err
	}
	return nil
}

var errBroken = errors.New("the relay connection is gone")

func (s *session) close(code websocket.StatusCode, reason string) {
	s.closed = true
	s.conn.Close(code, reason)
}
