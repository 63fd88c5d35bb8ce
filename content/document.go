package content

import (
	"path"
	"regexp"
	"strings"

	"github.com/loket/loket"
)

// document is one file as parsed on its own, before links between files are
// resolved. It is cached by the Loader and reused while the file is unchanged.
type document struct {
	meta     loket.Meta
	draft    bool
	phone    bool
	links    []linkRef
	lines    keyLines // of the front-matter keys the linker reports on
	html     string   // articles: HTML with link placeholders
	text     string
	summary  string
	sections []loket.Section
	guide    *guideParts
}

// keyLines are the file lines of the front-matter keys that diagnostics
// found while linking point at; 0 when the key is absent.
type keyLines struct {
	id, related, category int
}

// idPattern is what an id may look like: it starts with a letter, digit or
// "_" and has no spaces, control characters or backslashes. Other
// punctuation ("faq?", "c++") is escaped where the id is part of a URL.
var idPattern = regexp.MustCompile(`^[\p{L}\p{N}_][^\s\p{C}\\]*$`)

// parseDocument parses one Markdown file. It returns nil when the file has
// errors that keep it from being published; ds holds them.
func parseDocument(md *markdown, filePath string, src []byte, opts *Options, ds *diagnostics) *document {
	fmSrc, bodySrc, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		ds.errorf(1, "%v", err)
		return nil
	}
	fm := parseFrontMatter(fmSrc, ds, opts.Strict)
	if fm == nil {
		return nil
	}
	d := &document{draft: fm.Draft, phone: fm.Phone,
		lines: keyLines{id: fm.line["id"], related: fm.line["related"], category: fm.line["category"]}}
	d.meta = loket.Meta{
		Title: fm.Title, Category: fm.Category, Tags: fm.Tags, Questions: fm.Questions,
		Voice: fm.Voice, Related: fm.Related, Updated: fm.Updated, Owner: fm.Owner,
		Boost: fm.Boost, Path: filePath, Extra: fm.Extra,
	}
	d.setKind(fm, ds)
	d.setAudience(fm, ds)
	d.setLocaleAndID(filePath, fm, opts.DefaultLocale, ds)
	if fm.Phone && d.meta.Kind != loket.KindGuide {
		ds.warnf(fm.line["phone"], "phone only applies to guides; it is ignored on an article")
	}
	b := md.parse(filePath, bodySrc, bodyLine)
	d.links = b.links
	if d.meta.Kind == loket.KindGuide {
		d.guide = md.parseGuide(b, ds)
		d.text = d.guide.text
	} else {
		b.analyse()
		if d.html, err = md.render(b); err != nil {
			ds.errorf(bodyLine, "%v", err)
		}
		d.text, d.summary, d.sections = b.text, b.summary, b.sections
	}
	if ds.hasErrors() {
		return nil
	}
	return d
}

func (d *document) setKind(fm *frontMatter, ds *diagnostics) {
	switch strings.ToLower(fm.Type) {
	case "", "article":
		d.meta.Kind = loket.KindArticle
	case "guide":
		d.meta.Kind = loket.KindGuide
	default:
		ds.errorf(fm.line["type"], "type %q is unknown: use article or guide", fm.Type)
	}
}

func (d *document) setAudience(fm *frontMatter, ds *diagnostics) {
	a := loket.Audience(strings.ToLower(fm.Audience))
	if a == "" {
		a = loket.AudiencePublic
	}
	if !a.Valid() {
		ds.errorf(fm.line["audience"], "audience %q is unknown: use public or internal", fm.Audience)
	}
	d.meta.Audience = a
}

// setLocaleAndID derives the locale from the first folder and the id from
// the path below it, unless the front matter sets them.
func (d *document) setLocaleAndID(filePath string, fm *frontMatter, def loket.Locale, ds *diagnostics) {
	locale, rest := splitLocale(filePath)
	if locale == "" {
		locale = def
	}
	if fm.Locale != "" {
		l, err := loket.ParseLocale(fm.Locale)
		if err != nil {
			ds.errorf(fm.line["locale"], "locale: %s", loket.ErrorMessage(err))
		}
		locale = l
	}
	d.meta.Locale = locale
	id := strings.TrimSuffix(rest, path.Ext(rest))
	line := 1
	if fm.ID != "" {
		id, line = strings.Trim(fm.ID, "/"), fm.line["id"]
	}
	if !validID(id) {
		ds.errorf(line, "id %q is not valid: start with a letter or digit, and use no spaces, backslashes, \"..\" or \"//\" (set \"id:\" or rename the file)", id)
	}
	d.meta.ID = id
}

// splitLocale returns the locale named by the first folder of p, if it is
// named like one, and the rest of the path.
func splitLocale(p string) (loket.Locale, string) {
	first, rest, ok := strings.Cut(p, "/")
	if !ok {
		return "", p
	}
	l, err := loket.ParseLocale(first)
	if err != nil {
		return "", p
	}
	return l, rest
}

func validID(id string) bool {
	return idPattern.MatchString(id) && !strings.Contains(id, "//") && !strings.Contains(id, "..") && !strings.HasSuffix(id, "/")
}
