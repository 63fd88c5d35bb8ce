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
