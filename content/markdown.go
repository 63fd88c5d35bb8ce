package content

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"

	"github.com/loket/loket"
)

// markdown parses and renders article bodies. Raw HTML is rendered and then
// sanitised with one policy, so that editors may use harmless tags (<kbd>,
// <details>) while scripts, styles, frames and event handlers never reach a
// page. It is safe for concurrent use.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	md := goldmark.New(
		goldmark.WithExtensions(
			// GFM, with cell alignment as the align attribute, which the
			// sanitiser keeps, rather than a style attribute, which it drops.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify, extension.TaskList, extension.Footnote,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(false)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AllowURLSchemes("http", "https", "mailto", "tel", linkScheme)
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[\w -]+$`)).Globally()
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-[a-z]+$`)).OnElements("a", "div", "section")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	// Harmless tags editors use; UGCPolicy lacks kbd.
	p.AllowElements("kbd", "details", "summary", "mark", "abbr", "sub", "sup")
	return &markdown{md: md, policy: p}
}

// linkScheme marks a link to another file of the knowledge base in rendered
// HTML until the loader knows which URL it resolves to.
const linkScheme = "loket-link"

// linkRef is a relative link from a document to another file.
type linkRef struct {
	Target string // the linked file, relative to the content folder
	Anchor string // the fragment, without "#"
	Line   int    // file line of the link
}

// body is a parsed Markdown body: rendered HTML with link placeholders, plain
// text, sections and the links it holds.
type body struct {
	src      []byte
	line     int // file line of the body's first byte
	doc      ast.Node
	links    []linkRef
	html     string
	text     string
	summary  string
	sections []loket.Section
}

// parse parses src, the body of the file at filePath that starts on file
// line line. Relative links to .md files are replaced by placeholders and
// recorded, to be resolved by the linker.
func (m *markdown) parse(filePath string, src []byte, line int) *body {
	b := &body{src: src, line: line}
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	b.doc = m.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	_ = ast.Walk(b.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if link, ok := n.(*ast.Link); ok && entering {
			b.rewriteLink(filePath, link)
		}
		return ast.WalkContinue, nil
	})
	return b
}

// rewriteLink records a relative link to a Markdown file and points the node
// at a placeholder.
func (b *body) rewriteLink(filePath string, link *ast.Link) {
	dest := string(link.Destination)
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "/") || u.Path == "" {
		return
	}
	p, err := url.PathUnescape(u.Path)
	if err != nil || !strings.HasSuffix(strings.ToLower(p), ".md") {
		return
	}
	link.Destination = []byte(linkScheme + ":" + strconv.Itoa(len(b.links)))
	b.links = append(b.links, linkRef{
		Target: path.Join(path.Dir(filePath), p), Anchor: u.Fragment, Line: b.fileLine(nodeOffset(link)),
	})
}

// render renders nodes (the whole document when none are given) to
// sanitised HTML that still holds link placeholders.
func (m *markdown) render(b *body, nodes ...ast.Node) (string, error) {
	var buf bytes.Buffer
	if len(nodes) == 0 {
		nodes = []ast.Node{b.doc}
	}
	for _, n := range nodes {
		if err := m.md.Renderer().Render(&buf, b.src, n); err != nil {
			return "", fmt.Errorf("render: %w", err)
		}
	}
	return m.policy.Sanitize(buf.String()), nil
}

// fileLine converts a byte offset in the body to a file line.
func (b *body) fileLine(offset int) int {
	if offset < 0 {
		return b.line
	}
	return b.line + bytes.Count(b.src[:min(offset, len(b.src))], []byte("\n"))
}

// nodeOffset returns the byte offset where n starts in the source, or -1.
func nodeOffset(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock {
			if lines := n.Lines(); lines != nil && lines.Len() > 0 {
				return lines.At(0).Start
			}
		}
		if t, ok := firstText(n); ok {
			return t.Segment.Start
		}
	}
	return -1
}

func firstText(n ast.Node) (*ast.Text, bool) {
	var found *ast.Text
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found, found != nil
}

// analyse fills the plain text, summary and sections of an article body.
// The text is built once; the summary, the section headings and the
// section texts are substrings of it, so an article holds its plain text
// once, not twice.
func (b *body) analyse() {
	blocks := b.textBlocks()
	size := 0
	for _, bl := range blocks {
		size += len(bl.text) + 1
	}
	var sb strings.Builder
	sb.Grow(size)
	for _, bl := range blocks {
		sb.WriteString(bl.text)
		sb.WriteByte('\n')
	}
	all := sb.String()
	cur := loket.Section{}
	start, end := -1, -1 // of the current section's text in all
	flush := func() {
		if start >= 0 {
			cur.Text = all[start:end]
		}
		if cur.Heading != "" || strings.TrimSpace(cur.Text) != "" {
			b.sections = append(b.sections, cur)
		}
		start = -1
	}
	off := 0
	for _, bl := range blocks {
		from, to := off, off+len(bl.text)
		off = to + 1
		if bl.heading != nil {
			flush()
			cur = loket.Section{Anchor: headingID(bl.heading), Heading: all[from:to], Level: bl.heading.Level}
			continue
		}
		if b.summary == "" && bl.paragraph {
			b.summary = all[from:to]
		}
		if start < 0 {
			start = from
		}
		end = to
	}
	flush()
	b.text = strings.TrimSpace(all)
}

