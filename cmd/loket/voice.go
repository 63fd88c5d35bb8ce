package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/voicebot"
	"github.com/loket/loket/voicebot/twiml"
)

// voiceFlags configure the voicebot.
type voiceFlags struct {
	authToken  string
	telnyxKey  string
	accountSID string
	apiURL     string
	lines      string
	voices     string
	queue      string
	closed     bool
	holdURL    string
	// The low-latency mode's timing (ConversationRelay).
	relaySilence time.Duration
	relayPace    time.Duration
}

func (f *voiceFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&f.authToken, "twilio-auth-token", e.envOr("LOKET_TWILIO_AUTH_TOKEN", ""), "auth token of the telephony account, which signs its webhooks; the voicebot is off without it (env LOKET_TWILIO_AUTH_TOKEN)")
	fs.StringVar(&f.telnyxKey, "telnyx-public-key", e.envOr("LOKET_TELNYX_PUBLIC_KEY", ""), "Telnyx account's public key (base64), to accept its Ed25519-signed webhooks (env LOKET_TELNYX_PUBLIC_KEY)")
	fs.StringVar(&f.accountSID, "twilio-account-sid", e.envOr("LOKET_TWILIO_ACCOUNT_SID", ""), "account id, to send callers links by text message; none are sent without it (env LOKET_TWILIO_ACCOUNT_SID)")
	fs.StringVar(&f.apiURL, "twilio-api-url", e.envOr("LOKET_TWILIO_API_URL", "https://api.twilio.com"), "REST API address for text messages (env LOKET_TWILIO_API_URL)")
	fs.StringVar(&f.lines, "voice-lines", e.envOr("LOKET_VOICE_LINES", ""), "the numbers callers dial and their language, NUMBER=LANGUAGE[/VOICE],... e.g. +31881234567=nl-NL,+3222345678=nl-BE (env LOKET_VOICE_LINES)")
	fs.StringVar(&f.voices, "voice-voices", e.envOr("LOKET_VOICE_VOICES", ""), "text-to-speech voice per language, LANGUAGE=VOICE,... e.g. nl-NL=Polly.Ruben (env LOKET_VOICE_VOICES)")
	fs.StringVar(&f.queue, "voice-queue", e.envOr("LOKET_VOICE_QUEUE", "loket"), "prefix of the provider's queue names: PREFIX-nl, PREFIX-nl-priority (env LOKET_VOICE_QUEUE)")
	fs.BoolVar(&f.closed, "voice-queue-closed", envBool(e, "LOKET_VOICE_QUEUE_CLOSED"), "offer callbacks instead of the queue, as outside opening hours (env LOKET_VOICE_QUEUE_CLOSED)")
	fs.StringVar(&f.holdURL, "voice-hold-url", e.envOr("LOKET_VOICE_HOLD_URL", ""), "hold audio for the queue; Loket's own when empty (env LOKET_VOICE_HOLD_URL)")
	fs.DurationVar(&f.relaySilence, "voice-relay-silence", envDuration(e, "LOKET_VOICE_RELAY_SILENCE", twiml.DefaultRelaySilence), "low-latency mode: how long the caller may stay silent after the answer has been spoken before it counts as silence (env LOKET_VOICE_RELAY_SILENCE)")
	fs.DurationVar(&f.relayPace, "voice-relay-pace", envDuration(e, "LOKET_VOICE_RELAY_PACE", twiml.DefaultRelayPace), "low-latency mode: how long the voice takes to say one character, to know when it has finished speaking (env LOKET_VOICE_RELAY_PACE)")
}

func envBool(e *env, key string) bool {
	switch strings.ToLower(e.getenv(key)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// parseLines reads NUMBER=LANGUAGE[/VOICE] pairs.
func parseLines(s string) (map[string]voicebot.Line, error) {
	lines := map[string]voicebot.Line{}
	for _, item := range splitList(s) {
		number, spec, ok := strings.Cut(item, "=")
		lang, voice, _ := strings.Cut(spec, "/")
		number, lang = strings.TrimSpace(number), strings.TrimSpace(lang)
		if !ok || !strings.HasPrefix(number, "+") || len(number) < 8 {
			return nil, fmt.Errorf("--voice-lines: %q is not NUMBER=LANGUAGE, with the number as +31881234567", item)
		}
		l, err := loket.ParseLocale(lang)
		if err != nil || !strings.Contains(string(l), "-") {
			return nil, fmt.Errorf("--voice-lines: %q: the language must be a tag with a region such as nl-NL or nl-BE", item)
		}
		lines[number] = voicebot.Line{Language: string(l), Voice: strings.TrimSpace(voice)}
	}
	return lines, nil
}

// parsePairs reads KEY=VALUE pairs.
func parsePairs(flagName, s string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range splitList(s) {
		k, v, ok := strings.Cut(item, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("--%s: %q is not KEY=VALUE", flagName, item)
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out, nil
}

// registerVoice adds the voicebot's webhooks when an auth token is set.
func (s *server) registerVoice(r gin.IRouter, cfg *serveConfig) error {
	f := &cfg.voice
	lines, err := parseLines(f.lines)
	if err != nil {
		return err
	}
	voices, err := parsePairs("voice-voices", f.voices)
	if err != nil {
		return err
	}
	if f.authToken == "" && f.telnyxKey == "" {
		s.logger.Info("voicebot off: set LOKET_TWILIO_AUTH_TOKEN (or LOKET_TELNYX_PUBLIC_KEY) to answer calls")
		return nil
	}
	if cfg.publicURL == "" {
		return fmt.Errorf("the voicebot needs --public-url (LOKET_PUBLIC_URL): webhook signatures are made over the public address")
	}
	opts := voicebot.Options{
		Library: s.kb.Library(loket.AudiencePublic), Answerer: s.engine, Calls: s.db, Handoffs: s.db, Events: s.db, Links: s.db,
		PublicURL: cfg.publicURL, Lines: lines, Queue: f.queue, QueueClosed: f.closed, Threshold: cfg.llm.threshold, Logger: s.logger,
		Now: cfg.now,
	}
	if f.accountSID != "" && f.authToken != "" {
		opts.Texts = &twiml.Texter{BaseURL: f.apiURL, AccountSID: f.accountSID, AuthToken: f.authToken}
	}
	bot, err := voicebot.New(opts)
	if err != nil {
		return err
	}
	twiml.New(twiml.Options{Bot: bot, AuthToken: f.authToken, TelnyxPublicKey: f.telnyxKey, PublicURL: cfg.publicURL, Voices: voices, HoldURL: f.holdURL,
		RelaySilence: f.relaySilence, RelayPace: f.relayPace, Logger: s.logger}).Register(r)
	s.logger.Info("voicebot on", "incoming", strings.TrimRight(cfg.publicURL, "/")+twiml.Prefix+"/incoming", "lines", len(lines), "texts", opts.Texts != nil)
	return nil
}
