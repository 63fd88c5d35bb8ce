package search

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	snippetLength  = 220      // characters of text around the matches
	snippetScan    = 16 << 10 // bytes of a long text looked at
	highlightMaxDF = 0.6      // terms in more documents than this share ("de", "the") are never marked
)

// snippet returns the part of the document's text with the most distinct
// query terms, escaped, with the matching words in <mark>. Without matches
// in the text it returns its beginning. m is nil when the query has no
// terms in the document's language.
func snippet(e *entry, m *marker) template.HTML {
	text := e.text
	if len(text) > snippetScan {
		text = text[:snippetScan]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	var marks [][2]int
	if m != nil {
		marks = m.matches(text)
	}
	start, end := window(text, marks, snippetLength)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for _, m := range marks {
		if m[0] < start || m[1] > end {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:m[0]]))
		b.WriteString("<mark>" + template.HTMLEscapeString(text[m[0]:m[1]]) + "</mark>")
		pos = m[1]
	}
	b.WriteString(template.HTMLEscapeString(text[pos:end]))
	if end < len(e.text) {
		b.WriteString(" …")
	}
	return template.HTML(joinLines(b.String()))
}

// joinLines collapses the white space of a snippet to single spaces. Where
// a line ended without punctuation (a heading, a list item, a table row)
// it puts " · " instead, so that "Wachtwoord vergeten" and the sentence
// that follows it do not read as one.
func joinLines(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	space, newline := false, false // in a run of white space; it held a line break
	var last rune                  // the last character written
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			newline = newline || r == '\n'
			continue
		}
		if space && b.Len() > 0 {
			if newline && !strings.ContainsRune(".!?:;…,", last) {
				b.WriteString(" · ")
			} else {
				b.WriteByte(' ')
			}
		}
		space, newline = false, false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// marker finds the words of texts whose term stands for a query word,
// leaving out very common terms. Analysing a whole article for every hit
// would cost more than the search itself, so only words that start like
// one of the wanted terms are analysed, each once per search.
type marker struct {
	a        *analyzer
	want     map[string]bool     // terms
	prefixes map[string]bool     // their first letters
	first    [utf8.RuneSelf]bool // the first bytes of the prefixes, for a quick no
	seen     map[string]bool     // written words analysed: whether they are wanted
}

// newMarker returns the marker of a query in one language, or nil when no
// query word is to be marked.
func newMarker(a *analyzer, pq *parsedQuery, coll *collection) *marker {
	if pq == nil {
		return nil
	}
	m := &marker{a: a, want: map[string]bool{}, prefixes: map[string]bool{}, seen: map[string]bool{}}
	limit := markLimit(pq, coll)
	for _, s := range pq.slots {
		for _, a := range s.alts {
			if coll == nil || coll.docs < 20 || coll.share(a.id) <= limit {
				m.want[a.term] = true
				m.prefixes[prefix(a.term)] = true
				if c := a.term[0]; c < utf8.RuneSelf {
					m.first[c] = true
				}
			}
		}
	}
	return m
}

// matches returns the byte ranges in text of the words to mark.
func (m *marker) matches(text string) [][2]int {
	if len(m.want) == 0 {
		return nil
	}
	var out [][2]int
	var buf [3 * utf8.UTFMax]byte
	for start := 0; start < len(text); {
		n := wordRuneLen(text[start:])
		if n <= 0 {
			start += max(-n, 1)
			continue
		}
		end := start + n
		for end < len(text) {
			if c := text[end]; c < utf8.RuneSelf {
				if asciiClass[c]&(classLetter|classDigit) == 0 {
					break
				}
				end++
				continue
			}
			n := wordRuneLen(text[end:])
			if n <= 0 {
				break
			}
			end += n
		}
		word := text[start:end]
		if c := word[0]; c < utf8.RuneSelf && !m.first[c|0x20] && !m.first[c] {
			start = end
			continue // no wanted term starts with this letter or digit
		}
		if m.prefixes[string(lowerPrefix(word, buf[:0]))] && m.wanted(word) {
			out = append(out, [2]int{start, end})
		}
		start = end
	}
	return out
}

// wordRuneLen returns the length of the rune s starts with when it is a
// letter or digit, or minus its length when not.
func wordRuneLen(s string) int {
	if c := s[0]; c < utf8.RuneSelf {
		if asciiClass[c]&(classLetter|classDigit) != 0 {
			return 1
		}
		return -1
	}
	r, n := utf8.DecodeRuneInString(s)
	if isWordRune(r) {
		return n
	}
	return -n
}

// wanted reports whether a written word analyses to a wanted term.
func (m *marker) wanted(word string) bool {
	if w, ok := m.seen[word]; ok {
		return w
	}
	w := false
	for _, tok := range m.a.Analyze([]byte(word)) {
		if m.want[string(tok.Term)] {
			w = true
			break
		}
	}
	m.seen[word] = w
	return w
}

// lowerPrefix returns the first three letters of a word, folded and in
// lower case, as prefix would of its analysed form; it appends to buf to
// spare an allocation for plain ASCII words.
func lowerPrefix(word string, buf []byte) []byte {
	for i := 0; i < len(word) && len(buf) < 3; i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			return []byte(prefix(strings.ToLower(string(fold(word)))))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// prefix returns the first three letters of a word: a stemmer may change a
// word's ending, rarely its beginning.
func prefix(s string) string {
	n := 0
	for i := range s {
		if n == 3 {
			return s[:i]
		}
		n++
	}
	return s
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// share is the share of the documents that contain a term.
func (c *collection) share(id uint32) float64 {
	return float64(c.anyDF(id)) / float64(max(c.docs, 1))
}

// markLimit is the document share up to which a query's words are marked:
// words about as specific as its most specific word, so that in "ik ben
// mijn wachtwoord vergeten" the snippet marks "wachtwoord" and "vergeten",
// not "ben". Very common words are never marked.
func markLimit(pq *parsedQuery, coll *collection) float64 {
	if coll == nil {
		return highlightMaxDF
	}
	rarest := 1.0
	for _, s := range pq.slots {
		for _, a := range s.alts {
			rarest = min(rarest, coll.share(a.id))
		}
	}
	return min(highlightMaxDF, max(0.25, 3*rarest))
}

// window chooses about n characters of text: around the stretch with the
// most matches, or the beginning. It starts and ends at word boundaries.
func window(text string, marks [][2]int, n int) (int, int) {
	if len(text) <= n {
		return 0, len(text)
	}
	start := 0
	if len(marks) > 0 {
		best, bestCount := 0, 0
		for i := range marks {
			count := 0
			for j := i; j < len(marks) && marks[j][1]-marks[i][0] <= n; j++ {
				count++
			}
			if count > bestCount {
				best, bestCount = i, count
			}
		}
		start = max(0, marks[best][0]-n/4)
	}
	end := min(len(text), start+n)
	for start > 0 && start < len(text) && !isBoundary(text, start) {
		start++
	}
	// Begin at the next word, not at the punctuation that ends a sentence
	// ("… . Steek de stekker").
	for start > 0 && start < len(text) && isBoundary(text, start) {
		_, n := utf8.DecodeRuneInString(text[start:])
		start += n
	}
	end = max(end, start)
	for end < len(text) && !isBoundary(text, end) {
		end++
	}
	return start, end
}

func isBoundary(text string, i int) bool {
	if !utf8.RuneStart(text[i]) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}
