package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/loket/loket"
)

// The few sentences of glue that tie an article to its topic; everything
// else in a body comes from the demo.
var (
	leadTemplates = map[loket.Locale][]string{
		"nl": {"Dit artikel gaat over %s.", "Hier lees je meer over %s.", "Op deze pagina: %s."},
		"en": {"This article is about %s.", "Here you can read more about %s.", "On this page: %s."},
	}
	seeAlso = map[loket.Locale]string{"nl": "Zie ook %s.", "en": "See also %s."}
)

// Body length in words, and sections per body.
const (
	minWords    = 150
	maxWords    = 600
	minSections = 2
	maxSections = 5
)

// draft is an article body before it is written as Markdown.
type draft struct {
	lead     []string
	sections []section
}

type section struct {
	heading string
	text    []string
	style   int // paragraphs, bullets or numbered
}

const (
	paragraphs = iota
	bullets
	numbered
)

// draft composes the body of a: a lead paragraph, then two to five "##"
// sections of demo sentences, 150 to 600 words in all.
func (g *generator) draft(m *material, base *loket.Article, a *Article) *draft {
	d := &draft{}
	used := map[string]bool{}
	target := minWords + g.rng.IntN(maxWords-minWords+1)
	tmpl := leadTemplates[a.Locale]
	d.lead = []string{fmt.Sprintf(tmpl[g.rng.IntN(len(tmpl))], lowerFirst(a.Title))}
	if len(base.Sections) > 0 && base.Sections[0].Heading == "" {
		s := sentences(strings.ReplaceAll(base.Sections[0].Text, "\n", " "))
		d.lead = append(d.lead, s[:min(len(s), 1+g.rng.IntN(2))]...)
	}
	n := minSections + g.rng.IntN(maxSections-minSections+1)
	n = max(minSections, min(n, target/70))
	budget := max(25, (target-countWords(d.lead))/n)
	internal := a.Audience == loket.AudienceInternal
	for i := range n {
		s := section{heading: g.heading(m, a, internal, used)}
		s.text = g.sentences(m, poolKey(a.Category, internal), poolKey("", internal), budget, used)
		if i == n-1 && !internal && len(g.all[a.Locale]) > 0 && g.rng.IntN(5) == 0 {
			to := g.all[a.Locale][g.rng.IntN(len(g.all[a.Locale]))]
			s.text = append(s.text, fmt.Sprintf(seeAlso[a.Locale], to.link(a.ID)))
		}
		switch r := g.rng.IntN(10); {
		case r < 2 && len(s.text) >= 3:
			s.style = bullets
		case r < 3 && len(s.text) >= 3:
			s.style = numbered
		}
		d.sections = append(d.sections, s)
	}
	return d
}

// replace replaces word w by with in up to n sentences of the body,
// leaving sentences with links alone; it reports how many changed.
func (d *draft) replace(w, with string, n int) int {
	done := 0
	for _, text := range append([][]string{d.lead}, d.sectionTexts()...) {
		for i := range text {
			if done == n || strings.Contains(text[i], "](") {
				continue
			}
			if s, ok := replaceWord(text[i], w, with); ok {
				text[i] = s
				done++
			}
		}
	}
	return done
}

func (d *draft) sectionTexts() [][]string {
	out := make([][]string, len(d.sections))
	for i := range d.sections {
		out[i] = d.sections[i].text
	}
	return out
}

// words returns the set of words of the body, in lower case.
func (d *draft) words() map[string]bool {
	out := map[string]bool{}
	for _, text := range append([][]string{d.lead}, d.sectionTexts()...) {
		for _, s := range text {
			for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}) {
				out[w] = true
			}
		}
	}
	return out
}

// render writes the body as Markdown and returns it with its number of
// words.
func (g *generator) render(d *draft) (string, int) {
	w := &bodyWriter{}
	w.paragraph(d.lead)
	for _, s := range d.sections {
		w.heading(s.heading)
		switch s.style {
		case bullets:
			w.list(s.text, "- ")
		case numbered:
			w.list(s.text, "")
		default:
			for text := s.text; len(text) > 0; {
				k := min(len(text), 2+g.rng.IntN(3))
				w.paragraph(text[:k])
				text = text[k:]
			}
		}
	}
	return w.String(), w.words
}

func countWords(texts []string) int {
	n := 0
	for _, t := range texts {
		n += len(strings.Fields(t))
	}
	return n
}

// heading picks a section heading not used yet in the article, mostly of
// the article's category; some carry the article's situation phrase.
func (g *generator) heading(m *material, a *Article, internal bool, used map[string]bool) string {
	pool := m.headings[poolKey(a.Category, internal)]
	if len(pool) == 0 || g.rng.IntN(10) < 3 {
		pool = m.headings[poolKey("", internal)]
	}
	for range 20 {
		h := pool[g.rng.IntN(len(pool))]
		if !used[h] {
			used[h] = true
			return h
		}
	}
	return a.Title
}

// sentences picks about budget words of sentences not used yet in the
// article, seven in ten from the category's pool, the others from the
// pool of all categories.
func (g *generator) sentences(m *material, category, all string, budget int, used map[string]bool) []string {
	var out []string
	words := 0
	for tries := 0; words < budget && tries < 200; tries++ {
		pool := m.sentences[category]
		if len(pool) == 0 || g.rng.IntN(10) < 3 {
			pool = m.sentences[all]
		}
		s := pool[g.rng.IntN(len(pool))]
		if used[s] {
			continue
		}
		used[s] = true
		out = append(out, s)
		words += len(strings.Fields(s))
	}
	return out
}

func lowerFirst(s string) string {
	words := strings.Fields(s)
	// Keep words written in capitals or with capitals inside (names, "Mijn
	// Helder"): only an ordinary first word loses its capital.
	if len(words) > 0 && len(words[0]) > 1 && strings.ToLower(words[0][1:]) == words[0][1:] {
		words[0] = strings.ToLower(words[0][:1]) + words[0][1:]
	}
	return strings.Join(words, " ")
}

// bodyWriter builds a Markdown body and counts its words.
type bodyWriter struct {
	strings.Builder
	words int
}

func (w *bodyWriter) count(s string) { w.words += len(strings.Fields(s)) }

func (w *bodyWriter) paragraph(sentences []string) {
	if len(sentences) == 0 {
		return
	}
	text := strings.Join(sentences, " ")
	w.count(text)
	w.WriteString(wrap(text, 88) + "\n\n")
}

func (w *bodyWriter) heading(h string) {
	w.count(h)
	w.WriteString("## " + h + "\n\n")
}

// list writes items as a bullet list with marker "- ", or numbered when
// marker is "".
func (w *bodyWriter) list(items []string, marker string) {
	for i, s := range items {
		w.count(s)
		if marker == "" {
			fmt.Fprintf(w, "%d. %s\n", i+1, s)
		} else {
			w.WriteString(marker + s + "\n")
		}
	}
	w.WriteString("\n")
}

// blockMarker matches words that would start a list, heading, quote or
// rule at the beginning of a line.
var blockMarker = regexp.MustCompile(`^([-+*#>=]+|[0-9]+[.)]|[-_*]{3,}.*)$`)

// wrap breaks text into lines of at most width characters, as editors
// write Markdown.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(word) > width && !blockMarker.MatchString(word):
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}
