package assistant

import (
	"strings"
	"unicode/utf8"

	"github.com/loket/loket"
)

// maxExtract is the longest extractive answer, in characters: a few
// sentences, enough to answer and to make the link worth following.
const maxExtract = 420

// extractive answers with the best passage itself: its first sentences,
// cut at a sentence end, and the link to the article.
func extractive(p loket.Passage, locale loket.Locale) *loket.Answer {
	text := strings.Join(strings.Fields(p.Section.Text), " ")
	if text == "" {
		text = p.Article.Summary
	}
	text = firstSentences(text, maxExtract)
	return &loket.Answer{Text: text + " [1]", Citations: cite([]loket.Passage{p}), Mode: loket.ModeExtractive, Confidence: p.Confidence}
}

// firstSentences returns the sentences of text that fit in max characters,
// or the words that do, with an ellipsis, when the first sentence is longer.
func firstSentences(text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	r := []rune(text)[:max]
	cut := string(r)
	for i := len(cut) - 1; i > 0; i-- {
		if strings.ContainsRune(".!?", rune(cut[i])) && (i+1 == len(cut) || cut[i+1] == ' ') {
			return cut[:i+1]
		}
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut + " …"
}
