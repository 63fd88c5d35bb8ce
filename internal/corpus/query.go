package corpus

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/loket/loket"
)

// Query is one line of a query file, in the format of the evaluation sets
// in /work/shared/eval and of search.EvalQuery.
type Query struct {
	Query    string   `json:"query"`
	Relevant []string `json:"relevant"`
	Lang     string   `json:"lang"`
}

// Queries returns count queries, each a paraphrase of the title (three in
// ten) or a question of a public article, with that article as the one
// relevant answer. Every query differs from what it paraphrases: a word is
// dropped, two words are swapped or a word gets a typo, or several of
// these; most are in lower case and without a question mark. The same
// corpus and seed give the same queries.
func (c *Corpus) Queries(count int, seed int64) []Query {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7175657279)) // "query"
	var public []*Article
	for _, a := range c.Articles {
		if a.Audience == loket.AudiencePublic {
			public = append(public, a)
		}
	}
	if len(public) == 0 {
		return nil
	}
	out := make([]Query, 0, count)
	for range count {
		a := public[rng.IntN(len(public))]
		text := a.Title
		if rng.IntN(10) >= 3 && len(a.Questions) > 0 {
			text = a.Questions[rng.IntN(len(a.Questions))]
		}
		out = append(out, Query{Query: paraphrase(rng, text), Relevant: []string{a.ID}, Lang: string(a.Locale)})
	}
	return out
}

// WriteQueries writes queries as a query file: one JSON object a line.
func WriteQueries(w io.Writer, qs []Query) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return nil
}

// paraphrase changes text the way customers retype a question.
func paraphrase(rng *rand.Rand, text string) string {
	question := strings.HasSuffix(strings.TrimSpace(text), "?")
	words := strings.Fields(strings.TrimRight(strings.TrimSpace(text), "?.!"))
	if len(words) == 0 {
		return text
	}
	changed := false
	for !changed {
		if len(words) >= 4 && rng.IntN(10) < 4 {
			i := rng.IntN(len(words))
			words = append(words[:i], words[i+1:]...)
			changed = true
		}
		if len(words) >= 3 && rng.IntN(10) < 3 {
			i := rng.IntN(len(words) - 1)
			words[i], words[i+1] = words[i+1], words[i]
			changed = changed || words[i] != words[i+1]
		}
		if rng.IntN(4) == 0 {
			changed = typo(rng, words) || changed
		}
	}
	out := strings.Join(words, " ")
	if rng.IntN(10) < 6 {
		out = strings.ToLower(out)
	}
	if question && rng.IntN(10) < 3 {
		out += "?"
	}
	return out
}

// keyboardRows are the letter rows of a QWERTY keyboard, for typos that
// hit a neighbouring key.
var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// typo misspells one word of five letters or more: two letters swapped,
// one left out, one doubled or one replaced by its neighbour on the
// keyboard. It reports whether a word changed.
func typo(rng *rand.Rand, words []string) bool {
	var long []int
	for i, w := range words {
		if len(w) >= 5 && isASCIILetters(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return false
	}
	i := long[rng.IntN(len(long))]
	w := []byte(words[i])
	p := 1 + rng.IntN(len(w)-2) // keep the first and last letter
	switch rng.IntN(4) {
	case 0:
		w[p], w[p+1] = w[p+1], w[p]
	case 1:
		w = append(w[:p], w[p+1:]...)
	case 2:
		w = append(w[:p+1], w[p:]...)
	default:
		w[p] = neighbour(rng, w[p])
	}
	if string(w) == words[i] {
		return false
	}
	words[i] = string(w)
	return true
}

func neighbour(rng *rand.Rand, c byte) byte {
	lower := c | 0x20
	for _, row := range keyboardRows {
		if k := strings.IndexByte(row, lower); k >= 0 {
			switch {
			case k == 0:
				return row[1]
			case k == len(row)-1 || rng.IntN(2) == 0:
				return row[k-1]
			default:
				return row[k+1]
			}
		}
	}
	return c
}

func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// Prefix returns the query as typed so far, for search-as-you-type: about
// its first 60 percent, cut inside a word when that word has two letters
// typed already.
func (q Query) Prefix() string {
	r := []rune(strings.TrimRight(q.Query, "?"))
	n := max(2, len(r)*6/10)
	if n >= len(r) {
		return string(r)
	}
	// Leave at least two letters of the last word, as suggestions ignore
	// one-letter words.
	start := n
	for start > 0 && r[start-1] != ' ' {
		start--
	}
	if n-start < 2 {
		n = min(len(r), start+2)
	}
	return strings.TrimSpace(string(r[:n]))
}
