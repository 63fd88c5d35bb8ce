package corpus

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
)

// source is the material articles are recombined from: the demo knowledge
// base, taken apart per locale.
type source struct {
	locales  map[loket.Locale]*material
	synonyms map[loket.Locale][]byte // synonyms/<locale>.txt as written
}

// material is what one locale of the demo offers.
type material struct {
	locale     loket.Locale
	public     []*loket.Article // bases of public articles
	internal   []*loket.Article // bases of internal articles
	categories []content.Category
	sentences  map[string][]string // by pool (see poolKey)
	headings   map[string][]string // by pool
	phrases    []string            // situation phrases: "bij een verhuizing"
	tagWords   []string            // single-word tags, for compounds
}

// loadSource reads the demo knowledge base.
func loadSource() (*source, error) {
	fsys := demo.FS()
	snap, err := content.Load(fsys, content.Options{})
	if err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	if snap.Errors() > 0 {
		return nil, fmt.Errorf("load demo: %d errors", snap.Errors())
	}
	src := &source{locales: map[loket.Locale]*material{}, synonyms: map[loket.Locale][]byte{}}
	for _, l := range []loket.Locale{"nl", "en"} {
		m := newMaterial(l, snap)
		if len(m.public) == 0 || len(m.internal) == 0 || len(m.phrases) < 50 {
			return nil, fmt.Errorf("demo %s: too little material (%d public, %d internal articles, %d phrases)",
				l, len(m.public), len(m.internal), len(m.phrases))
		}
		src.locales[l] = m
		b, err := fs.ReadFile(fsys, "synonyms/"+string(l)+".txt")
		if err != nil {
			return nil, fmt.Errorf("demo synonyms: %w", err)
		}
		src.synonyms[l] = b
	}
	return src, nil
}

func newMaterial(l loket.Locale, snap *content.Snapshot) *material {
	m := &material{locale: l, categories: snap.Categories(l),
		sentences: map[string][]string{}, headings: map[string][]string{}}
	phrases := map[string]bool{}
	tags := map[string]bool{}
	for _, a := range snap.Articles {
		if a.Locale != l {
			continue
		}
		if a.Audience == loket.AudienceInternal {
			m.internal = append(m.internal, a)
		} else {
			m.public = append(m.public, a)
		}
		internal := a.Audience == loket.AudienceInternal
		for _, s := range a.Sections {
			if s.Heading != "" && s.Level == 2 {
				m.addHeading(a.Category, internal, s.Heading)
			}
			for _, line := range strings.Split(s.Text, "\n") {
				for _, sent := range sentences(line) {
					m.addSentence(a.Category, internal, sent)
					addPhrases(phrases, l, sent)
				}
			}
		}
		for _, q := range append([]string{a.Title}, a.Questions...) {
			addPhrases(phrases, l, q)
		}
		for _, t := range a.Tags {
			if isWord(t) && utf8.RuneCountInString(t) >= 3 && utf8.RuneCountInString(t) <= 10 {
				tags[strings.ToLower(t)] = true
			}
		}
	}
	m.phrases = sortedKeys(phrases)
	m.tagWords = sortedKeys(tags)
	return m
}

// poolKey names a pool of sentences or headings: those of public articles
// of a category, or of all categories when category is ""; internal
// articles draw from pools that add the internal articles' text.
func poolKey(category string, internal bool) string {
	if internal {
		return "internal:" + category
	}
	return category
}

// addSentence adds s to the pools it belongs to: text of public articles
// may be used by every article, text of internal ones by internal ones.
func (m *material) addSentence(category string, internal bool, s string) {
	for _, k := range poolKeys(category, internal) {
		m.sentences[k] = append(m.sentences[k], s)
	}
}

func (m *material) addHeading(category string, internal bool, h string) {
	for _, k := range poolKeys(category, internal) {
		if !slices.Contains(m.headings[k], h) {
			m.headings[k] = append(m.headings[k], h)
		}
	}
}

