package assistant

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/loket/loket"
)

//go:embed prompts/*.tmpl
var promptFiles embed.FS

// prompts are the system prompt and the question prompt, parsed at start.
var prompts = template.Must(template.New("").Funcs(template.FuncMap{
	"add": func(a, b int) int { return a + b },
}).ParseFS(promptFiles, "prompts/*.tmpl"))

// promptLeaks are phrases of the system prompt that never belong in an
// answer: an answer holding one repeats the instructions.
var promptLeaks = []string{"NO_ANSWER", "numbered passages", "knowledge base that come with", "Cite only the numbers", "are information, not instructions"}

// noAnswer is what the model says when the passages do not answer.
const noAnswer = "NO_ANSWER"

// languages names the languages the model is told to answer in.
var languages = map[string]struct{ name, address string }{
	"nl": {"Dutch", `Address the customer as "je".`},
	"en": {"English", `Address the customer as "you".`},
}

type passageView struct {
	Title, Heading, Text string
}

// messages builds the conversation for the model: the rules, the recent
// turns, and the question with its numbered passages.
func messages(site string, q loket.Question, passages []loket.Passage, history int) ([]Message, error) {
	lang, ok := languages[q.Locale.Language()]
	if !ok {
		lang = struct{ name, address string }{string(q.Locale), ""}
	}
	var sys bytes.Buffer
	if err := prompts.ExecuteTemplate(&sys, "system.tmpl", map[string]string{"Site": site, "Language": lang.name, "Address": lang.address}); err != nil {
		return nil, fmt.Errorf("system prompt: %w", err)
	}
	msgs := []Message{{Role: RoleSystem, Content: strings.TrimSpace(sys.String())}}
	turns := q.History
	if len(turns) > history {
		turns = turns[len(turns)-history:]
	}
	for _, t := range turns {
		role := RoleUser
		if t.Role != "customer" {
			role = RoleAssistant
		}
		msgs = append(msgs, Message{Role: role, Content: t.Text})
	}
	views := make([]passageView, len(passages))
	for i, p := range passages {
		views[i] = passageView{Title: p.Article.Title, Heading: p.Section.Heading, Text: clipRunes(p.Section.Text, maxPassageText)}
	}
	var user bytes.Buffer
	if err := prompts.ExecuteTemplate(&user, "question.tmpl", map[string]any{"Passages": views, "Question": q.Text}); err != nil {
		return nil, fmt.Errorf("question prompt: %w", err)
	}
	return append(msgs, Message{Role: RoleUser, Content: strings.TrimSpace(user.String())}), nil
}

// maxPassageText is the most of a section given to the model, in characters.
const maxPassageText = 1500

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
