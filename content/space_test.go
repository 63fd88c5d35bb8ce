package content

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
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

// TestLoadProgress: a load of many files reports its progress, ending at
// all of them.
func TestLoadProgress(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 200 {
		fsys[fmt.Sprintf("nl/a%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Artikel %d\n---\n\nTekst.\n", i))}
	}
	var calls, last, total int
	_, err := Load(fsys, Options{Progress: func(done, n int) {
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		calls, last, total = calls+1, done, n
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != 200 || total != 200 {
		t.Fatalf("%d calls, last %d of %d; want the last at 200 of 200", calls, last, total)
	}
}
