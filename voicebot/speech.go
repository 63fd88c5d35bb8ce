package voicebot

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/loket/loket"
)

// maxSpoken is the longest answer spoken, in characters: about twenty
// seconds of speech. The rest is one text message away.
const maxSpoken = 350

var (
	citation = regexp.MustCompile(`\s*\[\d+\]`)
	mdLink   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	link     = regexp.MustCompile(`(https?://|www\.)\S+`)
	markup   = regexp.MustCompile("[*_`#>|]+|\\[|\\]\\([^)]*\\)")
	spaces   = regexp.MustCompile(`\s+`)
	sentence = regexp.MustCompile(`[.!?](\s|$)`)
)

// speakable turns written text into what a voice can say: no citations,
// links or Markdown, and whole sentences up to max characters (at least
// one sentence, cut at a word when that alone is too long).
func speakable(text string, max int) string {
	text = citation.ReplaceAllString(text, "")
	text = mdLink.ReplaceAllString(text, "$1")
	text = link.ReplaceAllString(text, "")
	text = markup.ReplaceAllString(text, "")
	text = strings.TrimSpace(spaces.ReplaceAllString(text, " "))
	if len(text) <= max {
		return text
	}
	cut := 0
	for _, loc := range sentence.FindAllStringIndex(text, -1) {
		if loc[0]+1 > max {
			break
		}
		cut = loc[0] + 1
	}
	if cut > 0 {
		return text[:cut]
	}
	if i := strings.LastIndexByte(text[:max], ' '); i > 0 {
		return text[:i] + "."
	}
	return text[:max]
}

// normal lowers text and keeps only letters, digits and single spaces.
func normal(s string) string {
	var sb strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
			space = false
		} else if !space {
			sb.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(sb.String())
}

var languageNames = map[string]string{
	"english": "en", "engels": "en", "anglais": "en", "englisch": "en",
	"nederlands": "nl", "dutch": "nl", "vlaams": "nl", "flemish": "nl", "néerlandais": "nl",
}

// languageNamed returns the language a caller asked for by naming it
// ("English please", "Nederlands"), or "".
func languageNamed(speech string) string {
	words := strings.Fields(normal(speech))
	if len(words) > 4 {
		return ""
	}
	for _, w := range words {
		if l, ok := languageNames[w]; ok {
			return l
		}
	}
	return ""
}

var (
	textWords     = regexp.MustCompile(`(?i)\b(sms|sms'?en|sms'je|smsje|tekstbericht|bericht|link|text|texts|message|send)\b`)
	callbackWords = regexp.MustCompile(`(?i)\b(terugbellen|terug bellen|bel me|bel mij|call me|call back|callback|ring me)\b`)
)

func wantsText(s string) bool     { return textWords.MatchString(s) && !loket.SaysNo(s) }
func wantsCallback(s string) bool { return callbackWords.MatchString(s) }

var ordinals = map[string]int{
	"een": 1, "één": 1, "eerste": 1, "one": 1, "first": 1,
	"twee": 2, "tweede": 2, "two": 2, "second": 2,
	"drie": 3, "derde": 3, "three": 3, "third": 3,
	"vier": 4, "vierde": 4, "four": 4, "fourth": 4,
}

// matchChoice returns the index of the choice the caller said, or -1: the
// label itself, the label among other words, a yes or no for a yes or no
// label, or its number ("de tweede").
func matchChoice(speech string, choices []loket.Choice) int {
	said := normal(speech)
	if said == "" {
		return -1
	}
	for i, ch := range choices {
		if normal(ch.Label) == said {
			return i
		}
	}
	found := -1
	for i, ch := range choices {
		label := normal(ch.Label)
		if label != "" && strings.Contains(" "+said+" ", " "+label+" ") {
			if found >= 0 {
				return -1 // two labels said: ask again
			}
			found = i
		}
	}
	if found >= 0 {
		return found
	}
	for i, ch := range choices {
		lead, _, _ := strings.Cut(normal(ch.Label), " ")
		if loket.SaysYes(speech) && loket.SaysYes(lead) || loket.SaysNo(speech) && loket.SaysNo(lead) {
			return i
		}
	}
	words := strings.Fields(said)
	if len(words) <= 3 {
		for _, w := range words {
			if n, ok := ordinals[w]; ok && n <= len(choices) {
				return n - 1
			}
		}
	}
	// Most of a label's words said, and no other label's.
	best, bestScore := -1, 0.0
	for i, ch := range choices {
		lw := strings.Fields(normal(ch.Label))
		if len(lw) < 2 {
			continue
		}
		hit := 0
		for _, w := range lw {
			if strings.Contains(" "+said+" ", " "+w+" ") {
				hit++
			}
		}
		score := float64(hit) / float64(len(lw))
		if score > bestScore {
			best, bestScore = i, score
		} else if score == bestScore {
			best = -1
		}
	}
	if bestScore >= 0.5 {
		return best
	}
	return -1
}

// knownNumber reports whether the caller's number was given: not withheld.
func knownNumber(n string) bool {
	return e164.MatchString(n) && n != "+266696687" && n != "+86282452253" && n != "+7378742833" && n != "+2562533"
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// mobileNumber reports whether a number can receive text messages: a Dutch
// or Belgian mobile number, or any known number elsewhere, where the
// numbering plan does not tell.
func mobileNumber(n string) bool {
	switch {
	case !knownNumber(n):
		return false
	case strings.HasPrefix(n, "+31"):
		return strings.HasPrefix(n, "+316")
	case strings.HasPrefix(n, "+32"):
		return len(n) == 12 && strings.HasPrefix(n, "+324") && n[4] >= '5'
	}
	return true
}

// hintsFor returns the phrases callers are likely to say in a locale: the
// titles and customer questions of its public articles and phone guides,
// and the words for a person. Twilio takes at most 500; they are cached
// for a minute, so content changes reach calls quickly.
func (b *Bot) hintsFor(locale loket.Locale) []string {
	now := b.opts.Now()
	b.mu.Lock()
	cached, ok := b.hints[locale]
	b.mu.Unlock()
	if ok && now.Sub(cached.at) < time.Minute {
		return cached.hints
	}
	const max = 500
	seen := map[string]bool{}
	var hints []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		k := strings.ToLower(s)
		if s == "" || len(s) > 100 || seen[k] || len(hints) >= max {
			return
		}
		seen[k] = true
		hints = append(hints, strings.ReplaceAll(s, ",", ""))
	}
	add(b.messages.For(locale).T("hint.person"))
	for _, g := range b.phoneGuides(locale) {
		add(g.Title)
	}
	articles := b.opts.Library.Articles(loket.ArticleFilter{Locale: locale})
	for _, a := range articles {
		add(a.Title)
	}
	for _, a := range articles {
		for _, q := range a.Questions {
			add(q)
		}
	}
	b.mu.Lock()
	b.hints[locale] = hintList{at: now, hints: hints}
	b.mu.Unlock()
	return hints
}

func (b *Bot) yesNoHints(c *call) []string {
	return strings.Split(b.t(c, "hint.yesno"), ",")
}
