package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/loket/loket"
)

// Corpus is a generated knowledge base, held in memory until it is
// written.
type Corpus struct {
	Articles []*Article // in generation order
	Seed     int64      // the seed it was generated from

	src *source
}

// Share of the generated articles in each locale and audience.
const (
	englishEvery  = 5    // every fifth article is English: 80% Dutch, 20% English
	internalShare = 0.05 // of each locale
)

// Generate builds a knowledge base of n articles from seed. The same n and
// seed always give the same articles.
func Generate(n int, seed int64) (*Corpus, error) {
	if n < 1 {
		return nil, fmt.Errorf("corpus: %d articles: need at least one", n)
	}
	src, err := loadSource()
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	g := newGenerator(src, seed)
	c := &Corpus{Seed: seed, src: src, Articles: make([]*Article, 0, n)}
	for i := range n {
		l := loket.Locale("nl")
		if i%englishEvery == englishEvery-1 {
			l = "en"
		}
		c.Articles = append(c.Articles, g.article(l, g.rng.Float64() < internalShare))
	}
	return c, nil
}

// generator holds the state of one generation: the random source, the
// ids taken, and the (base, phrase) pairs not used yet.
type generator struct {
	rng    *rand.Rand
	src    *source
	ids    map[string]bool                        // locale + ":" + id
	pairs  map[string][]pair                      // by locale and audience
	public map[loket.Locale]map[string][]*Article // public articles by locale and category
	all    map[loket.Locale][]*Article            // public articles by locale
}

// pair is a base article and a situation phrase.
type pair struct{ base, phrase int }

func newGenerator(src *source, seed int64) *generator {
	return &generator{
		rng:    rand.New(rand.NewPCG(uint64(seed), 0x6c6f6b6574)), // "loket"
		src:    src,
		ids:    map[string]bool{},
		pairs:  map[string][]pair{},
		public: map[loket.Locale]map[string][]*Article{},
		all:    map[loket.Locale][]*Article{},
	}
}

// nextPair returns a (base, phrase) pair of the locale and audience that
// has not been used, or, once all have been, starts over.
func (g *generator) nextPair(m *material, internal bool) pair {
	key := string(m.locale) + ":" + fmt.Sprint(internal)
	if len(g.pairs[key]) == 0 {
		bases := len(m.public)
		if internal {
			bases = len(m.internal)
		}
		list := make([]pair, 0, bases*len(m.phrases))
		for b := range bases {
			for p := range m.phrases {
				list = append(list, pair{b, p})
			}
		}
		g.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		g.pairs[key] = list
	}
	p := g.pairs[key][0]
	g.pairs[key] = g.pairs[key][1:]
	return p
}

// article generates one article.
func (g *generator) article(l loket.Locale, internal bool) *Article {
	m := g.src.locales[l]
	p := g.nextPair(m, internal)
	base := m.public[p.base]
	a := &Article{Locale: l, Audience: loket.AudiencePublic}
	if internal {
		base = m.internal[p.base]
		a.Audience = loket.AudienceInternal
	}
	phrase := m.phrases[p.phrase]
	a.Title = withPhrase(base.Title, phrase)
	a.Category = base.Category
	a.ID = g.uniqueID(l, a.Category+"/"+slug(a.Title))
	d := g.draft(m, base, a)
	var compound, part string
	if l == "nl" {
		compound, part = g.compound(m, d)
	}
	a.Tags = g.tags(base, phrase, compound)
	a.Questions = g.questions(base, phrase, compound, part)
	a.Body, a.Words = g.render(d)
	if g.rng.IntN(3) == 0 {
		a.Voice = g.voice(base, a.Body)
	}
	a.Related = g.related(a)
	a.Updated = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(900))
	a.Owner = base.Owner
	if a.Owner == "" {
		a.Owner = "team-" + a.Category
	}
	switch r := g.rng.IntN(100); {
	case r < 2:
		a.Boost = 1.5
	case r < 3:
		a.Boost = 0.5
	}
	if !internal {
		if g.public[l] == nil {
			g.public[l] = map[string][]*Article{}
		}
		g.public[l][a.Category] = append(g.public[l][a.Category], a)
		g.all[l] = append(g.all[l], a)
	}
	return a
}

// withPhrase adds a situation phrase to a title or question, before its
// question mark if it has one.
func withPhrase(text, phrase string) string {
	text = strings.TrimSpace(text)
	mark := ""
	if t, ok := strings.CutSuffix(text, "?"); ok {
		text, mark = strings.TrimSpace(t), "?"
	}
	text = strings.TrimRight(text, ".!")
	return text + " " + phrase + mark
}

