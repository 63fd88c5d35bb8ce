package main

import (
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/voicebot/twiml"
)

func TestParseLines(t *testing.T) {
	lines, err := parseLines("+31881234567=nl-NL, +3222345678=nl-be/Polly.Lisa-Neural")
	if err != nil || lines["+31881234567"].Language != "nl-NL" || lines["+3222345678"].Language != "nl-BE" || lines["+3222345678"].Voice != "Polly.Lisa-Neural" {
		t.Errorf("lines %v, %v", lines, err)
	}
	for _, bad := range []string{"0881234567=nl-NL", "+31881234567", "+31881234567=nl", "+31881234567=xx-NL"} {
		if _, err := parseLines(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := parsePairs("voice-voices", "nl-NL"); err == nil {
		t.Error("a voice without a language accepted")
	}
}

// The server answers signed calls when it has an auth token, refuses
// unsigned ones, and puts a caller who asks for a person in the queue (or,
// outside opening hours, on the callback list).
func TestServeVoice(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := &serveConfig{data: t.TempDir(), content: contentFlags{defaultLocale: "nl"}, publicURL: base,
		voice: voiceFlags{authToken: "tok", lines: "+31881234567=nl-NL", queue: "helder"}}
	srv, err := newServer(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.handler}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); srv.close() })

	post := func(path string, f url.Values, sign bool) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sign {
			req.Header.Set("X-Twilio-Signature", twiml.Sign("tok", base+path, f))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	call := url.Values{"CallSid": {"CA0001"}, "From": {"+31201234567"}, "To": {"+31881234567"}}
	if code, _ := post("/voice/twilio/incoming", call, false); code != http.StatusForbidden {
		t.Errorf("unsigned call: %d", code)
	}
	code, body := post("/voice/twilio/incoming", call, true)
	if code != 200 || !strings.Contains(body, "Welkom bij Helder") || !strings.Contains(body, `language="nl-NL"`) {
		t.Fatalf("incoming: %d %s", code, body)
	}
	turn := url.Values{"Digits": {"0"}}
	for k, v := range call {
		turn[k] = v
	}
	_, body = post("/voice/twilio/turn", turn, true)
	if !strings.Contains(body, "<Enqueue") {
		// Outside opening hours: ask to be called back.
		turn.Set("Digits", "1")
		_, body = post("/voice/twilio/turn", turn, true)
		if !strings.Contains(body, "<Hangup") {
			t.Fatalf("callback: %s", body)
		}
	} else if !strings.Contains(body, ">helder-nl</Enqueue>") {
		t.Errorf("queue: %s", body)
	}
	hs2, err := srv.db.FindHandoffs(context.Background(), loket.HandoffFilter{Channel: loket.ChannelVoice, External: "CA0001"})
	if err != nil || len(hs2) != 1 || hs2[0].Contact.Phone != "+31201234567" {
		t.Fatalf("handoff %v, %v", hs2, err)
	}
	if code, _ := get(t, base+"/voice/twilio/hold.wav", nil); code != 200 {
		t.Errorf("hold audio: %d", code)
	}
}

// Without an auth token the voice webhooks do not exist.
func TestServeVoiceOff(t *testing.T) {
	ts := newTestServer(t, "")
	resp, err := http.Post(ts.URL+"/voice/twilio/incoming", "application/x-www-form-urlencoded", strings.NewReader("CallSid=CA1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("voice webhook without a token: %d", resp.StatusCode)
	}
}

// TestVoiceRelayFlags: the low-latency mode's timing comes from flags or
// the environment, with the voicebot's defaults.
func TestVoiceRelayFlags(t *testing.T) {
	for _, tc := range []struct {
		environ       map[string]string
		args          []string
		silence, pace time.Duration
	}{
		{nil, nil, twiml.DefaultRelaySilence, twiml.DefaultRelayPace},
		{map[string]string{"LOKET_VOICE_RELAY_SILENCE": "5s", "LOKET_VOICE_RELAY_PACE": "90ms"}, nil, 5 * time.Second, 90 * time.Millisecond},
		{map[string]string{"LOKET_VOICE_RELAY_SILENCE": "5s"}, []string{"--voice-relay-silence", "12s"}, 12 * time.Second, twiml.DefaultRelayPace},
	} {
		e := &env{getenv: func(k string) string { return tc.environ[k] }}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		var f voiceFlags
		f.register(fs, e)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if f.relaySilence != tc.silence || f.relayPace != tc.pace {
			t.Errorf("%v %v: silence %v, pace %v; want %v, %v", tc.environ, tc.args, f.relaySilence, f.relayPace, tc.silence, tc.pace)
		}
	}
}
