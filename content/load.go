package content

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
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

// Loader loads a knowledge base again and again, re-reading only files that
// changed since the last load, and keeping the last good version of a file
// that has become unloadable. It is safe for concurrent use; loads run one
// at a time.
type Loader struct {
	fsys fs.FS
	opts Options
	md   *markdown

	mu    sync.Mutex
	files map[string]*fileState
	prev  *Snapshot
}

// fileState is what the Loader remembers of one Markdown file.
type fileState struct {
	size    int64
	mod     time.Time
	good    *document    // the last version that loaded without errors
	current bool         // good is the file as it is now
	diags   []Diagnostic // problems of the file as it is now

	built     any      // the *loket.Article or *loket.Guide built from good
	builtURLs []string // the link URLs it was built with
}

// NewLoader returns a Loader for the knowledge base in fsys.
func NewLoader(fsys fs.FS, opts Options) *Loader {
	opts.defaults()
	return &Loader{fsys: fsys, opts: opts, md: newMarkdown(), files: map[string]*fileState{}}
}

// Load reads the knowledge base and returns a new Snapshot.
func (l *Loader) Load() (*Snapshot, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	found, err := l.scan()
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(found.markdown))
	for _, p := range found.markdown {
		seen[p.path] = true
		l.refresh(p.path, p.info)
	}
	for p := range l.files {
		if !seen[p] {
			delete(l.files, p)
		}
	}
	snap := l.link(found)
	l.prev = snap
	return snap, nil
}

type foundFile struct {
	path string
	info fs.FileInfo
}

type scanResult struct {
	markdown   []foundFile
	categories []string
	synonyms   []string
	site       bool // the folder has a site.yml
	diags      []Diagnostic
}

// scan lists the files of the knowledge base, in lexical order.
func (l *Loader) scan() (*scanResult, error) {
	res := &scanResult{}
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
	name := d.Name()
	switch {
	case strings.EqualFold(path.Ext(name), ".md"):
		if strings.EqualFold(p, "README.md") {
			return
		}
		info, err := d.Info()
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			// A link's own time does not change when its target is saved.
			if target, err := fs.Stat(l.fsys, p); err == nil {
				info = target
			}
		}
		if err != nil {
			res.diags = append(res.diags, Diagnostic{Path: p, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			return
		}
		res.markdown = append(res.markdown, foundFile{p, info})
	case name == "categories.yml" && path.Dir(p) != ".":
		if _, rest := splitLocale(p); rest == "categories.yml" {
			res.categories = append(res.categories, p)
		}
	case path.Dir(p) == "synonyms" && path.Ext(name) == ".txt":
		res.synonyms = append(res.synonyms, p)
	case p == siteFile:
		res.site = true
	}
}

// refresh re-reads a file when its size or modification time changed.
// Files in embedded file systems have no modification time and never change.
func (l *Loader) refresh(p string, info fs.FileInfo) {
	old := l.files[p]
	if old != nil && old.size == info.Size() && old.mod.Equal(info.ModTime()) {
		return
	}
	ds := &diagnostics{path: p}
	var doc *document
	src, err := readFile(l.fsys, p, l.opts.MaxFileSize)
	switch {
	case errors.Is(err, errSkip):
		return
	case err != nil:
		ds.errorf(errorLine(err), "%v", err)
	default:
		doc = parseDocument(l.md, p, src, &l.opts, ds)
	}
	st := &fileState{size: info.Size(), mod: info.ModTime(), diags: ds.list}
	switch {
	case doc != nil:
		st.good, st.current = doc, true
	case old != nil && old.good != nil:
		st.good, st.built, st.builtURLs = old.good, old.built, old.builtURLs
		st.diags = append(st.diags, Diagnostic{Path: p, Severity: SeverityWarning,
			Message: "the last version of this file that loaded without errors keeps serving until the errors are fixed"})
	}
	l.files[p] = st
}

// readSmallFile reads a categories or synonyms file, reporting problems.
func (l *Loader) readSmallFile(p string, diags *[]Diagnostic) []byte {
	src, err := readFile(l.fsys, p, l.opts.MaxFileSize)
	if err != nil && !errors.Is(err, errSkip) {
		*diags = append(*diags, Diagnostic{Path: p, Line: errorLine(err), Severity: SeverityError, Message: err.Error()})
	}
	return src
}

// sortedPaths returns the paths of the files that have a good version.
func (l *Loader) sortedPaths() []string {
	paths := make([]string, 0, len(l.files))
	for p, st := range l.files {
		if st.good != nil {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths
}

// sortMetas orders documents by locale, then id.
func sortMetas[T interface{ comparable }](list []T, meta func(T) *loket.Meta) {
	sort.Slice(list, func(i, j int) bool {
		a, b := meta(list[i]), meta(list[j])
		if a.Locale != b.Locale {
			return a.Locale < b.Locale
		}
		return a.ID < b.ID
	})
}
