package assistant

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/loket/loket"
)

// A generated answer is shown only when it is grounded: it cites at least
// one passage, cites no passage it was not given, is in the customer's
// language, and does not repeat the instructions. Anything else is replaced
// by the extractive answer.

// mentionsPassages matches an answer that shows or discusses the material
// it was given rather than answering from it.
var mentionsPassages = regexp.MustCompile(`(?i)\bpassages?\b`)

var citeMarker = regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)

// citations returns the passage numbers cited in text, in order of first
// citation, and whether all of them are between 1 and n.
func citations(text string, n int) ([]int, bool) {
	var out []int
	seen := map[int]bool{}
	ok := true
	for _, m := range citeMarker.FindAllStringSubmatch(text, -1) {
		for _, part := range strings.Split(m[1], ",") {
			k, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || k < 1 || k > n {
				ok = false
				continue
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out, ok
}

// evidence is what a generated answer may rest on: the passages it was
// given, in the customer's locale.
type evidence struct {
	passages []loket.Passage
	locale   loket.Locale
}

// problem says what is wrong with (part of) a generated answer, or "".
// final checks the whole answer, which must cite something and be
// supported by the passages it cites.
func (ev *evidence) problem(text string, final bool) string {
	if why := problem(text, len(ev.passages), ev.locale, final); why != "" {
		return why
	}
	if n := unsupportedNumber(text, ev); n != "" {
		return "the answer states " + n + ", which no passage says"
	}
	if final && support(text, ev.passages) < minSupport {
		return "too little of the answer comes from the passages it cites"
	}
	return ""
}

// problem checks a text against n passages, for citations, leaks and
// language.
func problem(text string, n int, locale loket.Locale, final bool) string {
	if strings.Contains(text, noAnswer) {
		return "the model found no answer"
	}
	for _, leak := range promptLeaks {
		if strings.Contains(strings.ToLower(text), strings.ToLower(leak)) {
			return "the answer repeats the instructions"
		}
	}
	if mentionsPassages.MatchString(text) {
		return "the answer talks about its passages"
	}
	cited, ok := citations(text, n)
	switch {
	case !ok:
		return "the answer cites a passage it was not given"
	case final && len(cited) == 0:
		return "the answer cites nothing"
	case wrongLanguage(text, locale):
		return "the answer is not in the customer's language"
	}
	return ""
}

// renumber rewrites the citations of text in order of first citation, so
// that an answer citing [3] and [1] reads [1] and [2], and returns the
// passages in that order.
func renumber(text string, passages []loket.Passage) (string, []loket.Passage) {
	order, _ := citations(text, len(passages))
	newNum := map[int]int{}
	var cited []loket.Passage
	for i, k := range order {
		newNum[k] = i + 1
		cited = append(cited, passages[k-1])
	}
	out := citeMarker.ReplaceAllStringFunc(text, func(m string) string {
		var parts []string
		for _, p := range strings.Split(strings.Trim(m, "[]"), ",") {
			k, _ := strconv.Atoi(strings.TrimSpace(p))
			parts = append(parts, "["+strconv.Itoa(newNum[k])+"]")
		}
		return strings.Join(parts, "")
	})
	return out, cited
}

// Stop words that tell Dutch and English apart; words both languages use
// ("in", "is", "was") are left out.
var stopWords = map[string]map[string]bool{
	"nl": set("de het een en van je jij jouw u uw dat die deze op te voor met niet zijn er wordt worden bij naar ook als kun kunt kan we wij ons onze dan maar nog wel geen hoe wat waar wanneer om tot na uit over"),
	"en": set("the a an and of you your that this these on to for with not are be there will would at can could we our us then but still no how what where when about from by it its have has"),
	// German, so that an answer in it is caught too; words Dutch shares are left out.
	"de": set("der das und ist nicht mit für auf ein eine von den dem des sie ich du ihr sich auch wird werden können zum zur bei oder aber wenn ihre ihren"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// wrongLanguage reports whether text is clearly in another of the known
// languages than the locale's. Short texts and unknown languages pass.
func wrongLanguage(text string, locale loket.Locale) bool {
	want := locale.Language()
	if stopWords[want] == nil {
		return false
	}
	counts := map[string]int{}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(words) < 8 {
		return false
	}
	for _, w := range words {
		for lang, sw := range stopWords {
			if sw[w] {
				counts[lang]++
			}
		}
	}
	for lang, n := range counts {
		if lang != want && n >= 3 && n > 2*counts[want] {
			return true
		}
	}
	return false
}

// sentenceStream passes a generated answer on sentence by sentence, each
// checked before it is shown; after the first bad sentence it shows
// nothing more, and the caller replaces the answer.
type sentenceStream struct {
	emit   func(string)
	ev     *evidence
	buf    strings.Builder
	shown  strings.Builder
	broken bool
}

func (s *sentenceStream) write(tok string) {
	if s.broken {
		return
	}
	s.buf.WriteString(tok)
	text := s.buf.String()
	end := lastSentenceEnd(text)
	if end < 0 {
		return
	}
	s.buf.Reset()
	s.buf.WriteString(text[end:])
	s.pass(text[:end])
}

// flush shows what is left at the end of the answer.
func (s *sentenceStream) flush() {
	if !s.broken && s.buf.Len() > 0 {
		s.pass(s.buf.String())
		s.buf.Reset()
	}
}

func (s *sentenceStream) pass(part string) {
	candidate := s.shown.String() + part
	if s.ev.problem(candidate, false) != "" {
		s.broken = true
		return
	}
	s.shown.WriteString(part)
	if s.emit != nil {
		s.emit(part)
	}
}

// lastSentenceEnd returns the offset just after the last sentence end in
// text (., ! or ? followed by a space, or a new line), or -1.
func lastSentenceEnd(text string) int {
	for i := len(text) - 1; i > 0; i-- {
		if text[i] == '\n' || (text[i] == ' ' && strings.ContainsRune(".!?:", rune(text[i-1]))) {
			return i + 1
		}
	}
	return -1
}

var number = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// unsupportedNumber returns the first number (an amount, a date, a
// deadline) of text that no passage contains: a number the model made up,
// or took from the question — the customer may write anything there, and an
// answer must not promise it back. Citation markers do not count.
func unsupportedNumber(text string, ev *evidence) string {
	var known strings.Builder
	for _, p := range ev.passages {
		known.WriteString(" " + p.Article.Title + " " + p.Section.Heading + " " + p.Section.Text)
	}
	have := map[string]bool{}
	for _, n := range number.FindAllString(known.String(), -1) {
		have[normNumber(n)] = true
	}
	for _, n := range number.FindAllString(citeMarker.ReplaceAllString(text, ""), -1) {
		if !have[normNumber(n)] {
			return n
		}
	}
	return ""
}

// normNumber writes 1.500, 1,500 and 1500 the same way, and 12,50 as 12.50.
func normNumber(n string) string {
	if i := strings.LastIndexAny(n, ".,"); i >= 0 && len(n)-i-1 != 3 {
		return strings.NewReplacer(".", "", ",", "").Replace(n[:i]) + "." + n[i+1:]
	}
	return strings.NewReplacer(".", "", ",", "").Replace(n)
}

// minSupport is the share of an answer's content words that must occur in
// the passages it cites. Paraphrase keeps most of them; a poem, a joke or
// advice from elsewhere does not.
const minSupport = 0.4

// support returns the share of the content words of text (words of four
// letters or more, compared on their first five letters so that
// inflections match) found in the cited passages.
func support(text string, passages []loket.Passage) float64 {
	cited, _ := citations(text, len(passages))
	var pool strings.Builder
	for _, k := range cited {
		p := passages[k-1]
		pool.WriteString(" " + p.Article.Title + " " + p.Section.Heading + " " + p.Section.Text)
	}
	have := map[string]bool{}
	for _, w := range contentWords(pool.String()) {
		have[w] = true
	}
	words := contentWords(citeMarker.ReplaceAllString(text, ""))
	if len(words) == 0 {
		return 1
	}
	found := 0
	for _, w := range words {
		if have[w] {
			found++
		}
	}
	return float64(found) / float64(len(words))
}

func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)
		if len(r) < 4 || stopWords["nl"][w] || stopWords["en"][w] {
			continue
		}
		if len(r) > 5 {
			r = r[:5]
		}
		out = append(out, string(r))
	}
	return out
}
