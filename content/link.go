package content

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"

	"github.com/loket/loket"
)

// graph is what the linker keeps from one load to the next: which file
// publishes each id, the documents published and in draft, and which
// documents refer to which. A change is then followed by resolving again
// only the documents it can affect.
type graph struct {
	claims     map[docKey]*claim
	published  map[string]*document // by path
	drafts     map[string]*document // by path
	linkedBy   map[string][]string  // file path → paths of the documents that link to it
	namedBy    map[docKey][]string  // id → paths of the documents that name it (related, "Resolved: id")
	categories map[loket.Locale]map[string]*categoryUse
	locales    map[loket.Locale]int // published documents per locale
}

// claim is the files whose good, non-draft documents have one id in one
// locale.
type claim struct {
	paths []string  // in path order
	owner string    // the path that publishes the id; "" when none
	doc   *document // the document published under the id
}

// categoryUse counts the published documents of a locale in one category.
type categoryUse struct {
	n     int
	first string // the first of them by path; "" when it must be looked up
}

func newGraph() *graph {
	return &graph{
		claims: map[docKey]*claim{}, published: map[string]*document{}, drafts: map[string]*document{},
		linkedBy: map[string][]string{}, namedBy: map[docKey][]string{},
		categories: map[loket.Locale]map[string]*categoryUse{}, locales: map[loket.Locale]int{},
	}
}

// doc returns the document published under k, or nil.
func (g *graph) doc(k docKey) *document {
	if c := g.claims[k]; c != nil {
		return c.doc
	}
	return nil
}

// linker turns the files of one load into a Snapshot: it brings the graph
// up to date with the documents that changed, resolves again the links of
// the documents that depend on them, and reads the settings, categories
// and synonyms, which are small and read on every load.
type linker struct {
	l         *Loader
	g         *graph
	snap      *Snapshot
	stats     LoadStats
	diags     []Diagnostic                     // of site.yml, categories and synonyms
	known     map[loket.Locale]map[string]bool // declared categories
	contested map[docKey]bool                  // ids whose claims changed
	dirty     map[string]bool                  // paths of documents to link again
	keys      map[docKey]bool                  // ids whose published value may have changed
	built     []Diagnostic                     // problems found linking the current document
}

func (l *Loader) link(run *loadRun) *Snapshot {
	lk := &linker{
		l: l, g: l.graph, stats: run.stats,
		known:     map[loket.Locale]map[string]bool{},
		contested: map[docKey]bool{}, dirty: map[string]bool{}, keys: map[docKey]bool{},
		snap: &Snapshot{
			Files:      len(l.files),
			LoadedAt:   l.opts.Now(),
			categories: map[loket.Locale][]Category{},
			synonyms:   map[loket.Locale][]SynonymGroup{},
		},
	}
	lk.readSite(l.small.site)
	lk.readCategories(slices.Sorted(maps.Keys(l.small.categories)))
	lk.readSynonyms(slices.Sorted(maps.Keys(l.small.synonyms)))
	for _, p := range slices.Sorted(maps.Keys(run.changed)) {
		lk.withdraw(p, run.changed[p])
		if st := l.files[p]; st != nil && st.good != nil {
			lk.add(p, st.good)
		}
	}
	for _, k := range sortedDocKeys(lk.contested) {
		lk.decide(k)
	}
	for _, p := range slices.Sorted(maps.Keys(lk.dirty)) {
		lk.build(p)
	}
	snap := lk.finish()
	l.prev = snap
	return snap
}

func (d *document) key() docKey { return docKey{d.meta.Locale, d.meta.ID} }

// withdraw takes the previous version of the file at p out of the graph.
func (lk *linker) withdraw(p string, d *document) {
	if d == nil {
		return
	}
	if d.draft {
		delete(lk.g.drafts, p)
		lk.touchPath(p)
		return
	}
	k := d.key()
	c := lk.g.claims[k]
	c.paths = slices.DeleteFunc(c.paths, func(q string) bool { return q == p })
	lk.contested[k] = true
	for _, t := range d.linkTargets() {
		lk.g.linkedBy[t] = without(lk.g.linkedBy[t], p)
		if len(lk.g.linkedBy[t]) == 0 {
			delete(lk.g.linkedBy, t)
		}
	}
	for _, n := range d.namedKeys() {
		lk.g.namedBy[n] = without(lk.g.namedBy[n], p)
		if len(lk.g.namedBy[n]) == 0 {
			delete(lk.g.namedBy, n)
		}
	}
}

