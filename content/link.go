package content

import (
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"

	"github.com/loket/loket"
)

// linker resolves what depends on more than one file (ids, links, related
// documents, categories) and builds a Snapshot from the parsed files.
type linker struct {
	l         *Loader
	snap      *Snapshot
	diags     []Diagnostic
	published map[string]*document // by path
	drafts    map[string]*document // by path
	byKey     map[docKey]*document
	known     map[loket.Locale]map[string]bool // declared categories
}

func (l *Loader) link(found *scanResult) *Snapshot {
	lk := &linker{
		l:         l,
		diags:     found.diags,
		published: map[string]*document{},
		drafts:    map[string]*document{},
		byKey:     map[docKey]*document{},
		known:     map[loket.Locale]map[string]bool{},
		snap: &Snapshot{
			Files:      len(found.markdown),
			LoadedAt:   l.opts.Now(),
			categories: map[loket.Locale][]Category{},
			synonyms:   map[loket.Locale][]SynonymGroup{},
			articles:   map[docKey]*loket.Article{},
			guides:     map[docKey]*loket.Guide{},
		},
	}
	lk.collect()
	lk.readSite(found.site)
	lk.readCategories(found.categories)
	lk.readSynonyms(found.synonyms)
	paths := make([]string, 0, len(lk.published))
	for p := range lk.published {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		lk.build(p)
	}
	return lk.finish()
}

// collect decides which documents are published. Of two files with the same
// id in a locale, the one that held the id in the previous snapshot keeps
// it; otherwise the first in path order.
func (lk *linker) collect() {
	owners := map[docKey][]string{}
	for _, p := range lk.l.sortedPaths() {
		d := lk.l.files[p].good
		if d.draft {
			lk.drafts[p] = d
			lk.snap.Drafts++
			continue
		}
		k := docKey{d.meta.Locale, d.meta.ID}
		owners[k] = append(owners[k], p)
	}
	for k, paths := range owners {
		winner := paths[0]
		if prev := lk.l.prev; prev != nil && len(paths) > 1 {
			if m := prevMeta(prev, k); m != nil && slices.Contains(paths, m.Path) {
				winner = m.Path
			}
		}
		for _, p := range paths {
			d := lk.l.files[p].good
			if p != winner {
				lk.errorf(p, d.line["id"], "id %q is already used in locale %s by %s; ids must be unique per locale, so this file is not published", k.id, k.locale, winner)
				continue
			}
			lk.published[p] = d
			lk.byKey[k] = d
		}
	}
}

func prevMeta(s *Snapshot, k docKey) *loket.Meta {
	if a := s.articles[k]; a != nil {
		return &a.Meta
	}
	if g := s.guides[k]; g != nil {
		return &g.Meta
	}
	return nil
}

func (lk *linker) errorf(p string, line int, format string, args ...any) {
	lk.diags = append(lk.diags, Diagnostic{Path: p, Line: line, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (lk *linker) warnf(p string, line int, format string, args ...any) {
	lk.diags = append(lk.diags, Diagnostic{Path: p, Line: line, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...)})
}

func (lk *linker) readSite(present bool) {
	lk.snap.Site = DefaultSite()
	if !present {
		return
	}
	src := lk.l.readSmallFile(siteFile, &lk.diags)
	if src == nil {
		return
	}
	ds := &diagnostics{path: siteFile}
	lk.snap.Site = lk.l.parseSite(src, ds)
	lk.diags = append(lk.diags, ds.list...)
}

func (lk *linker) readCategories(paths []string) {
	for _, p := range paths {
		src := lk.l.readSmallFile(p, &lk.diags)
		if src == nil {
			continue
		}
		ds := &diagnostics{path: p}
		locale, _ := splitLocale(p)
		cats := parseCategories(src, ds)
		lk.diags = append(lk.diags, ds.list...)
		lk.snap.categories[locale] = cats
		lk.known[locale] = map[string]bool{}
		for _, c := range cats {
			lk.known[locale][c.Slug] = true
		}
	}
}

func (lk *linker) readSynonyms(paths []string) {
	for _, p := range paths {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "synonyms/"), ".txt")
		locale, err := loket.ParseLocale(name)
		if err != nil {
			lk.errorf(p, 0, "a synonyms file is named after its locale, as synonyms/nl.txt")
			continue
		}
		src := lk.l.readSmallFile(p, &lk.diags)
		if src == nil {
			continue
		}
		ds := &diagnostics{path: p}
		lk.snap.synonyms[locale] = parseSynonyms(src, ds)
		lk.diags = append(lk.diags, ds.list...)
	}
}