func poolKeys(category string, internal bool) []string {
	keys := []string{poolKey(category, true), poolKey("", true)}
	if !internal {
		keys = append(keys, poolKey(category, false), poolKey("", false))
	}
	return keys
}

// sentences splits one line of plain text into sentences, keeping those
// that read as prose: no table rows, between 4 and 35 words, starting with
// a capital and ending with a full stop, question or exclamation mark.
func sentences(line string) []string {
	if strings.Contains(line, "|") {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i < len(line); i++ {
		if !strings.ContainsRune(".?!", rune(line[i])) {
			continue
		}
		// A sentence ends at a mark followed by a space and a capital.
		if i+2 < len(line) && line[i+1] == ' ' {
			r, _ := utf8.DecodeRuneInString(line[i+2:])
			if !unicode.IsUpper(r) {
				continue
			}
		} else if i+1 < len(line) {
			continue
		}
		out = appendSentence(out, strings.TrimSpace(line[start:i+1]))
		start = i + 1
	}
	return out
}

func appendSentence(out []string, s string) []string {
	n := len(strings.Fields(s))
	r, _ := utf8.DecodeRuneInString(s)
	if n < 4 || n > 35 || !unicode.IsUpper(r) {
		return out
	}
	return append(out, s)
}

// prepositions open the situation phrases of each language.
var prepositions = map[loket.Locale][]string{
	"nl": {"bij", "na", "voor", "met", "zonder", "tijdens", "in", "op", "via", "binnen"},
	"en": {"with", "without", "after", "before", "during", "for", "in", "on", "via", "within"},
}

// functionWords end a situation phrase when they follow it, and may not
// end one themselves.
var functionWords = map[loket.Locale][]string{
	"nl": {"de", "het", "een", "en", "of", "je", "jouw", "uw", "mijn", "ons", "onze", "we", "wij",
		"ik", "u", "hij", "zij", "ze", "dan", "dat", "die", "dit", "deze", "er", "is", "zijn", "wordt",
		"worden", "te", "om", "aan", "bij", "na", "voor", "met", "zonder", "tijdens", "in", "op", "via",
		"van", "tot", "uit", "over", "door", "als", "niet", "ook", "nog", "al", "wel", "kan", "kun",
		"kunt", "moet", "mag", "wil", "heb", "hebt", "heeft", "binnen", "maar", "want", "omdat", "wat"},
	"en": {"the", "a", "an", "and", "or", "you", "your", "my", "our", "we", "i", "it", "is", "are",
		"be", "to", "of", "for", "with", "without", "in", "on", "at", "by", "from", "via", "when", "if",
		"then", "not", "also", "can", "may", "will", "this", "that", "these", "those", "as", "after",
		"before", "during", "within", "us", "do", "does", "don't", "have", "has", "but", "so", "what"},
}

// addPhrases collects the phrases of text that start with a preposition
// and run, over two to four words, to a content word followed by a
// punctuation mark, a function word or the end of the text.
func addPhrases(out map[string]bool, l loket.Locale, text string) {
	words := strings.Fields(text)
	for i, w := range words {
		if !slices.Contains(prepositions[l], strings.ToLower(w)) || endsClause(w) {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			bare := strings.TrimRight(words[j], ".,:;?!)")
			if !isWord(bare) || strings.ContainsAny(words[j], "(\"*") ||
				slices.Contains(prepositions[l], strings.ToLower(bare)) {
				break
			}
			closes := bare != words[j] || j+1 == len(words)
			if closes && isContentWord(l, bare) {
				out[strings.ToLower(strings.Join(append(slices.Clone(words[i:j]), bare), " "))] = true
			}
			if bare != words[j] {
				break
			}
		}
	}
}

func endsClause(w string) bool { return strings.TrimRight(w, ".,:;?!") != w }

func isContentWord(l loket.Locale, w string) bool {
	return utf8.RuneCountInString(w) >= 4 && !slices.Contains(functionWords[l], strings.ToLower(w))
}

// isWord reports whether w is made of letters only.
func isWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
