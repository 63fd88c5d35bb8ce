package search

import (
	"io/fs"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/loket/loket/content/demo"
)

// TestASCIITokens checks that asciiTokens cuts text exactly as Bleve's
// unicode tokenizer does: on the demo content and on random text made of
// the characters word boundaries depend on.
func TestASCIITokens(t *testing.T) {
	want := unicode.NewUnicodeTokenizer()
	check := func(s string) {
		t.Helper()
		got, exp := asciiTokens([]byte(s)), want.Tokenize([]byte(s))
		if len(got) == 0 && len(exp) == 0 {
			return
		}
		if !reflect.DeepEqual(tokenList(got), tokenList(exp)) {
			t.Fatalf("%q:\n got %v\nwant %v", s, tokenList(got), tokenList(exp))
		}
	}
	for _, s := range []string{"", "_", "a_b", "1_", "k:a", "1:2", "a.b", "1.2", "a.1", "don't", "12,50.3", "a,b",
		"www.example.nl", "e-mail", "a..b", "a.", ".a", "3.", "x\r\ny", "Tel. 088-1234567, ma-vr 8:00-18:00"} {
		check(s)
	}
	fs.WalkDir(demo.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(demo.FS(), p)
		if err != nil {
			t.Fatal(err)
		}
		if isASCII(b) || plainSeparators(b) {
			check(string(b))
		}
		return nil
	})
	const alphabet = "aZ09_.,;:' -\n\t\"!?(/)@#"
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		check(b.String())
	}
	// Runes outside ASCII: those plainSeparators accepts must cut the same;
	// the others are left to Bleve's tokenizer.
	runes := []rune("aZ09_.,' €–—“”‘’«»×÷✓✔…·•°±§©®™¼½³²é\u00ad\u200b\u200d\u0301\ufe0f😀👍🇳🇱")
	plain := 0
	for range 200000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		if s := b.String(); plainSeparators([]byte(s)) {
			plain++
			check(s)
		}
	}
	if plain < 1000 {
		t.Fatalf("only %d random texts had plain separators only", plain)
	}
}

func tokenList(ts analysis.TokenStream) []analysis.Token {
	out := make([]analysis.Token, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out
}

func BenchmarkTokenize(b *testing.B) {
	text := []byte(strings.Repeat("De monteur komt tussen 8:00 en 12:00 uur; bel 088-1234567 of mail naar klant@example.nl. Kosten: 12,50 euro. ", 40))
	b.Run("bleve", func(b *testing.B) {
		t := unicode.NewUnicodeTokenizer()
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			t.Tokenize(text)
		}
	})
	b.Run("ascii", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			asciiTokens(text)
		}
	})
}

// TestFoldRuns checks that folding only the non-ASCII runs gives what
// Bleve's folding filter gives for the whole text, invalid UTF-8 included.
func TestFoldRuns(t *testing.T) {
	f := asciifolding.New()
	parts := []string{"a", "Z", " ", ".", "é", "ë", "ß", "Æ", "€", "–", "ﬁ", "①", "Ö", "\xff", "\xc3", "😀", "ĳ"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		in := []byte(b.String())
		if got, want := foldRuns(f, in), f.Filter(in); string(got) != string(want) {
			t.Fatalf("foldRuns(%q) = %q, want %q", in, got, want)
		}
	}
}