// build resolves the links of one published document and adds it to the
// snapshot, reusing the previous build when nothing it depends on changed.
func (lk *linker) build(p string) {
	st := lk.l.files[p]
	d := st.good
	urls, targets := lk.resolveLinks(p, d)
	related := lk.related(p, d)
	ends := lk.resolveEndings(p, d, targets)
	lk.checkCategory(p, d)
	sig := append(append([]string{}, urls...), "\x00"+strings.Join(related, "\x00"), "\x00"+strings.Join(ends, "\x00"))
	if st.built == nil || !slices.Equal(st.builtURLs, sig) {
		st.built, st.builtURLs = lk.construct(d, urls, related, ends), sig
	}
	k := docKey{d.meta.Locale, d.meta.ID}
	switch v := st.built.(type) {
	case *loket.Article:
		lk.snap.Articles = append(lk.snap.Articles, v)
		lk.snap.articles[k] = v
	case *loket.Guide:
		lk.snap.Guides = append(lk.snap.Guides, v)
		lk.snap.guides[k] = v
	}
}

// construct builds the published value of d. ends holds, per guide step, the
// article id of its "Resolved" ending.
func (lk *linker) construct(d *document, urls, related, ends []string) any {
	meta := d.meta
	meta.URL = lk.l.opts.URL(meta.Kind, meta.Locale, meta.ID)
	meta.Related = related
	if meta.Kind == loket.KindArticle {
		return &loket.Article{
			Meta: meta, HTML: template.HTML(resolveLinks(d.html, urls)),
			Text: d.text, Summary: d.summary, Sections: d.sections,
		}
	}
	g := &loket.Guide{Meta: meta, Phone: d.phone, Text: d.text, Intro: template.HTML(resolveLinks(d.guide.intro, urls))}
	for i, s := range d.guide.steps {
		step := &loket.Step{ID: s.id, Title: s.title, HTML: template.HTML(resolveLinks(s.html, urls)), Text: s.text}
		for _, c := range s.choices {
			step.Choices = append(step.Choices, loket.Choice{Label: c.label, Next: c.next})
		}
		if s.ending != nil {
			e := *s.ending
			e.Article = ends[i]
			step.Ending = &e
		}
		g.Steps = append(g.Steps, step)
	}
	if len(g.Steps) > 0 {
		g.Start = g.Steps[0].ID
	}
	g.IndexSteps()
	return g
}

// resolveLinks returns the URL of every relative link in d ("" for one that
// does not resolve) and the document it leads to.
func (lk *linker) resolveLinks(p string, d *document) ([]string, []*document) {
	urls := make([]string, len(d.links))
	targets := make([]*document, len(d.links))
	for i, ref := range d.links {
		t := lk.published[ref.Target]
		switch {
		case ref.Target == ".." || strings.HasPrefix(ref.Target, "../"):
			lk.errorf(p, ref.Line, "link to %s points outside the content folder", ref.Target)
			continue
		case t == nil && lk.drafts[ref.Target] != nil:
			lk.errorf(p, ref.Line, "link to %s, which is a draft; publish it or remove the link", ref.Target)
			continue
		case t == nil:
			lk.errorf(p, ref.Line, "link to %s, which does not exist in the knowledge base", ref.Target)
			continue
		case d.meta.Audience == loket.AudiencePublic && t.meta.Audience == loket.AudienceInternal:
			lk.errorf(p, ref.Line, "link to internal %s from a public document; internal documents must not be reachable from public pages", ref.Target)
			continue
		}
		u := lk.l.opts.URL(t.meta.Kind, t.meta.Locale, t.meta.ID)
		if ref.Anchor != "" {
			u += "#" + ref.Anchor
		}
		urls[i], targets[i] = u, t
	}
	return urls, targets
}

