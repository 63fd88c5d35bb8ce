package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// asciiTokens cuts plain ASCII text into words exactly as Bleve's unicode
// tokenizer does (Unicode word boundaries, UAX #29), about ten times
// faster: the tokenizer's general state machine was the largest single
// cost of building the index. For ASCII the rules come down to these: a
// word is a run of letters, digits and underscores; a letter followed by
// ":", "." or "'" and another letter continues it ("k:a", "www.x.nl",
// "don't"), as does a digit followed by ",", ";", "." or "'" and another
// digit ("12,50"). A word with a letter is alphanumeric, one with digits
// and no letter numeric. TestASCIITokens compares the two.
//
// Bytes outside ASCII are treated as separators, which is right for the
// runes plainSeparators accepts.
func asciiTokens(input []byte) analysis.TokenStream {
	guess := len(input)/6 + 1 // most words with their space are longer
	tokens := make([]analysis.Token, 0, guess)
	out := make(analysis.TokenStream, 0, guess)
	pos := 1
	for i := 0; i < len(input); {
		c := asciiClass[input[i]]
		if c&classWord == 0 {
			i++
			continue
		}
		start := i
		letter, digit := c == classLetter, c == classDigit
		last := c
		for i++; i < len(input); i++ {
			c := asciiClass[input[i]]
			if c&classWord != 0 {
				letter = letter || c == classLetter
				digit = digit || c == classDigit
				last = c
				continue
			}
			if i+1 < len(input) {
				next := asciiClass[input[i+1]]
				if last == classLetter && c&classMidLetter != 0 && next == classLetter ||
					last == classDigit && c&classMidNum != 0 && next == classDigit {
					i++ // the joining mark; the letter or digit after it comes next
					continue
				}
			}
			break
		}
		if len(tokens) == cap(tokens) {
			// A new block: the tokens already out point into the old one.
			tokens = make([]analysis.Token, 0, max(guess/2, 16))
		}
		typ := analysis.AlphaNumeric
		if digit && !letter {
			typ = analysis.Numeric
		}
		tokens = append(tokens, analysis.Token{Term: input[start:i], Start: start, End: i, Position: pos, Type: typ})
		out = append(out, &tokens[len(tokens)-1])
		pos++
	}
	return out
}

// Classes of ASCII characters for word boundaries.
const (
	classLetter    = 1 << iota // A-Z, a-z
	classDigit                 // 0-9
	classExtend                // "_" (ExtendNumLet)
	classMidLetter             // joins letters: ":" (MidLetter), "." and "'" (MidNumLet)
	classMidNum                // joins digits: "," and ";" (MidNum), "." and "'" (MidNumLet)

	classWord = classLetter | classDigit | classExtend
)

var asciiClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = classLetter, classLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	t['_'] = classExtend
	t[':'] = classMidLetter
	t['.'], t['\''] = classMidLetter|classMidNum, classMidLetter|classMidNum
	t[','], t[';'] = classMidNum, classMidNum
	return t
}()

// plainSeparators reports whether every rune of b outside ASCII is a
// symbol or punctuation mark that word boundaries treat as a plain
// separator: "€", "–", "“", "×", "✓". Text with such runes, common in
// help articles about money, is cut by asciiTokens too; text with letters
// outside ASCII that folding left (ß, Greek), combining marks, format
// characters or the apostrophes and dots that join words ("’", "·") is
// not.
func plainSeparators(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if !isPlainSeparator(r) {
			return false
		}
		i += n
	}
	return true
}

func isPlainSeparator(r rune) bool {
	switch r {
	case utf8.RuneError,
		// MidLetter, MidNum and MidNumLet: they join letters or digits.
		0x00B7, 0x0387, 0x05F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A,
		0x037E, 0x0589, 0x060C, 0x060D, 0x066C, 0x07F8, 0x2044, 0xFE10, 0xFE14, 0xFE50, 0xFE54, 0xFF0C, 0xFF1B,
		0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E:
		return false
	}
	if 0x1F1E6 <= r && r <= 0x1F1FF { // regional indicators pair up
		return false
	}
	return unicode.In(r, unicode.Sc, unicode.Sm, unicode.So, unicode.Pd, unicode.Ps, unicode.Pe, unicode.Pi, unicode.Pf, unicode.Po)
}
