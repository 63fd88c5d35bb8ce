package search

import (
	"strings"
	"testing"
)

// TestWindowStartsAtAWord checks that a snippet cut from the middle of a
// text starts with a word, not with the end of the sentence before it.
func TestWindowStartsAtAWord(t *testing.T) {
	text := strings.Repeat("Zet de modem uit. ", 20) + "Steek de stekker er weer in en wacht twee minuten."
	at := strings.Index(text, "stekker")
	start, end := window(text, [][2]int{{at, at + len("stekker")}}, 60)
	got := text[start:end]
	if got == "" || isBoundary(got, 0) {
		t.Fatalf("window %q starts with a space or punctuation", got)
	}
	if !strings.Contains(got, "stekker") {
		t.Fatalf("window %q lacks the match", got)
	}
}

// TestJoinLines checks that lines ending without punctuation are kept
// apart in a snippet, and that white space is collapsed.
func TestJoinLines(t *testing.T) {
	for in, want := range map[string]string{
		"Wachtwoord vergeten\nVul je  e-mailadres in.\nKlik op de link": "Wachtwoord vergeten · Vul je e-mailadres in. Klik op de link",
		"… de <mark>modem</mark>\n\nStap 2: wacht":                      "… de <mark>modem</mark> · Stap 2: wacht",
		"Kosten:\n€ 12,50 per maand":                                    "Kosten: € 12,50 per maand",
		"  één regel  ":                                                 "één regel",
	} {
		if got := joinLines(in); got != want {
			t.Errorf("joinLines(%q) = %q, want %q", in, got, want)
		}
	}
}