// related keeps the related ids that exist and may be shown.
func (lk *linker) related(p string, d *document) []string {
	var out []string
	for _, id := range d.meta.Related {
		t := lk.byKey[docKey{d.meta.Locale, id}]
		switch {
		case t == nil:
			lk.errorf(p, d.line["related"], "related %q does not exist in locale %s", id, d.meta.Locale)
		case d.meta.Audience == loket.AudiencePublic && t.meta.Audience == loket.AudienceInternal:
			lk.errorf(p, d.line["related"], "related %q is internal; a public document cannot list it", id)
		default:
			out = append(out, id)
		}
	}
	return out
}

func (lk *linker) checkCategory(p string, d *document) {
	c, locale := d.meta.Category, d.meta.Locale
	if c == "" || lk.known[locale][c] {
		return
	}
	if _, declared := lk.known[locale]; declared {
		lk.warnf(p, d.line["category"], "category %q is not in %s; its title is shown as %q", c, categoriesFile(locale), c)
	}
	if lk.known[locale] == nil {
		lk.known[locale] = map[string]bool{}
	}
	lk.known[locale][c] = true
	lk.snap.categories[locale] = append(lk.snap.categories[locale], Category{Slug: c, Title: c})
}

// resolveEndings returns, per guide step, the id of the article its
// "Resolved" ending names, or "".
func (lk *linker) resolveEndings(p string, d *document, targets []*document) []string {
	if d.guide == nil {
		return nil
	}
	ends := make([]string, len(d.guide.steps))
	for i, s := range d.guide.steps {
		switch {
		case s.ending == nil || s.ending.Kind != loket.EndResolved:
		case s.endLink >= 0 && s.endLink < len(targets) && targets[s.endLink] != nil:
			if t := targets[s.endLink]; t.meta.Kind != loket.KindArticle {
				lk.errorf(p, s.endLine, "\"Resolved\" links to the guide %s; link an article", t.meta.Path)
			} else {
				ends[i] = t.meta.ID
			}
		case s.endID != "":
			t := lk.byKey[docKey{d.meta.Locale, s.endID}]
			switch {
			case t == nil || t.meta.Kind != loket.KindArticle:
				lk.errorf(p, s.endLine, "\"Resolved: %s\": there is no article with that id in locale %s", s.endID, d.meta.Locale)
			case d.meta.Audience == loket.AudiencePublic && t.meta.Audience == loket.AudienceInternal:
				lk.errorf(p, s.endLine, "\"Resolved: %s\" names an internal article from a public guide; internal documents must not be reachable from public pages", s.endID)
			default:
				ends[i] = s.endID
			}
		}
	}
	return ends
}

func (lk *linker) finish() *Snapshot {
	s := lk.snap
	for _, st := range lk.l.files {
		lk.diags = append(lk.diags, st.diags...)
	}
	if s.Files == 0 {
		lk.diags = append(lk.diags, Diagnostic{Path: ".", Severity: SeverityError,
			Message: "no Markdown files found: a knowledge base is a folder of .md files with front matter"})
	}
	sortDiagnostics(lk.diags)
	s.Diagnostics = lk.diags
	sortMetas(s.Articles, func(a *loket.Article) *loket.Meta { return &a.Meta })
	sortMetas(s.Guides, func(g *loket.Guide) *loket.Meta { return &g.Meta })
	seen := map[loket.Locale]bool{}
	for _, m := range s.Documents() {
		if !seen[m.Locale] {
			seen[m.Locale] = true
			s.locales = append(s.locales, m.Locale)
		}
	}
	def := lk.l.opts.DefaultLocale
	sort.Slice(s.locales, func(i, j int) bool {
		if (s.locales[i] == def) != (s.locales[j] == def) {
			return s.locales[i] == def
		}
		return s.locales[i] < s.locales[j]
	})
	return s
}
