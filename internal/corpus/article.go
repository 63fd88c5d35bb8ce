package corpus

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/loket/loket"
)

// Article is one generated article, as it is written to its file.
type Article struct {
	Locale    loket.Locale
	ID        string // "energie/meterstand-doorgeven-bij-een-verhuizing"
	Title     string
	Category  string
	Audience  loket.Audience
	Tags      []string
	Questions []string
	Voice     string   // "" for none
	Related   []string // ids of public articles in the same locale
	Updated   time.Time
	Owner     string
	Boost     float64 // 0 leaves the default
	Body      string  // Markdown
	Words     int     // words in Body
}

// Path returns the article's file path in the knowledge base, with forward
// slashes: "nl/energie/meterstand-doorgeven-bij-een-verhuizing.md".
func (a *Article) Path() string { return string(a.Locale) + "/" + a.ID + ".md" }

// link returns a Markdown link from a file in folder dir of the same locale
// to a.
func (a *Article) link(fromID string) string {
	rel := relPath(path.Dir(fromID), a.ID+".md")
	return "[" + a.Title + "](" + rel + ")"
}

// relPath returns the path of target relative to folder dir; both are
// below the same locale folder.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1) + target
}

// Markdown returns the file: YAML front matter and the body.
func (a *Article) Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(a.Title))
	if a.Audience == loket.AudienceInternal {
		b.WriteString("audience: internal\n")
	}
	fmt.Fprintf(&b, "category: %s\n", a.Category)
	fmt.Fprintf(&b, "tags: %s\n", yamlList(a.Tags))
	b.WriteString("questions:\n")
	for _, q := range a.Questions {
		fmt.Fprintf(&b, "  - %s\n", yamlString(q))
	}
	if a.Voice != "" {
		fmt.Fprintf(&b, "voice: %s\n", yamlString(a.Voice))
	}
	if len(a.Related) > 0 {
		fmt.Fprintf(&b, "related: %s\n", yamlList(a.Related))
	}
	fmt.Fprintf(&b, "updated: %s\n", a.Updated.Format(time.DateOnly))
	fmt.Fprintf(&b, "owner: %s\n", yamlString(a.Owner))
	if a.Boost != 0 {
		fmt.Fprintf(&b, "boost: %s\n", strconv.FormatFloat(a.Boost, 'f', -1, 64))
	}
	b.WriteString("---\n\n")
	b.WriteString(a.Body)
	return b.Bytes()
}

// plainScalar matches text that YAML reads as the same string without
// quotes, in block and in flow context.
var plainScalar = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} .?!’'()/€-]*$`)

// yamlString writes s as a YAML scalar: plain, as an editor would, when
// that reads back as the same string; double-quoted otherwise.
func yamlString(s string) string {
	if plainScalar.MatchString(s) && !strings.HasSuffix(s, " ") && !yamlSpecial(s) {
		return s
	}
	// Go's quoting of printable text is valid YAML double-quoted style.
	return strconv.Quote(s)
}

// yamlSpecial reports whether YAML would read s as something other than a
// string: a number, a boolean or null.
func yamlSpecial(s string) bool {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		return true
	}
	return false
}

func yamlList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = yamlString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
