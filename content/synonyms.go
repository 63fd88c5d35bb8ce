package content

import (
	"strings"
)

// SynonymGroup is one line of a synonyms file. Without Input, all Synonyms
// are equal: each finds the others. With Input, searching for an Input word
// also finds the Synonyms, not the other way round.
type SynonymGroup struct {
	Input    []string `json:"input,omitempty"`
	Synonyms []string `json:"synonyms"`
}

// parseSynonyms reads a synonyms file: one group a line, words separated by
// commas, "a, b => c, d" for one-way groups, "#" for comments.
func parseSynonyms(src []byte, ds *diagnostics) []SynonymGroup {
	var out []SynonymGroup
	for i, line := range strings.Split(string(src), "\n") {
		if j := strings.Index(line, "#"); j >= 0 {
			line = line[:j]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		var g SynonymGroup
		var dropped, more int
		left, right, oneWay := strings.Cut(line, "=>")
		if oneWay {
			g.Input, dropped = synonymWords(left, i+1, ds)
			g.Synonyms, more = synonymWords(right, i+1, ds)
			dropped += more
		} else {
			g.Synonyms, dropped = synonymWords(line, i+1, ds)
		}
		if (oneWay && len(g.Input) == 0) || len(g.Synonyms) == 0 || (!oneWay && len(g.Synonyms) < 2) {
			// A line left without synonyms by multi-word entries has been
			// reported once already.
			if dropped == 0 {
				ds.warnf(i+1, "this line has no synonyms to use: write \"word, word\" or \"word => word\"")
			}
			continue
		}
		out = append(out, g)
	}
	return out
}

// synonymWords returns the single words of a comma-separated list and the
// number of multi-word entries it reported and left out.
func synonymWords(s string, line int, ds *diagnostics) (words []string, dropped int) {
	for _, w := range strings.Split(s, ",") {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			continue
		}
		if strings.ContainsAny(w, " \t") {
			ds.warnf(line, "%q has more than one word; only single words are synonyms, so it is ignored", w)
			dropped++
			continue
		}
		words = append(words, w)
	}
	return words, dropped
}
