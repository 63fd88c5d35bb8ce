package content

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/loket/loket"
)

// guideParts is a guide as parsed from one file, before its links resolve.
type guideParts struct {
	intro string // HTML with link placeholders
	text  string
	steps []*stepParts
}

type stepParts struct {
	id, title string
	line      int
	html      string
	text      string
	nodes     []ast.Node
	choices   []choiceParts
	ending    *loket.Ending
	endLink   int    // resolved: index of the link to the article, or -1
	endID     string // resolved: article id written as text
	endLine   int
}

type choiceParts struct {
	label, next string
	line        int
}

// endingLine matches "Resolved", "Resolved: ..." and "Escalate: ...".
var endingLine = regexp.MustCompile(`(?i)^(resolved|escalate)(?:\s*\.?|\s*:\s*(.*))$`)

// parseGuide splits a guide body into its steps, renders them and checks
// that the flow is sound. Problems are reported on ds.
func (m *markdown) parseGuide(b *body, ds *diagnostics) *guideParts {
	g := &guideParts{}
	var intro []ast.Node
	var cur *stepParts
	for n := b.doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			cur = &stepParts{id: headingID(h), title: inlineText(h, b.src), line: b.fileLine(nodeOffset(h)), endLink: -1}
			g.steps = append(g.steps, cur)
			continue
		}
		if cur == nil {
			intro = append(intro, n)
			continue
		}
		if choices, ok := choiceList(n, b); ok {
			if cur.choices != nil {
				ds.errorf(b.fileLine(nodeOffset(n)), "step %q has two lists of choices; merge them into one", cur.id)
			}
			cur.choices = append(cur.choices, choices...)
			continue
		}
		if m.ending(cur, n, b, ds) {
			continue
		}
		cur.nodes = append(cur.nodes, n)
	}
	g.render(m, b, intro, ds)
	checkGuide(g, ds)
	return g
}

// choiceList recognises a list whose every item is only a link to a step.
func choiceList(n ast.Node, b *body) ([]choiceParts, bool) {
	if n.Kind() != ast.KindList {
		return nil, false
	}
	var out []choiceParts
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		link := onlyLink(item, b.src)
		if link == nil || !strings.HasPrefix(string(link.Destination), "#") {
			return nil, false
		}
		out = append(out, choiceParts{
			label: inlineText(link, b.src),
			next:  strings.TrimPrefix(string(link.Destination), "#"),
			line:  b.fileLine(nodeOffset(item)),
		})
	}
	return out, len(out) > 0
}

// onlyLink returns the link when a list item holds nothing else.
func onlyLink(item ast.Node, src []byte) *ast.Link {
	block := item.FirstChild()
	if block == nil || block.NextSibling() != nil {
		return nil
	}
	var link *ast.Link
	for c := block.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok && link == nil {
			link = l
			continue
		}
		if t, ok := c.(*ast.Text); ok && strings.TrimSpace(string(t.Segment.Value(src))) == "" {
			continue
		}
		return nil
	}
	return link
}

// ending recognises "Resolved", "Resolved: [title](article.md)",
// "Resolved: article-id" and "Escalate: team" paragraphs.
func (m *markdown) ending(s *stepParts, n ast.Node, b *body, ds *diagnostics) bool {
	if n.Kind() != ast.KindParagraph {
		return false
	}
	match := endingLine.FindStringSubmatch(inlineText(n, b.src))
	if match == nil {
		return false
	}
	line := b.fileLine(nodeOffset(n))
	if s.ending != nil {
		ds.errorf(line, "step %q has two endings; keep one", s.id)
		return true
	}
	s.endLine = line
	rest := strings.TrimSpace(match[2])
	if strings.EqualFold(match[1], "escalate") {
		if rest == "" {
			ds.errorf(line, "\"Escalate:\" needs the team that takes over, as in \"Escalate: technische-dienst\"")
		}
		s.ending = &loket.Ending{Kind: loket.EndEscalate, Team: rest}
		return true
	}
	s.ending = &loket.Ending{Kind: loket.EndResolved}
	if l := firstLink(n); l != nil && strings.HasPrefix(string(l.Destination), linkScheme+":") {
		s.endLink = linkIndex(string(l.Destination))
	} else if rest != "" && !strings.HasPrefix(rest, ".") {
		s.endID = strings.Fields(rest)[0]
	}
	return true
}

