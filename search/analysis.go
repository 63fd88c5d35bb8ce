package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// analyzer analyses the text of one language exactly as Bleve's analyzer of
// the same name does, and remembers what each written word analyses to. A
// knowledge base has a few thousand distinct words in millions of
// occurrences: stemming each occurrence again was a fifth of the index
// build. Only words of indexed documents are remembered (see learn), never
// words of queries, so that searches cannot grow it.
//
// The token filters of Loket's text analyzers (possessive, lower case,
// stemmer) each turn one token into one token without looking at its
// neighbours, which is what makes remembering per word exact.
type analyzer struct {
	base *analysis.DefaultAnalyzer
	dict *dictionary

	mu    sync.RWMutex
	words map[string]analysedWord // by the token as the tokenizer cut it
}

// analysedWord is what one written word analyses to.
type analysedWord struct {
	term []byte // shared by every token of the word; never changed
	id   uint32
}

// maxRememberedWords bounds the memory of an analyzer; words past it are
// analysed every time.
const maxRememberedWords = 1 << 20

// noTerm is the id of a query word no document contains.
const noTerm = ^uint32(0)

// newAnalyzers returns the text analyzer of every field language.
func newAnalyzers(im *mapping.IndexMappingImpl, dict *dictionary) (map[string]*analyzer, error) {
	out := map[string]*analyzer{}
	for _, lang := range append(sortedLanguages(), otherLanguage) {
		base, ok := im.AnalyzerNamed(textAnalyzer(lang)).(*analysis.DefaultAnalyzer)
		if !ok {
			return nil, fmt.Errorf("analyzer %s is not a custom analyzer", textAnalyzer(lang))
		}
		if !loketAnalysis(base) {
			return nil, fmt.Errorf("analyzer %s: tokenize stands in only for folding accents and the unicode tokenizer", textAnalyzer(lang))
		}
		out[lang] = &analyzer{base: base, dict: dict, words: map[string]analysedWord{}}
	}
	return out, nil
}

// Analyze analyses input as a query: the Bleve analysis.Analyzer interface.
func (a *analyzer) Analyze(input []byte) analysis.TokenStream {
	tokens, _ := a.analyze(input, false)
	return tokens
}

// analyze returns the tokens of input and their term ids. With learn, new
// words are remembered and new terms added to the dictionary; without it,
// terms no document contains get the id noTerm.
func (a *analyzer) analyze(input []byte, learn bool) (analysis.TokenStream, []uint32) {
	tokens := tokenize(a.base, input)
	ids := make([]uint32, 0, len(tokens))
	out := tokens[:0]
	for _, tok := range tokens {
		a.mu.RLock()
		w, ok := a.words[string(tok.Term)]
		a.mu.RUnlock()
		if !ok {
			var keep bool
			if w, keep = a.analyseWord(tok, learn); !keep {
				continue
			}
		}
		tok.Term = w.term
		out = append(out, tok)
		ids = append(ids, w.id)
	}
	return out, ids
}

// tokenize folds and cuts input as base's character filters and tokenizer
// would, faster; base is one of Loket's analyzers, which fold accents and
// cut at Unicode word boundaries (newAnalyzers checks the text analyzers).
func tokenize(base *analysis.DefaultAnalyzer, input []byte) analysis.TokenStream {
	ascii := isASCII(input)
	if !ascii {
		for _, cf := range base.CharFilters {
			input = foldRuns(cf, input)
		}
		// Most accents fold to ASCII; what is left is often only "€" or "–".
		ascii = isASCII(input) || plainSeparators(input)
	}
	if ascii {
		return asciiTokens(input)
	}
	return base.Tokenizer.Tokenize(input)
}

// analyzeFast analyses input as a, with tokenize's speed when a is one of
// Loket's custom analyzers, and as a.Analyze would otherwise.
func analyzeFast(a analysis.Analyzer, input []byte) analysis.TokenStream {
	base, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || !loketAnalysis(base) {
		return a.Analyze(input)
	}
	tokens := tokenize(base, input)
	for _, f := range base.TokenFilters {
		tokens = f.Filter(tokens)
	}
	return tokens
}

// loketAnalysis reports whether base folds accents, if anything, and cuts
// at Unicode word boundaries: what tokenize stands in for.
func loketAnalysis(base *analysis.DefaultAnalyzer) bool {
	if _, ok := base.Tokenizer.(*unicode.UnicodeTokenizer); !ok {
		return false
	}
	for _, cf := range base.CharFilters {
		if _, ok := cf.(*asciifolding.AsciiFoldingFilter); !ok {
			return false
		}
	}
	return true
}

// foldRuns applies the accent folding filter f to the runs of non-ASCII
// bytes of input only, copying ASCII as it is. Folding maps each rune on
// its own, so the result is the same as f.Filter(input); but Bleve's filter
// converts all of its input to runes and back, with room for four runes
// each, which made it the largest allocation of an index build.
func foldRuns(f analysis.CharFilter, input []byte) []byte {
	out := make([]byte, 0, len(input)+len(input)/8)
	for i := 0; i < len(input); {
		j := i
		for j < len(input) && input[j] < utf8.RuneSelf {
			j++
		}
		out = append(out, input[i:j]...)
		i = j
		for j < len(input) && input[j] >= utf8.RuneSelf {
			j++
		}
		if j > i {
			out = append(out, f.Filter(input[i:j])...)
			i = j
		}
	}
	return out
}

// isASCII reports whether b is plain ASCII, which folding accents (the
// analyzers' only character filter) leaves as it is.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// analyseWord runs the token filters on one token. It reports false when
// they drop it.
func (a *analyzer) analyseWord(tok *analysis.Token, learn bool) (analysedWord, bool) {
	written := string(tok.Term)
	one := analysis.TokenStream{&analysis.Token{Term: []byte(written), Start: tok.Start, End: tok.End, Position: tok.Position, Type: tok.Type}}
	for _, f := range a.base.TokenFilters {
		one = f.Filter(one)
	}
	if len(one) != 1 {
		return analysedWord{}, false // the filters of Loket's analyzers keep every token
	}
	w := analysedWord{term: one[0].Term, id: noTerm}
	if !learn {
		if id, ok := a.dict.lookup(string(w.term)); ok {
			w.id = id
		}
		return w, true
	}
	w.id = a.dict.id(string(w.term), strings.ToLower(written))
	a.mu.Lock()
	if len(a.words) < maxRememberedWords {
		a.words[written] = w
	}
	a.mu.Unlock()
	return w, true
}

// bagOf counts the term ids of one text. It sorts ids in place.
func bagOf(ids []uint32) bag {
	slices.Sort(ids)
	b := bag{length: len(ids)}
	n := 0
	for i := 0; i < len(ids); n++ {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		i = j
	}
	b.ids = make([]uint32, 0, n)
	b.tfs = make([]uint16, 0, n)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		b.ids = append(b.ids, ids[i])
		b.tfs = append(b.tfs, uint16(min(j-i, 65535)))
		i = j
	}
	return b
}

// newBag analyses texts at query time, for ranking sections. Words no
// document contains are left out: they match no query term either.
func newBag(a *analyzer, texts ...string) bag {
	var ids []uint32
	n := 0
	for _, t := range texts {
		_, got := a.analyze([]byte(t), false)
		n += len(got)
		for _, id := range got {
			if id != noTerm {
				ids = append(ids, id)
			}
		}
	}
	b := bagOf(ids)
	b.length = n
	return b
}
