package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the typed front matter of one file. Line numbers are file
// lines, for diagnostics.
type frontMatter struct {
	Title     string
	ID        string
	Locale    string
	Type      string
	Audience  string
	Category  string
	Tags      []string
	Questions []string
	Voice     string
	Related   []string
	Updated   time.Time
	Owner     string
	Draft     bool
	Boost     float64
	Phone     bool
	Extra     map[string]any

	line map[string]int // key → file line of the key
}

// knownKeys lists the front-matter keys Loket understands, for typo hints.
var knownKeys = []string{
	"title", "id", "locale", "type", "audience", "category", "tags", "questions",
	"voice", "related", "updated", "owner", "draft", "boost", "phone",
}

// splitFrontMatter separates "---\n yaml \n---\n body". It returns the YAML,
// the body and the file line on which the body starts.
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, err error) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	switch {
	case !ok && bytes.Equal(bytes.TrimSpace(src), []byte("---")):
		return nil, nil, 0, errNotClosed
	case !ok:
		return nil, nil, 0, fmt.Errorf("no front matter: start the file with a line \"---\", then the front matter (at least a title), then another \"---\"")
	}
	line := 2
	for len(rest) > 0 {
		end := bytes.IndexByte(rest, '\n')
		var l []byte
		if end < 0 {
			l, end = rest, len(rest)-1
		} else {
			l = rest[:end]
		}
		if t := bytes.TrimRight(l, " \t"); string(t) == "---" || string(t) == "..." {
			fmStart := 4
			fmEnd := len(src) - len(rest)
			return src[fmStart:fmEnd], rest[end+1:], line + 1, nil
		}
		rest = rest[end+1:]
		line++
	}
	return nil, nil, 0, errNotClosed
}

var errNotClosed = errors.New("the front matter is not closed: add a line \"---\" after it")

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseFrontMatter decodes the YAML between the "---" lines; it starts on
// file line 2. Every problem is reported with the file line it is on.
func parseFrontMatter(src []byte, ds *diagnostics, strict bool) *frontMatter {
	fm := &frontMatter{Boost: 1, line: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := yamlError(err)
		ds.errorf(line+1, "malformed front matter: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		ds.errorf(1, "the front matter is empty: a title is required")
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ds.errorf(root.Line+1, "the front matter must be a list of keys with values (title: ..., tags: ...)")
		return nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		line := k.Line + 1
		if seen[k.Value] {
			ds.errorf(line, "key %q appears twice in the front matter", k.Value)
			continue
		}
		seen[k.Value] = true
		fm.line[k.Value] = line
		fm.set(k.Value, v, line, ds, strict)
	}
	if strings.TrimSpace(fm.Title) == "" {
		ds.errorf(1, "missing title: add \"title: ...\" to the front matter")
	}
	return fm
}

// yamlError turns a yaml.v3 error into the line of the YAML text it is on
// (1-based) and a message without the library's prefix. yaml.v3 counts the
// lines of parser errors from 0 and those of scanner errors from 1, and
// leaves the line out when its count is 0; this undoes both.
func yamlError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(yamlLine.ReplaceAllString(msg, ""))
		msg = strings.TrimPrefix(msg, ": ")
		if yamlParserProblems[msg] {
			line++
		}
	}
	return line, msg
}

// yamlParserProblems are the messages of yaml.v3's parser errors, whose lines
// it counts from 0.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
	"found undefined tag handle":             true,
}

func (fm *frontMatter) set(key string, v *yaml.Node, line int, ds *diagnostics, strict bool) {
	var err error
	switch key {
	case "title":
		fm.Title, err = scalarString(v)
	case "id":
		fm.ID, err = scalarString(v)
	case "locale":
		fm.Locale, err = scalarString(v)
	case "type":
		fm.Type, err = scalarString(v)
	case "audience":
		fm.Audience, err = scalarString(v)
	case "category":
		fm.Category, err = scalarString(v)
	case "voice":
		fm.Voice, err = scalarString(v)
	case "owner":
		fm.Owner, err = scalarString(v)
	case "tags":
		fm.Tags, err = stringList(v)
	case "questions":
		fm.Questions, err = stringList(v)
	case "related":
		fm.Related, err = stringList(v)
	case "updated":
		fm.Updated, err = date(v)
	case "draft":
		fm.Draft, err = boolean(v)
	case "phone":
		fm.Phone, err = boolean(v)
	case "boost":
		fm.Boost, err = number(v)
		if err == nil && (fm.Boost < 0.1 || fm.Boost > 10) {
			err = fmt.Errorf("must be between 0.1 and 10")
		}
	default:
		fm.setExtra(key, v, line, ds, strict)
		return
	}
	if err != nil {
		ds.errorf(line, "%s: %v", key, err)
	}
}

func (fm *frontMatter) setExtra(key string, v *yaml.Node, line int, ds *diagnostics, strict bool) {
	var val any
	if err := v.Decode(&val); err != nil {
		val = v.Value
	}
	if fm.Extra == nil {
		fm.Extra = map[string]any{}
	}
	fm.Extra[key] = val
	msg := fmt.Sprintf("unknown front-matter key %q", key)
	if hint := closestKey(key); hint != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", hint)
	}
	if strict {
		ds.errorf(line, "%s", msg)
		return
	}
	ds.warnf(line, "%s; it is kept but not used", msg)
}

func scalarString(v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("must be text, not a %s", nodeKind(v))
	}
	if v.Tag == "!!null" {
		return "", nil
	}
	return strings.TrimSpace(v.Value), nil
}

func stringList(v *yaml.Node) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			return nil, nil
		}
		return []string{strings.TrimSpace(v.Value)}, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.Content))
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("must be a list of text, but item on line %d is a %s", item.Line+1, nodeKind(item))
			}
			if s := strings.TrimSpace(item.Value); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("must be a list of text, not a %s", nodeKind(v))
}

var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04"}

func date(v *yaml.Node) (time.Time, error) {
	if v.Kind != yaml.ScalarNode {
		return time.Time{}, fmt.Errorf("must be a date such as 2026-10-14, not a %s", nodeKind(v))
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, strings.TrimSpace(v.Value)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2026-10-14", v.Value)
}

func boolean(v *yaml.Node) (bool, error) {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		return false, fmt.Errorf("must be true or false, not %q", v.Value)
	}
	return b, nil
}

func number(v *yaml.Node) (float64, error) {
	var f float64
	if v.Kind != yaml.ScalarNode || v.Decode(&f) != nil {
		return 0, fmt.Errorf("must be a number such as 1.5, not %q", v.Value)
	}
	return f, nil
}

func nodeKind(v *yaml.Node) string {
	switch v.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	}
	return "value"
}

// closestKey returns the known key within two edits of key, if any.
func closestKey(key string) string {
	best, bestDist := "", 3
	for _, k := range knownKeys {
		if d := editDistance(strings.ToLower(key), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == key {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// sortedKeys returns the keys of m in order, for stable output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