// add puts the current version of the file at p into the graph.
func (lk *linker) add(p string, d *document) {
	if d.draft {
		lk.g.drafts[p] = d
		lk.touchPath(p)
		return
	}
	k := d.key()
	c := lk.g.claims[k]
	if c == nil {
		c = &claim{}
		lk.g.claims[k] = c
	}
	i, _ := slices.BinarySearch(c.paths, p)
	c.paths = slices.Insert(c.paths, i, p)
	lk.contested[k] = true
	for _, t := range d.linkTargets() {
		if !slices.Contains(lk.g.linkedBy[t], p) {
			lk.g.linkedBy[t] = append(lk.g.linkedBy[t], p)
		}
	}
	for _, n := range d.namedKeys() {
		if !slices.Contains(lk.g.namedBy[n], p) {
			lk.g.namedBy[n] = append(lk.g.namedBy[n], p)
		}
	}
}

// linkTargets returns the files d links to.
func (d *document) linkTargets() []string {
	out := make([]string, len(d.links))
	for i, ref := range d.links {
		out[i] = ref.Target
	}
	return out
}

// namedKeys returns the ids d names: its related documents and the
// articles its "Resolved: id" endings name.
func (d *document) namedKeys() []docKey {
	var out []docKey
	for _, id := range d.meta.Related {
		out = append(out, docKey{d.meta.Locale, id})
	}
	if d.guide != nil {
		for _, s := range d.guide.steps {
			if s.endID != "" {
				out = append(out, docKey{d.meta.Locale, s.endID})
			}
		}
	}
	return out
}

func without(list []string, p string) []string {
	return slices.DeleteFunc(list, func(q string) bool { return q == p })
}

// decide chooses the file that publishes an id whose claims changed. Of
// two files with the same id in a locale, the one that published it before
// keeps it; otherwise the first in path order. The others are reported.
func (lk *linker) decide(k docKey) {
	c := lk.g.claims[k]
	owner := ""
	if len(c.paths) > 0 {
		owner = c.paths[0]
		if slices.Contains(c.paths, c.owner) {
			owner = c.owner
		}
	}
	var doc *document
	if owner != "" {
		doc = lk.l.files[owner].good
	}
	if c.owner != "" && (c.owner != owner || c.doc != doc) {
		lk.unpublish(c.owner, c.doc)
	}
	if doc != nil {
		lk.publish(owner, doc)
	}
	if c.doc != doc {
		lk.touchKey(k)
		lk.keys[k] = true
	}
	c.owner, c.doc = owner, doc
	for _, p := range c.paths {
		st := lk.l.files[p]
		st.dupDiag = nil
		if p != owner {
			st.dupDiag = []Diagnostic{{Path: p, Line: st.good.lines.id, Severity: SeverityError,
				Message: fmt.Sprintf("id %q is already used in locale %s by %s; ids must be unique per locale, so this file is not published", k.id, k.locale, owner)}}
		}
		lk.l.noteDiags(p)
	}
	if len(c.paths) == 0 {
		delete(lk.g.claims, k)
	}
}

// publish makes d the published document of the file at p.
func (lk *linker) publish(p string, d *document) {
	old := lk.g.published[p]
	if old == d {
		return
	}
	if old != nil {
		lk.count(p, old, -1)
	}
	lk.g.published[p] = d
	lk.count(p, d, 1)
	lk.touchPath(p)
	lk.dirty[p] = true
}

// unpublish withdraws d, the document the file at p published, unless the
// file publishes another document by now.
func (lk *linker) unpublish(p string, d *document) {
	if lk.g.published[p] != d {
		return
	}
	delete(lk.g.published, p)
	lk.count(p, d, -1)
	lk.touchPath(p)
	if st := lk.l.files[p]; st != nil {
		st.linkDiags = nil
		lk.l.noteDiags(p)
	}
}

