package content

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCollapseSpace compares collapseSpace with strings.Fields and Join.
func TestCollapseSpace(t *testing.T) {
	parts := []string{"a", "Zo", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "é", "€", "\v"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