// textBlock is the plain text of a heading or of a top-level block.
type textBlock struct {
	text      string
	heading   *ast.Heading // nil for a block that is not a heading
	paragraph bool
}

// textBlocks returns the plain text of the body's headings and top-level
// blocks, leaving out blocks without text.
func (b *body) textBlocks() []textBlock {
	var out []textBlock
	for n := b.doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			out = append(out, textBlock{text: inlineText(h, b.src), heading: h})
			continue
		}
		if t := blockText(n, b.src); t != "" {
			out = append(out, textBlock{text: t, paragraph: n.Kind() == ast.KindParagraph})
		}
	}
	return out
}

func headingID(h *ast.Heading) string {
	if v, ok := h.AttributeString("id"); ok {
		if id, ok := v.([]byte); ok {
			return string(id)
		}
	}
	return ""
}

// blockText returns the plain text of a block node: inline text joined by
// spaces, child blocks by newlines. Raw HTML is left out.
func blockText(n ast.Node, src []byte) string {
	switch n.Kind() {
	case ast.KindHTMLBlock, east.KindFootnoteList:
		return ""
	case ast.KindCodeBlock, ast.KindFencedCodeBlock:
		var sb strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			sb.Write(seg.Value(src))
		}
		return strings.TrimSpace(sb.String())
	case east.KindTableRow, east.KindTableHeader:
		var cells []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, inlineText(c, src))
		}
		return strings.Join(cells, " | ")
	}
	if !hasBlockChildren(n) {
		return inlineText(n, src)
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := blockText(c, src); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

func hasBlockChildren(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			return true
		}
	}
	return false
}

// rawCode matches inline raw HTML that opens or closes an element whose
// content is code, not text.
var rawCode = regexp.MustCompile(`(?i)^<(/?)(script|style)\b`)

// inlineText returns the text of n's inline descendants. Raw HTML is left
// out, with the content of script and style elements.
func inlineText(n ast.Node, src []byte) string {
	var sb strings.Builder
	inCode := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if raw, ok := c.(*ast.RawHTML); ok {
			if m := rawCode.FindSubmatch(raw.Segments.Value(src)); m != nil {
				inCode = len(m[1]) == 0
			}
			return ast.WalkSkipChildren, nil
		}
		if inCode {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			sb.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(t.Value)
		case *ast.AutoLink:
			sb.Write(t.Label(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return collapseSpace(sb.String())
}

// collapseSpace returns s without leading and trailing white space and with
// every run of white space inside it replaced by one space: what
// strings.Join(strings.Fields(s), " ") gives, without a slice of words.
func collapseSpace(s string) string {
	clean := true
	prevSpace := true // at the start, a space would be leading
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			clean = false // runes outside ASCII: take the careful way
			break
		}
		sp := asciiSpace[c]
		if sp && (c != ' ' || prevSpace) {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return b.String()
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

var placeholderTag = regexp.MustCompile(`<a\b[^>]*\bhref="` + linkScheme + `:(\d+)"[^>]*>`)

// resolveLinks replaces link placeholders in rendered HTML by the URLs in
// urls, indexed like the body's links. A link with an empty URL is unwrapped:
// its text stays, the link goes.
func resolveLinks(s string, urls []string) string {
	matches := placeholderTag.FindAllStringSubmatchIndex(s, -1)
	if len(matches) == 0 {
		return s
	}
	var out strings.Builder
	out.Grow(len(s) + 32*len(matches)) // a URL is a little longer than its placeholder
	last := 0
	for _, m := range matches {
		if m[0] < last {
			continue // inside a link already unwrapped
		}
		i, _ := strconv.Atoi(s[m[2]:m[3]])
		u := ""
		if i < len(urls) {
			u = urls[i]
		}
		out.WriteString(s[last:m[0]])
		if u != "" {
			out.WriteString(`<a href="` + html.EscapeString(u) + `">`)
			last = m[1]
			continue
		}
		end := strings.Index(s[m[1]:], "</a>")
		if end < 0 {
			last = m[1]
			continue
		}
		out.WriteString(s[m[1] : m[1]+end])
		last = m[1] + end + len("</a>")
	}
	out.WriteString(s[last:])
	return out.String()
}

// headingIDs gives headings readable ids in any language: accents are
// folded ("Wat kost één monteur?" becomes "wat-kost-een-monteur"), other
// characters become hyphens, and a repeated id gets a number.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs: it records an id an editor chose.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// Slug turns text into a lower-case identifier of letters, digits and
// hyphens, with accents folded: "Storing & onderhoud (Zuid)" becomes
// "storing-onderhoud-zuid".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped, the letter it was on stays
		default:
			dash = true
		}
	}
	return b.String()
}
