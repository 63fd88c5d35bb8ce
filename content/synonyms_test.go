package content_test

import (
	"reflect"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

func TestSynonyms(t *testing.T) {
	tests := []struct {
		name, src string
		want      []content.SynonymGroup
		warnings  map[int]string // line → message part; one warning per line
	}{
		{"equal", "wachtwoord, paswoord, Password\n", []content.SynonymGroup{{Synonyms: []string{"wachtwoord", "paswoord", "password"}}}, nil},
		{"one way", "wifi => draadloos, wlan\n", []content.SynonymGroup{{Input: []string{"wifi"}, Synonyms: []string{"draadloos", "wlan"}}}, nil},
		{"several inputs", "tv, televisie => zender\n", []content.SynonymGroup{{Input: []string{"tv", "televisie"}, Synonyms: []string{"zender"}}}, nil},
		{"comments and blank lines", "# equal words\n\n  storing, uitval # trailing comment\n#wifi => draadloos\n", []content.SynonymGroup{{Synonyms: []string{"storing", "uitval"}}}, nil},
		{"windows line endings", "storing, uitval\r\nwifi => wlan\r\n", []content.SynonymGroup{{Synonyms: []string{"storing", "uitval"}}, {Input: []string{"wifi"}, Synonyms: []string{"wlan"}}}, nil},
		{"multi-word entry", "storing, geen internet, uitval\n", []content.SynonymGroup{{Synonyms: []string{"storing", "uitval"}}},
			map[int]string{1: `"geen internet" has more than one word`}},
		{"multi-word leaves one word", "\nstoring, geen internet\n", nil, map[int]string{2: `"geen internet" has more than one word`}},
		{"multi-word one way", "geen wifi => storing\n", nil, map[int]string{1: `"geen wifi" has more than one word`}},
		{"single word", "storing\n", nil, map[int]string{1: "this line has no synonyms to use"}},
		{"one way without right side", "wifi =>\n", nil, map[int]string{1: "this line has no synonyms to use"}},
		{"only commas", ", ,\n", nil, map[int]string{1: "this line has no synonyms to use"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{
				"synonyms/nl.txt": tt.src,
				"nl/a.md":         doc("title: A", "Body.\n"),
			}), content.Options{})
			if got := s.Synonyms("nl"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Synonyms = %#v; want %#v", got, tt.want)
			}
			ds := diagsFor(s, "synonyms/nl.txt")
			if len(ds) != len(tt.warnings) {
				t.Errorf("want %d diagnostics:\n%s", len(tt.warnings), diagList(ds))
			}
			for line, msg := range tt.warnings {
				findDiag(t, s, content.SeverityWarning, "synonyms/nl.txt", line, msg)
			}
		})
	}
}

func TestSynonymsPerLocale(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"synonyms/nl.txt":     "wachtwoord, paswoord\n",
		"synonyms/en.txt":     "password, passcode\n",
		"synonyms/nl-BE.txt":  "gsm, mobiel\n",
		"synonyms/dutch.txt":  "a, b\n",
		"synonyms/README.md":  doc("title: Over synoniemen", ""),
		"synonyms/notes.text": "ignored",
		"nl/a.md":             doc("title: A", "Body.\n"),
	}), content.Options{})
	for locale, first := range map[string]string{"nl": "wachtwoord", "en": "password", "nl-BE": "gsm"} {
		if g := s.Synonyms(loket.Locale(locale)); len(g) != 1 || g[0].Synonyms[0] != first {
			t.Errorf("Synonyms(%s) = %v", locale, g)
		}
	}
	findDiag(t, s, content.SeverityError, "synonyms/dutch.txt", 0, "a synonyms file is named after its locale")
}