func firstLink(n ast.Node) *ast.Link {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok {
			return l
		}
	}
	return nil
}

func linkIndex(dest string) int {
	i, err := strconv.Atoi(strings.TrimPrefix(dest, linkScheme+":"))
	if err != nil {
		return -1
	}
	return i
}

// render fills the HTML and plain text of the intro and the steps.
func (g *guideParts) render(m *markdown, b *body, intro []ast.Node, ds *diagnostics) {
	var text []string
	var err error
	if len(intro) > 0 {
		if g.intro, err = m.render(b, intro...); err != nil {
			ds.errorf(b.line, "%v", err)
		}
		for _, n := range intro {
			text = append(text, blockText(n, b.src))
		}
	}
	for _, s := range g.steps {
		if len(s.nodes) > 0 {
			if s.html, err = m.render(b, s.nodes...); err != nil {
				ds.errorf(s.line, "%v", err)
			}
		}
		var st []string
		for _, n := range s.nodes {
			st = append(st, blockText(n, b.src))
		}
		s.text = strings.TrimSpace(strings.Join(st, "\n"))
		text = append(text, s.title, s.text)
		for _, c := range s.choices {
			text = append(text, c.label)
		}
		s.nodes = nil // the AST is not kept past loading
	}
	g.text = strings.TrimSpace(strings.Join(text, "\n"))
}

// checkGuide verifies that the flow can be walked: steps exist and are
// unique, every choice leads to a step, every step is reachable from the
// first and can reach an ending.
func checkGuide(g *guideParts, ds *diagnostics) {
	if len(g.steps) == 0 {
		ds.errorf(1, "a guide needs at least one step: a \"## \" heading followed by choices or an ending")
		return
	}
	byID := map[string]*stepParts{}
	for _, s := range g.steps {
		if s.id == "" {
			ds.errorf(s.line, "step %q has no id: add {#some-id} after the heading", s.title)
			continue
		}
		if prev, dup := byID[s.id]; dup {
			ds.errorf(s.line, "step id %q is also used on line %d; give one of them another {#id}", s.id, prev.line)
			continue
		}
		byID[s.id] = s
	}
	for _, s := range g.steps {
		switch {
		case len(s.choices) > 0 && s.ending != nil:
			ds.errorf(s.endLine, "step %q has both choices and an ending; an ending closes the flow, so remove one", s.id)
		case len(s.choices) == 0 && s.ending == nil:
			ds.errorf(s.line, "step %q has no choices and no ending: add a list of \"- [label](#step)\" links, or a line \"Resolved\" or \"Escalate: team\"", s.id)
		}
		for _, c := range s.choices {
			if byID[c.next] == nil {
				ds.errorf(c.line, "choice %q leads to #%s, which is not a step of this guide", c.label, c.next)
			}
		}
	}
	checkReachable(g, byID, ds)
	checkExits(g, byID, ds)
}

func checkReachable(g *guideParts, byID map[string]*stepParts, ds *diagnostics) {
	seen := map[string]bool{g.steps[0].id: true}
	queue := []*stepParts{g.steps[0]}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, c := range s.choices {
			if next := byID[c.next]; next != nil && !seen[next.id] {
				seen[next.id] = true
				queue = append(queue, next)
			}
		}
	}
	for _, s := range g.steps {
		if s.id != "" && !seen[s.id] {
			ds.errorf(s.line, "step %q cannot be reached from the first step %q: no choice leads to it", s.id, g.steps[0].id)
		}
	}
}

// checkExits reports steps from which no ending can be reached: a cycle
// without a way out, or choices that only lead to such a cycle.
func checkExits(g *guideParts, byID map[string]*stepParts, ds *diagnostics) {
	exits := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, s := range g.steps {
			if exits[s.id] {
				continue
			}
			ok := s.ending != nil
			for _, c := range s.choices {
				ok = ok || exits[c.next]
			}
			if ok {
				exits[s.id], changed = true, true
			}
		}
	}
	for _, s := range g.steps {
		if s.id != "" && !exits[s.id] && len(s.choices) > 0 {
			ds.errorf(s.line, "no ending can be reached from step %q: every path from it goes round in a cycle or stops at a step without an ending", s.id)
		}
	}
}
