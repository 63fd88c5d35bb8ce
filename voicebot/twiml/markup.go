package twiml

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/loket/loket/voicebot"
)

// The TwiML verbs Loket writes. encoding/xml escapes every text and
// attribute, so nothing a caller or editor wrote can change the markup.
type (
	response struct {
		XMLName xml.Name `xml:"Response"`
		Verbs   []any
	}
	say struct {
		XMLName  xml.Name `xml:"Say"`
		Language string   `xml:"language,attr,omitempty"`
		Voice    string   `xml:"voice,attr,omitempty"`
		Text     string   `xml:",chardata"`
	}
	play struct {
		XMLName xml.Name `xml:"Play"`
		Loop    int      `xml:"loop,attr,omitempty"`
		URL     string   `xml:",chardata"`
	}
	gather struct {
		XMLName             xml.Name `xml:"Gather"`
		Input               string   `xml:"input,attr"`
		Action              string   `xml:"action,attr"`
		Method              string   `xml:"method,attr"`
		Language            string   `xml:"language,attr,omitempty"`
		Hints               string   `xml:"hints,attr,omitempty"`
		Timeout             int      `xml:"timeout,attr,omitempty"`
		SpeechTimeout       string   `xml:"speechTimeout,attr,omitempty"`
		NumDigits           int      `xml:"numDigits,attr,omitempty"`
		ActionOnEmptyResult bool     `xml:"actionOnEmptyResult,attr,omitempty"`
		Verbs               []any
	}
	enqueue struct {
		XMLName       xml.Name `xml:"Enqueue"`
		Action        string   `xml:"action,attr"`
		Method        string   `xml:"method,attr"`
		WaitURL       string   `xml:"waitUrl,attr"`
		WaitURLMethod string   `xml:"waitUrlMethod,attr"`
		Name          string   `xml:",chardata"`
	}
	leave struct {
		XMLName xml.Name `xml:"Leave"`
	}
	hangup struct {
		XMLName xml.Name `xml:"Hangup"`
	}
)

// maxHints is the most hints Twilio takes in one <Gather>.
const maxHints = 500

// render writes a Reply as TwiML. action is where the <Gather> posts: the
// turn webhook, or wait-choice for a caller in the queue.
func (h *Handler) render(r *voicebot.Reply, action string) []byte {
	var said []any
	for _, s := range r.Say {
		if s.Streamed {
			continue
		}
		voice := s.Voice
		if voice == "" {
			voice = h.voice(s.Language)
		}
		said = append(said, say{Language: s.Language, Voice: voice, Text: s.Text})
	}
	if r.Hold {
		said = append(said, play{URL: h.holdURL()})
	}
	var verbs []any
	switch {
	case r.Listen != nil:
		var input []string
		if r.Listen.Speech {
			input = append(input, "speech")
		}
		if r.Listen.Keys {
			input = append(input, "dtmf")
		}
		g := gather{Input: strings.Join(input, " "), Action: action, Method: "POST", NumDigits: r.Listen.Digits,
			Timeout: max(1, int(r.Listen.Timeout.Round(time.Second)/time.Second)), Verbs: said}
		if r.Listen.Speech {
			g.Language, g.SpeechTimeout, g.ActionOnEmptyResult = r.Listen.Language, "auto", true
			hints := r.Listen.Hints
			if len(hints) > maxHints {
				hints = hints[:maxHints]
			}
			g.Hints = strings.Join(hints, ", ")
		}
		verbs = append(verbs, g)
	default:
		verbs = append(verbs, said...)
	}
	switch {
	case r.Enqueue != nil:
		verbs = append(verbs, enqueue{Action: h.path("queue"), Method: "POST", WaitURL: h.path("wait"), WaitURLMethod: "POST", Name: r.Enqueue.Queue})
	case r.Leave:
		verbs = append(verbs, leave{})
	case r.Hangup:
		verbs = append(verbs, hangup{})
	}
	return marshal(response{Verbs: verbs})
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		// Only unsupported types fail to encode, and every verb is one of
		// the structs above.
		panic("twiml: " + err.Error())
	}
	return buf.Bytes()
}

// voice is the default voice for a speech language: a neural Amazon Polly
// voice as Twilio names it. Operators choose others with Options.Voices.
func (h *Handler) voice(language string) string {
	if v, ok := h.opts.Voices[language]; ok {
		return v
	}
	return defaultVoices[language]
}

var defaultVoices = map[string]string{
	"nl-NL": "Polly.Laura-Neural",
	"nl-BE": "Polly.Lisa-Neural",
	"en-GB": "Polly.Amy-Neural",
	"en-US": "Polly.Joanna-Neural",
	"en-IE": "Polly.Niamh-Neural",
	"de-DE": "Polly.Vicki-Neural",
	"fr-FR": "Polly.Lea-Neural",
	"fr-BE": "Polly.Isabelle-Neural",
}

func seconds(s string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