// count adds n to the documents of d's locale and category.
func (lk *linker) count(p string, d *document, n int) {
	locale, slug := d.meta.Locale, d.meta.Category
	if lk.g.locales[locale] += n; lk.g.locales[locale] == 0 {
		delete(lk.g.locales, locale)
	}
	if slug == "" {
		return
	}
	uses := lk.g.categories[locale]
	if uses == nil {
		uses = map[string]*categoryUse{}
		lk.g.categories[locale] = uses
	}
	u := uses[slug]
	if u == nil {
		u = &categoryUse{first: p}
		uses[slug] = u
	}
	u.n += n
	switch {
	case u.n == 0:
		delete(uses, slug)
		if len(uses) == 0 {
			delete(lk.g.categories, locale)
		}
	case n > 0 && u.first != "" && p < u.first:
		u.first = p
	case n < 0 && u.first == p:
		u.first = ""
	}
}

// touchPath marks the documents that link to the file at p for linking again.
func (lk *linker) touchPath(p string) {
	for _, q := range lk.g.linkedBy[p] {
		lk.dirty[q] = true
	}
}

// touchKey marks the documents that name the id k for linking again.
func (lk *linker) touchKey(k docKey) {
	for _, q := range lk.g.namedBy[k] {
		lk.dirty[q] = true
	}
}

