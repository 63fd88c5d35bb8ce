package content_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/loket/loket/content"
)

// loadDir loads the knowledge base in a real folder.
func loadDir(tb testing.TB, dir string, opts content.Options) *content.Snapshot {
	tb.Helper()
	s, err := content.Load(os.DirFS(dir), opts)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return s
}

// goodFile is a file every file-level test loads beside the bad one, to show
// that it is not affected.
var goodFile = map[string]string{"nl/good.md": doc("title: Good", "Body.\n")}

func checkGood(tb testing.TB, s *content.Snapshot) {
	tb.Helper()
	if a := s.Article("nl", "good"); a == nil || a.Title != "Good" {
		tb.Errorf("the good file is not published; diagnostics:\n%s", diagList(s.Diagnostics))
	}
	noDiags(tb, s, "nl/good.md")
}

func TestFileNotText(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"latin-1", doc("title: Caf\xe9", "Body.\n"), 2, "not UTF-8 text"},
		{"latin-1 in body", doc("title: Cafe", "One.\nTwo caf\xe9.\n"), 5, "not UTF-8 text"},
		{"NUL byte", doc("title: Binary", "One.\n\x00\x01\x02"), 5, "binary file"},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "binary file"},
		{"UTF-16", "\xff\xfe-\x00-\x00-\x00\n\x00", 1, "binary file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, goodFile)
			writeFiles(t, dir, map[string]string{"nl/bad.md": tt.src})
			s := loadDir(t, dir, content.Options{})
			findDiag(t, s, content.SeverityError, "nl/bad.md", tt.line, tt.msg)
			if len(diagsFor(s, "nl/bad.md")) != 1 {
				t.Errorf("want one diagnostic for the file:\n%s", diagList(diagsFor(s, "nl/bad.md")))
			}
			checkGood(t, s)
		})
	}
}

func TestFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodFile)
	big := filepath.Join(dir, "nl", "big.md")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: 50 MB long, no disk blocks. Reading it would allocate.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s := loadDir(t, dir, content.Options{})
	runtime.ReadMemStats(&after)

	d := findDiag(t, s, content.SeverityError, "nl/big.md", 0, "larger than the limit of 1.0 MiB")
	if !strings.Contains(d.Message, "50.0 MiB") {
		t.Errorf("message %q does not give the file's size", d.Message)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 10<<20 {
		t.Errorf("loading allocated %d bytes: the large file was read", alloc)
	}
	checkGood(t, s)

	// The limit is an option.
	writeFiles(t, dir, map[string]string{"nl/medium.md": doc("title: Medium", strings.Repeat("x", 2000))})
	s = loadDir(t, dir, content.Options{MaxFileSize: 1000})
	findDiag(t, s, content.SeverityError, "nl/medium.md", 0, "larger than the limit of 1000 bytes")
	checkGood(t, s)
}

func TestFolderEmpty(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"notes.txt": "not Markdown", ".hidden/a.md": doc("title: Hidden", "")})
	s := loadDir(t, dir, content.Options{})
	findDiag(t, s, content.SeverityError, ".", 0, "no Markdown files found")
	if len(s.Articles)+len(s.Guides) != 0 || s.Files != 0 {
		t.Errorf("articles, guides, files = %d, %d, %d; want none", len(s.Articles), len(s.Guides), s.Files)
	}
}

func TestFolderMissing(t *testing.T) {
	_, err := content.Load(os.DirFS(filepath.Join(t.TempDir(), "missing")), content.Options{})
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("Load of a missing folder: err = %v; want a not-exist error", err)
	}
}

func TestFolderIgnored(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"README.md":          "# Our knowledge base\n",
		"nl/README.md":       doc("title: Not the top readme", ""),
		".github/x.md":       "no front matter",
		"_templates/t.md":    "no front matter",
		"nl/_drafts/x.md":    "no front matter",
		"nl/.hidden.md":      "no front matter",
		"nl/picture.png":     "\x89PNG",
		"nl/notes.txt":       "notes",
		"nl/ok.md":           doc("title: OK", ""),
		"synonyms/README.md": doc("title: Synonyms readme", ""),
	}), content.Options{})
	if len(s.Diagnostics) != 0 {
		t.Errorf("diagnostics:\n%s", diagList(s.Diagnostics))
	}
	var ids []string
	for _, a := range s.Articles {
		ids = append(ids, a.Path)
	}
	if got, want := strings.Join(ids, " "), "nl/README.md nl/ok.md synonyms/README.md"; got != want {
		t.Errorf("loaded %s; want %s", got, want)
	}
}

func TestSymlinks(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "kb")
	outside := filepath.Join(root, "outside")
	writeFiles(t, dir, goodFile)
	writeFiles(t, dir, map[string]string{"_shared/gedeeld.md": doc("title: Gedeeld", "Shared body.\n")})
	writeFiles(t, outside, map[string]string{"secret.md": doc("title: Secret", "Secret body.\n")})
	links := map[string]string{
		"nl/absolute.md": filepath.Join(outside, "secret.md"),
		"nl/relative.md": "../../outside/secret.md",
		"nl/inside.md":   "../_shared/gedeeld.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}

	s := loadDir(t, dir, content.Options{})
	findDiag(t, s, content.SeverityError, "nl/absolute.md", 0, "symbolic link to "+filepath.Join(outside, "secret.md")+" points outside the content folder")
	findDiag(t, s, content.SeverityError, "nl/relative.md", 0, "symbolic link to ../../outside/secret.md points outside the content folder")
	for _, a := range s.Articles {
		if strings.Contains(a.Text, "Secret") {
			t.Errorf("%s publishes the file outside the folder", a.Path)
		}
	}
	noDiags(t, s, "nl/inside.md")
	if a := s.Article("nl", "inside"); a == nil || a.Text != "Shared body." {
		t.Errorf("link inside the folder: article = %+v; want the target's content", a)
	}
	checkGood(t, s)
}
