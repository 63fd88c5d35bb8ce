package voicebot

import (
	"strings"
	"testing"

	"github.com/loket/loket"
)

func TestSpeakable(t *testing.T) {
	for in, want := range map[string]string{
		"Bel **088 123 45 67** [1].":                                   "Bel 088 123 45 67.",
		"Zie [de storingskaart](https://x.example/kaart) of www.x.nl.": "Zie de storingskaart of",
		"# Kop\n\nTekst  met\n\nwit.":                                  "Kop Tekst met wit.",
		strings.Repeat("Een zin van zes woorden hier. ", 30):           strings.TrimSpace(strings.Repeat("Een zin van zes woorden hier. ", 11)),
		strings.Repeat("woord ", 100):                                  strings.TrimSpace(strings.Repeat("woord ", 58)) + ".",
	} {
		if got := speakable(in, maxSpoken); got != want {
			t.Errorf("speakable(%.40q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchChoice(t *testing.T) {
	choices := []loket.Choice{{Label: "Ja, er staat een storing op de kaart"}, {Label: "Nee, of ik weet het niet"}}
	colours := []loket.Choice{{Label: "Groen, maar toch geen internet"}, {Label: "Rood of groen knipperend"}, {Label: "Uit"}}
	for _, tc := range []struct {
		said    string
		choices []loket.Choice
		want    int
	}{
		{"ja", choices, 0}, {"Nee.", choices, 1}, {"nee hoor", choices, 1}, {"de tweede", choices, 1},
		{"ik weet het niet", choices, 1}, {"uit", colours, 2}, {"Het lampje is uit.", colours, 2},
		{"rood knipperend", colours, 1}, {"groen", colours, -1}, {"paars", colours, -1}, {"", colours, -1},
	} {
		if got := matchChoice(tc.said, tc.choices); got != tc.want {
			t.Errorf("matchChoice(%q) = %d, want %d", tc.said, got, tc.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for n, want := range map[string][2]bool{
		"+31612345678": {true, true}, "+31201234567": {true, false}, "+32470123456": {true, true},
		"+3221234567": {true, false}, "+447700900123": {true, true}, "+266696687": {false, false},
		"anonymous": {false, false}, "": {false, false}, "0612345678": {false, false}, "client:agent": {false, false},
	} {
		if got := [2]bool{knownNumber(n), mobileNumber(n)}; got != want {
			t.Errorf("%q: known, mobile = %v, want %v", n, got, want)
		}
	}
}

func TestLanguageNamed(t *testing.T) {
	for s, want := range map[string]string{"English please": "en", "Nederlands": "nl", "in het Engels graag": "en",
		"ik spreek geen Nederlands maar wel Engels en wil verhuizen": "", "verhuizen": ""} {
		if got := languageNamed(s); got != want {
			t.Errorf("languageNamed(%q) = %q, want %q", s, got, want)
		}
	}
}
