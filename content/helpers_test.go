package content_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/loket/loket/content"
)

// doc returns a Markdown file with the given front matter and body.
func doc(frontMatter, body string) string {
	return "---\n" + frontMatter + "\n---\n" + body
}

// mapFS builds an in-memory knowledge base from paths and contents.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

// load loads fsys and fails the test if the folder cannot be read.
func load(tb testing.TB, fsys fstest.MapFS, opts content.Options) *content.Snapshot {
	tb.Helper()
	s, err := content.Load(fsys, opts)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return s
}

// writeFiles writes files below dir, creating folders as needed.
func writeFiles(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for p, s := range files {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// touch sets the modification time of a file below dir, so that a Loader
// sees a change even on file systems with coarse timestamps.
func touch(tb testing.TB, dir, p string, t time.Time) {
	tb.Helper()
	if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(p)), t, t); err != nil {
		tb.Fatal(err)
	}
}

// findDiag returns the diagnostic of severity sev for path whose message
// contains substr, or fails the test. Line 0 matches any line.
func findDiag(tb testing.TB, s *content.Snapshot, sev content.Severity, path string, line int, substr string) content.Diagnostic {
	tb.Helper()
	for _, d := range s.Diagnostics {
		if d.Severity == sev && d.Path == path && (line == 0 || d.Line == line) && strings.Contains(d.Message, substr) {
			return d
		}
	}
	tb.Fatalf("no %s at %s:%d containing %q; diagnostics:\n%s", sev, path, line, substr, diagList(s.Diagnostics))
	return content.Diagnostic{}
}

// diagsFor returns the diagnostics of one file.
func diagsFor(s *content.Snapshot, path string) []content.Diagnostic {
	var out []content.Diagnostic
	for _, d := range s.Diagnostics {
		if d.Path == path {
			out = append(out, d)
		}
	}
	return out
}

// noDiags fails the test if any of paths has a diagnostic.
func noDiags(tb testing.TB, s *content.Snapshot, paths ...string) {
	tb.Helper()
	for _, p := range paths {
		if ds := diagsFor(s, p); len(ds) > 0 {
			tb.Errorf("unexpected diagnostics for %s:\n%s", p, diagList(ds))
		}
	}
}

func diagList(ds []content.Diagnostic) string {
	var sb strings.Builder
	for _, d := range ds {
		sb.WriteString("\t" + d.String() + "\n")
	}
	return sb.String()
}
