package content

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loket/loket"
)

// Options configure how a knowledge base is loaded.
type Options struct {
	// DefaultLocale is the locale of files outside a locale folder; "nl"
	// when empty.
	DefaultLocale loket.Locale
	// Strict makes unknown front-matter keys errors instead of warnings.
	Strict bool
	// MaxFileSize is the largest file read, DefaultMaxFileSize when zero.
	MaxFileSize int64
	// URL returns the path at which the help site serves a document;
	// DocumentURL when nil.
	URL func(kind loket.Kind, locale loket.Locale, id string) string
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Progress, when set, is called while a load reads and parses many
	// files on every core: done of total files, one call at a time and
	// about a hundred in all.
	Progress func(done, total int)
}

// DocumentURL is the default URL scheme: /nl/articles/internet/storing and
// /nl/guides/geen-internet.
func DocumentURL(kind loket.Kind, locale loket.Locale, id string) string {
	seg := "articles"
	if kind == loket.KindGuide {
		seg = "guides"
	}
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/" + string(locale) + "/" + seg + "/" + strings.Join(parts, "/")
}

func (o *Options) defaults() {
	if o.DefaultLocale == "" {
		o.DefaultLocale = "nl"
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.URL == nil {
		o.URL = DocumentURL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Load reads the knowledge base in fsys once. It returns an error only when
// the folder itself cannot be read; problems in files are in the Snapshot's
// Diagnostics.
func Load(fsys fs.FS, opts Options) (*Snapshot, error) {
	return NewLoader(fsys, opts).Load()
}

// Loader loads a knowledge base again and again. It re-reads only the
// files whose size or modification time changed since the last load,
// re-parses only those whose content changed, and resolves again only the
// links, related documents and endings a change can affect; it keeps the
// last good version of a file that has become unloadable. It is safe for
// concurrent use; loads run one at a time.
type Loader struct {
	fsys fs.FS
	opts Options
	md   *markdown
	seed maphash.Seed

	mu        sync.Mutex
	files     map[string]*fileState // every Markdown file found, by path
	withDiags map[string]bool       // the files that have diagnostics
	symlinks  map[string]bool       // the Markdown files that are symbolic links
	small     smallFiles            // the settings, categories and synonyms files found
	scanDiags []Diagnostic          // problems of the last full scan
	graph     *graph
	pending   *loadRun // of a load that failed
	prev      *Snapshot
}

// fileState is what the Loader remembers of one Markdown file.
type fileState struct {
	size   int64
	mod    time.Time
	stated bool         // size and mod are those of the content last read
	hash   uint64       // of the content last read
	hashed bool         // hash is set: the content was read without error
	good   *document    // the last version that loaded without errors
	diags  []Diagnostic // problems of the file as it is now

	// Kept by the linker while good does not change.
	built     any          // the *loket.Article or *loket.Guide built from good
	builtSig  []string     // the link URLs, related ids and endings it was built with
	linkDiags []Diagnostic // problems found resolving good's links, related ids and endings
	dupDiag   []Diagnostic // good's id is published by another file
}

// smallFiles are the files besides the Markdown files that a load reads.
type smallFiles struct {
	site       bool            // the folder has a site.yml
	categories map[string]bool // paths of categories.yml files
	synonyms   map[string]bool // paths of synonyms files
}

// NewLoader returns a Loader for the knowledge base in fsys.
func NewLoader(fsys fs.FS, opts Options) *Loader {
	opts.defaults()
	return &Loader{
		fsys: fsys, opts: opts, md: newMarkdown(), seed: maphash.MakeSeed(),
		files: map[string]*fileState{}, withDiags: map[string]bool{}, symlinks: map[string]bool{}, graph: newGraph(),
	}
}

// Load reads the knowledge base and returns a new Snapshot. It looks at
// every file of the folder; LoadChange looks only at the files that
// changed.
func (l *Loader) Load() (*Snapshot, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.loadAll(l.newRun())
}

// LoadChange loads the knowledge base again after the change a Watcher
// reported. It checks only the files the change names (and the targets of
// symbolic links), unless the change is not limited to files it knows
// about: All, a folder added, removed or renamed, a path it cannot
// examine. Then, and on the first load, it looks at every file as Load does.
func (l *Loader) LoadChange(c Change) (*Snapshot, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	run := l.newRun()
	if c.All || l.prev == nil {
		return l.loadAll(run)
	}
	for _, p := range c.Paths {
		if !l.check(p, run) {
			// Files checked so far may have changed: run keeps them.
			return l.loadAll(run)
		}
	}
	for p := range l.symlinks {
		if !l.check(p, run) {
			return l.loadAll(run)
		}
	}
	return l.link(run), nil
}

// loadAll scans the whole folder and loads what changed since the last
// load, adding to run.
func (l *Loader) loadAll(run *loadRun) (*Snapshot, error) {
	found, err := l.scan()
	if err != nil {
		l.pending = run // the changes found so far are linked by the next load
		return nil, err
	}
	run.stats.Full, run.stats.Checked = true, 0
	seen := make(map[string]bool, len(found.markdown))
	pre := l.readAll(found.markdown)
	for i, f := range found.markdown {
		seen[f.path] = true
		l.refresh(f.path, f.info, f.symlink, run, pre[i])
	}
	for p := range l.files {
		if !seen[p] {
			l.forget(p, run)
		}
	}
	l.small, l.scanDiags = found.small, found.diags
	return l.link(run), nil
}

// loadRun is the work of one load: the files whose good document changed,
// with the document they had before (nil for a new file), and figures.
type loadRun struct {
	changed map[string]*document
	stats   LoadStats
}

// newRun starts a load, with the changes of a load that failed.
func (l *Loader) newRun() *loadRun {
	if run := l.pending; run != nil {
		l.pending = nil
		run.stats = LoadStats{}
		return run
	}
	return &loadRun{changed: map[string]*document{}}
}

// setGood makes doc the good version of the file at p (nil when the file
// is gone), remembering the version it had for the linker.
func (run *loadRun) setGood(p string, st *fileState, doc *document) {
	if _, ok := run.changed[p]; !ok {
		run.changed[p] = st.good
	}
	st.good, st.built, st.builtSig, st.linkDiags, st.dupDiag = doc, nil, nil, nil, nil
}

type foundFile struct {
	path    string
	info    fs.FileInfo
	symlink bool
}

type scanResult struct {
	markdown []foundFile
	small    smallFiles
	diags    []Diagnostic
}

// scan lists the files of the knowledge base, in lexical order.
func (l *Loader) scan() (*scanResult, error) {
	res := &scanResult{small: smallFiles{categories: map[string]bool{}, synonyms: map[string]bool{}}}
	err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			res.diags = append(res.diags, Diagnostic{Path: p, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			return nil
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		l.classify(p, d, res)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read content folder: %w", unwrapPathError(err))
	}
	return res, nil
}

func (l *Loader) classify(p string, d fs.DirEntry, res *scanResult) {
	kind := kindOf(p)
	if kind != kindMarkdown {
		res.small.add(p, kind)
		return
	}
	info, err := d.Info()
	symlink := d.Type()&fs.ModeSymlink != 0
	if err == nil && symlink {
		// A link's own time does not change when its target is saved.
		if target, err := fs.Stat(l.fsys, p); err == nil {
			info = target
		}
	}
	if err != nil {
		res.diags = append(res.diags, Diagnostic{Path: p, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
		return
	}
	res.markdown = append(res.markdown, foundFile{p, info, symlink})
}

// fileKind tells the files of a knowledge base apart by their paths.
type fileKind int

const (
	kindOther fileKind = iota
	kindMarkdown
	kindCategories
	kindSynonyms
	kindSite
)

// kindOf tells what the file at p is, by its path alone.
func kindOf(p string) fileKind {
	name := path.Base(p)
	switch {
	case strings.EqualFold(path.Ext(name), ".md"):
		if strings.EqualFold(p, "README.md") {
			return kindOther
		}
		return kindMarkdown
	case name == "categories.yml" && path.Dir(p) != ".":
		if _, rest := splitLocale(p); rest == "categories.yml" {
			return kindCategories
		}
	case path.Dir(p) == "synonyms" && path.Ext(name) == ".txt":
		return kindSynonyms
	case p == siteFile:
		return kindSite
	}
	return kindOther
}

func (s *smallFiles) add(p string, kind fileKind) {
	switch kind {
	case kindCategories:
		s.categories[p] = true
	case kindSynonyms:
		s.synonyms[p] = true
	case kindSite:
		s.site = true
	}
}

func (s *smallFiles) remove(p string) {
	switch kindOf(p) {
	case kindCategories:
		delete(s.categories, p)
	case kindSynonyms:
		delete(s.synonyms, p)
	case kindSite:
		s.site = false
	}
}

// hidden reports whether a path lies in a file or folder the loader skips:
// one whose name starts with "." or "_".
func hidden(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") || strings.HasPrefix(part, "_") {
			return true
		}
	}
	return false
}

// check looks at one path a Watcher reported. It returns false when the
// path cannot be understood on its own: a folder, a path below a folder
// that went away, an error other than a missing file.
func (l *Loader) check(p string, run *loadRun) bool {
	if p == "." || !fs.ValidPath(p) {
		return false
	}
	if hidden(p) {
		return true // not content; a link to it is checked through the link
	}
	run.stats.Checked++
	info, err := fs.Stat(l.fsys, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if rl, ok := l.fsys.(fs.ReadLinkFS); ok {
			if _, err := rl.Lstat(p); err == nil {
				return false // a link to nothing: Load reports it
			}
		}
		return l.gone(p, run)
	case err != nil, info.IsDir():
		return false
	}
	switch kind := kindOf(p); kind {
	case kindMarkdown:
		l.refresh(p, info, isSymlink(l.fsys, p), run, nil)
	case kindOther:
	default:
		l.small.add(p, kind)
	}
	return true
}

// gone handles a path that no longer exists. It returns false when it was
// a folder with known files in it.
func (l *Loader) gone(p string, run *loadRun) bool {
	if _, ok := l.files[p]; ok {
		l.forget(p, run)
		return true
	}
	l.small.remove(p)
	prefix := p + "/"
	for q := range l.files {
		if strings.HasPrefix(q, prefix) {
			return false
		}
	}
	return true
}

func isSymlink(fsys fs.FS, p string) bool {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return false
	}
	info, err := rl.Lstat(p)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// refresh re-reads a file when its size or modification time changed, and
// parses it again when its content changed. Files in embedded file systems
// have no modification time and never change.
//
// pre, when not nil, is what l.read gave for the file: loadAll reads and
// parses the files of a full load on every core first.
func (l *Loader) refresh(p string, info fs.FileInfo, symlink bool, run *loadRun, pre *fileRead) {
	st := l.files[p]
	if st == nil {
		st = &fileState{}
		l.files[p] = st
	}
	if symlink {
		l.symlinks[p] = true
	} else {
		delete(l.symlinks, p)
	}
	if run.stats.Full {
		run.stats.Checked++
	}
	if st.unchanged(info) {
		return
	}
	run.stats.Read++
	r := pre
	if r == nil {
		r = l.read(p, st)
	}
	if r.skip {
		return
	}
	st.size, st.mod, st.stated = info.Size(), info.ModTime(), true
	if r.err == nil {
		if r.same {
			return // saved again without a change, or touched
		}
		st.hash, st.hashed = r.hash, true
	} else {
		st.hashed = false
	}
	run.stats.Parsed++
	st.diags = r.diags
	switch {
	case r.doc != nil:
		run.setGood(p, st, r.doc)
	case st.good != nil:
		st.diags = append(st.diags, Diagnostic{Path: p, Severity: SeverityWarning,
			Message: "the last version of this file that loaded without errors keeps serving until the errors are fixed"})
	}
	l.noteDiags(p)
}

// unchanged reports whether the file has the size and modification time
// it had when it was last read.
func (st *fileState) unchanged(info fs.FileInfo) bool {
	return st != nil && st.stated && st.size == info.Size() && st.mod.Equal(info.ModTime())
}

// fileRead is what reading and parsing a file gave.
type fileRead struct {
	skip  bool   // not a file to load (readFile's errSkip)
	err   error  // the file could not be read
	hash  uint64 // of the content
	same  bool   // the content is the one last parsed: nothing to do
	doc   *document
	diags []Diagnostic
}

// read reads the file at p and parses it unless its content is the one st
// last parsed. It changes nothing in l, so that files can be read at the
// same time.
func (l *Loader) read(p string, st *fileState) *fileRead {
	src, err := readFile(l.fsys, p, l.opts.MaxFileSize)
	if errors.Is(err, errSkip) {
		return &fileRead{skip: true}
	}
	r := &fileRead{err: err}
	ds := &diagnostics{path: p}
	if err != nil {
		ds.errorf(errorLine(err), "%v", err)
	} else {
		r.hash = maphash.Bytes(l.seed, src)
		if st != nil && st.hashed && st.hash == r.hash {
			r.same = true
			return r
		}
		r.doc = parseDocument(l.md, p, src, &l.opts, ds)
	}
	r.diags = ds.list
	return r
}

// readAll reads and parses, on every core, the files of found that
// changed since they were last read. The result has an entry per file of
// found, nil for those refresh will find unchanged.
func (l *Loader) readAll(found []foundFile) []*fileRead {
	out := make([]*fileRead, len(found))
	var todo []int
	for i, f := range found {
		if !l.files[f.path].unchanged(f.info) {
			todo = append(todo, i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo)/minFilesPerReader)
	if workers < 2 {
		return out // refresh reads them one by one
	}
	var next, done atomic.Int64
	var report sync.Mutex
	reported := 0 // the most reported, under report: never go back
	every := max(len(todo)/100, 1)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= len(todo) {
					return
				}
				i := todo[n]
				out[i] = l.read(found[i].path, l.files[found[i].path])
				if d := int(done.Add(1)); l.opts.Progress != nil && (d%every == 0 || d == len(todo)) {
					report.Lock()
					if d > reported {
						reported = d
						l.opts.Progress(d, len(todo))
					}
					report.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return out
}

// minFilesPerReader is the fewest changed files that make another reader
// worth starting.
const minFilesPerReader = 32

// noteDiags records whether the file at p has diagnostics, after they
// changed.
func (l *Loader) noteDiags(p string) {
	if st := l.files[p]; st != nil && len(st.diags)+len(st.linkDiags)+len(st.dupDiag) > 0 {
		l.withDiags[p] = true
	} else {
		delete(l.withDiags, p)
	}
}

// forget drops a file that is gone.
func (l *Loader) forget(p string, run *loadRun) {
	if st := l.files[p]; st.good != nil {
		run.setGood(p, st, nil)
	}
	delete(l.files, p)
	delete(l.symlinks, p)
	delete(l.withDiags, p)
}

// readSmallFile reads a categories or synonyms file, reporting problems.
func (l *Loader) readSmallFile(p string, diags *[]Diagnostic) []byte {
	src, err := readFile(l.fsys, p, l.opts.MaxFileSize)
	if err != nil && !errors.Is(err, errSkip) {
		*diags = append(*diags, Diagnostic{Path: p, Line: errorLine(err), Severity: SeverityError, Message: err.Error()})
	}
	return src
}