func (lk *linker) errorf(p string, line int, format string, args ...any) {
	lk.built = append(lk.built, Diagnostic{Path: p, Line: line, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (lk *linker) fileErrorf(p string, line int, format string, args ...any) {
	lk.diags = append(lk.diags, Diagnostic{Path: p, Line: line, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
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
			lk.fileErrorf(p, 0, "a synonyms file is named after its locale, as synonyms/nl.txt")
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

// build resolves the links of one published document and records its
// published value, reusing the previous one when nothing it depends on
// changed.
func (lk *linker) build(p string) {
	d := lk.g.published[p]
	if d == nil {
		return
	}
	st := lk.l.files[p]
	lk.built = nil
	urls, targets := lk.resolveLinks(p, d)
	related := lk.related(p, d)
	ends := lk.resolveEndings(p, d, targets)
	st.linkDiags = lk.built
	lk.l.noteDiags(p)
	sig := append(append([]string{}, urls...), "\x00"+strings.Join(related, "\x00"), "\x00"+strings.Join(ends, "\x00"))
	if st.built == nil || !slices.Equal(st.builtSig, sig) {
		st.built, st.builtSig = lk.construct(d, urls, related, ends), sig
	}
	lk.keys[d.key()] = true
	lk.stats.Linked++
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
		t := lk.g.published[ref.Target]
		switch {
		case ref.Target == ".." || strings.HasPrefix(ref.Target, "../"):
			lk.errorf(p, ref.Line, "link to %s points outside the content folder", ref.Target)
			continue
		case t == nil && lk.g.drafts[ref.Target] != nil:
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
		t := lk.g.doc(docKey{d.meta.Locale, id})
		switch {
		case t == nil:
			lk.errorf(p, d.lines.related, "related %q does not exist in locale %s", id, d.meta.Locale)
		case d.meta.Audience == loket.AudiencePublic && t.meta.Audience == loket.AudienceInternal:
			lk.errorf(p, d.lines.related, "related %q is internal; a public document cannot list it", id)
		default:
			out = append(out, id)
		}
	}
	return out
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
			t := lk.g.doc(docKey{d.meta.Locale, s.endID})
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

// finish assembles the Snapshot: the previous one's documents with the
// changed ones replaced, and every file's diagnostics.
func (lk *linker) finish() *Snapshot {
	s, prev := lk.snap, lk.l.prev
	if prev == nil {
		prev = &Snapshot{}
	}
	s.Stats = lk.stats
	s.Drafts = len(lk.g.drafts)
	keys := sortedDocKeys(lk.keys)
	s.articles, s.guides = maps.Clone(prev.articles), maps.Clone(prev.guides)
	if s.articles == nil {
		s.articles = map[docKey]*loket.Article{}
	}
	if s.guides == nil {
		s.guides = map[docKey]*loket.Guide{}
	}
	for _, k := range keys {
		delete(s.articles, k)
		delete(s.guides, k)
		c := lk.g.claims[k]
		if c == nil || c.doc == nil {
			continue
		}
		switch v := lk.l.files[c.owner].built.(type) {
		case *loket.Article:
			s.articles[k] = v
		case *loket.Guide:
			s.guides[k] = v
		}
	}
	s.Articles = mergeSorted(prev.Articles, keys, s.articles, func(a *loket.Article) docKey { return docKey{a.Locale, a.ID} })
	s.Guides = mergeSorted(prev.Guides, keys, s.guides, func(g *loket.Guide) docKey { return docKey{g.Locale, g.ID} })
	s.Diagnostics = lk.diagnostics()
	s.locales = lk.locales()
	return s
}

// diagnostics collects the problems of every file, sorted by path and line.
func (lk *linker) diagnostics() []Diagnostic {
	out := append(slices.Clone(lk.l.scanDiags), lk.diags...)
	var parsed []Diagnostic
	for p := range lk.l.withDiags {
		st := lk.l.files[p]
		out = append(out, st.dupDiag...)
		out = append(out, st.linkDiags...)
		parsed = append(parsed, st.diags...)
	}
	out = append(out, lk.listCategories()...)
	out = append(out, parsed...)
	if len(lk.l.files) == 0 {
		out = append(out, Diagnostic{Path: ".", Severity: SeverityError,
			Message: "no Markdown files found: a knowledge base is a folder of .md files with front matter"})
	}
	sortDiagnostics(out)
	return out
}

// listCategories adds the categories documents use but categories.yml
// lacks to the snapshot, ordered by the first document that uses them, and
// returns a warning for each when the locale has a categories.yml.
func (lk *linker) listCategories() []Diagnostic {
	var diags []Diagnostic
	for locale, uses := range lk.g.categories {
		type extra struct{ slug, first string }
		var extras []extra
		for slug, u := range uses {
			if lk.known[locale][slug] {
				continue
			}
			if u.first == "" {
				u.first = lk.firstUser(locale, slug)
			}
			extras = append(extras, extra{slug, u.first})
		}
		slices.SortFunc(extras, func(a, b extra) int { return strings.Compare(a.first, b.first) })
		_, declared := lk.known[locale]
		for _, x := range extras {
			if declared {
				diags = append(diags, Diagnostic{Path: x.first, Line: lk.g.published[x.first].lines.category, Severity: SeverityWarning,
					Message: fmt.Sprintf("category %q is not in %s; its title is shown as %q", x.slug, categoriesFile(locale), x.slug)})
			}
			lk.snap.categories[locale] = append(lk.snap.categories[locale], Category{Slug: x.slug, Title: x.slug})
		}
	}
	return diags
}

// firstUser returns the first published document by path in a locale and
// category.
func (lk *linker) firstUser(locale loket.Locale, slug string) string {
	first := ""
	for p, d := range lk.g.published {
		if d.meta.Locale == locale && d.meta.Category == slug && (first == "" || p < first) {
			first = p
		}
	}
	return first
}

// locales returns the locales with published documents, the default
// locale first.
func (lk *linker) locales() []loket.Locale {
	out := slices.Collect(maps.Keys(lk.g.locales))
	def := lk.l.opts.DefaultLocale
	slices.SortFunc(out, func(a, b loket.Locale) int {
		if (a == def) != (b == def) {
			if a == def {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a), string(b))
	})
	return out
}

// sortedDocKeys returns the keys of m ordered by locale, then id.
func sortedDocKeys(m map[docKey]bool) []docKey {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, compareKeys)
	return keys
}

func compareKeys(a, b docKey) int {
	if c := strings.Compare(string(a.locale), string(b.locale)); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// mergeSorted returns prev, a list sorted by key, with the values of the
// sorted keys replaced by those in current: changed, added or left out.
func mergeSorted[T any](prev []T, keys []docKey, current map[docKey]T, key func(T) docKey) []T {
	out := make([]T, 0, len(prev)+len(keys))
	i := 0
	for _, k := range keys {
		for i < len(prev) && compareKeys(key(prev[i]), k) < 0 {
			out = append(out, prev[i])
			i++
		}
		if i < len(prev) && key(prev[i]) == k {
			i++
		}
		if v, ok := current[k]; ok {
			out = append(out, v)
		}
	}
	return append(out, prev[i:]...)
}