// uniqueID returns id, or id with a number when it is taken in l.
func (g *generator) uniqueID(l loket.Locale, id string) string {
	out := id
	for n := 2; g.ids[string(l)+":"+out]; n++ {
		out = fmt.Sprintf("%s-%d", id, n)
	}
	g.ids[string(l)+":"+out] = true
	return out
}

// slug makes an id segment of a title: lower case, accents removed, words
// joined by hyphens, at most about 60 characters.
func slug(title string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(foldAccents(title)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(strings.Join(append(words, w), "-")) > 60 {
			break
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return "artikel"
	}
	return strings.Join(words, "-")
}

// foldAccents replaces the accented letters of Dutch and English text.
func foldAccents(s string) string {
	return strings.NewReplacer("é", "e", "ë", "e", "è", "e", "ê", "e", "ï", "i", "í", "i",
		"ó", "o", "ö", "o", "ü", "u", "ú", "u", "á", "a", "à", "a", "ç", "c").Replace(s)
}

// compound makes a Dutch compound noun of two demo tags ("modem" and
// "storing" make "modemstoring"), one of them a word the body uses, and
// puts it in the body in place of that word, in up to two sentences. It
// returns the compound and the word it replaced.
func (g *generator) compound(m *material, d *draft) (string, string) {
	var present []string
	words := d.words()
	for _, t := range m.tagWords {
		if words[t] {
			present = append(present, t)
		}
	}
	part := m.tagWords[g.rng.IntN(len(m.tagWords))]
	if len(present) > 0 {
		part = present[g.rng.IntN(len(present))]
	}
	other := m.tagWords[g.rng.IntN(len(m.tagWords))]
	for other == part {
		other = m.tagWords[g.rng.IntN(len(m.tagWords))]
	}
	compound := part + other
	if g.rng.IntN(2) == 0 {
		compound = other + part
	}
	d.replace(part, compound, 1+g.rng.IntN(2))
	return compound, part
}

// tags picks two to four of the base's tags and adds the phrase's last
// word and the compound.
func (g *generator) tags(base *loket.Article, phrase, compound string) []string {
	tags := slices.Clone(base.Tags)
	g.rng.Shuffle(len(tags), func(i, j int) { tags[i], tags[j] = tags[j], tags[i] })
	tags = tags[:min(len(tags), 2+g.rng.IntN(3))]
	words := strings.Fields(phrase)
	for _, t := range []string{strings.ToLower(words[len(words)-1]), compound} {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// questions picks two to six of the base's questions and adds the phrase
// to most of them; one names the compound instead of its first part.
func (g *generator) questions(base *loket.Article, phrase, compound, part string) []string {
	qs := slices.Clone(base.Questions)
	if len(qs) == 0 {
		qs = []string{base.Title}
	}
	g.rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	qs = qs[:min(len(qs), 2+g.rng.IntN(5))]
	for i := range qs {
		if i == 0 || g.rng.IntN(4) > 0 {
			qs[i] = withPhrase(qs[i], phrase)
		}
	}
	if compound != "" {
		for i := range qs {
			if q, ok := replaceWord(qs[i], part, compound); ok {
				qs[i] = q
				break
			}
		}
	}
	return qs
}

// replaceWord replaces the first occurrence of word w in s, in any case.
func replaceWord(s, w, with string) (string, bool) {
	lower := strings.ToLower(s)
	for i := 0; ; {
		j := strings.Index(lower[i:], w)
		if j < 0 {
			return s, false
		}
		j += i
		end := j + len(w)
		if boundary(lower, j-1) && boundary(lower, end) {
			return s[:j] + with + s[end:], true
		}
		i = end
	}
}

// boundary reports whether the byte at i in s is outside a word.
func boundary(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// voice is the base's voice answer, or the body's first two sentences.
func (g *generator) voice(base *loket.Article, body string) string {
	if base.Voice != "" {
		return strings.Join(strings.Fields(base.Voice), " ")
	}
	lead, _, _ := strings.Cut(body, "\n\n")
	s := sentences(lead)
	return strings.Join(s[:min(2, len(s))], " ")
}

// related picks up to three public articles of the same locale and
// category generated before, for about a third of the articles.
func (g *generator) related(a *Article) []string {
	pool := g.public[a.Locale][a.Category]
	if len(pool) == 0 || g.rng.IntN(3) > 0 {
		return nil
	}
	var out []string
	for range 1 + g.rng.IntN(3) {
		r := pool[len(pool)-1-g.rng.IntN(min(len(pool), 200))]
		if !slices.Contains(out, r.ID) {
			out = append(out, r.ID)
		}
	}
	return out
}
