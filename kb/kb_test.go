package kb_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/kb"
)

var quiet = slog.New(slog.DiscardHandler)

func write(tb testing.TB, dir, name, text string) {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func article(title, body string) string { return "---\ntitle: " + title + "\n---\n\n" + body + "\n" }

// eventually polls cond until it holds or 5 seconds pass.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func openDir(tb testing.TB, dir string) (*kb.KB, context.CancelFunc) {
	tb.Helper()
	k, err := kb.Open(context.Background(), kb.Options{FS: os.DirFS(dir), Dir: dir, IndexDir: tb.TempDir(), Debounce: 20 * time.Millisecond, Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("Run: %v", err)
		}
		k.Close()
	})
	return k, cancel
}

func found(k *kb.KB, text string) []string {
	res, err := k.Library(loket.AudiencePublic).Search(context.Background(), loket.Query{Text: text, Locale: "nl"})
	if err != nil {
		return nil
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Meta.ID)
	}
	return ids
}

func TestLiveReload(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "nl/modem.md", article("Modem herstarten", "Haal de stekker eruit."))
	k, _ := openDir(t, dir)
	if got := found(k, "modem"); len(got) != 1 {
		t.Fatalf("initial search: %v", got)
	}

	// A new file becomes searchable without a restart.
	write(t, dir, "nl/factuur.md", article("Factuur betalen", "Betaal met het woord zebrapad."))
	eventually(t, "a new file is searchable", func() bool { return len(found(k, "zebrapad")) == 1 })

	// A broken file keeps its last good version, and the error is visible.
	write(t, dir, "nl/modem.md", "---\ntitle: [unclosed\n---\nkapot\n")
	eventually(t, "the error is reported", func() bool { return k.Status().Errors > 0 })
	if got := found(k, "stekker"); len(got) != 1 || got[0] != "modem" {
		t.Errorf("last good version not served: %v", got)
	}
	var reported bool
	for _, d := range k.Status().Diagnostics {
		if d.Severity == content.SeverityError && d.Path == "nl/modem.md" && d.Line >= 2 && strings.Contains(d.Message, "malformed front matter") {
			reported = true
		}
	}
	if !reported {
		t.Errorf("diagnostics = %+v", k.Status().Diagnostics)
	}

	// Fixing it serves the new version; removing a file removes it.
	write(t, dir, "nl/modem.md", article("Router herstarten", "Stekker eruit."))
	eventually(t, "the fix is served", func() bool { return len(found(k, "router")) == 1 && k.Status().Errors == 0 })
	if err := os.Remove(filepath.Join(dir, "nl/factuur.md")); err != nil {
		t.Fatal(err)
	}
	// The index drops the document a moment before the snapshot does.
	eventually(t, "a removed file is gone", func() bool {
		_, err := k.Library(loket.AudiencePublic).Article("nl", "factuur")
		return len(found(k, "zebrapad")) == 0 && loket.ErrorCode(err) == loket.ENOTFOUND
	})
	if k.Status().Reloads < 4 {
		t.Errorf("reloads = %d", k.Status().Reloads)
	}
}

func TestLiveReloadFollowsTheChange(t *testing.T) {
	dir := t.TempDir()
	for i := range 20 {
		write(t, dir, fmt.Sprintf("nl/artikel-%02d.md", i), article(fmt.Sprintf("Artikel %d", i), "Tekst."))
	}
	k, _ := openDir(t, dir)
	if st := k.Status().LastReload.Content; !st.Full || st.Parsed != 20 {
		t.Errorf("first load: %+v; want every file parsed", st)
	}
	write(t, dir, "nl/artikel-07.md", article("Artikel 7", "Tekst met het woord zebrapad."))
	eventually(t, "the saved file is searchable", func() bool { return len(found(k, "zebrapad")) == 1 })
	st := k.Status().LastReload
	if st.Content.Full || st.Content.Parsed != 1 || st.Content.Linked != 1 || st.Indexed != 1 {
		t.Errorf("reload after one save: %+v; want one file parsed, linked and indexed", st)
	}

	// A reload by hand looks at every file and finds nothing to do.
	if st, err := k.Reload(context.Background()); err != nil || !st.LastReload.Content.Full || st.LastReload.Content.Parsed != 0 {
		t.Errorf("Reload: %+v, %v", st.LastReload, err)
	}
}

func TestReloadByHand(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "nl/a.md", article("Modem", "Stekker."))
	k, err := kb.Open(context.Background(), kb.Options{FS: os.DirFS(dir), Dir: dir, IndexDir: t.TempDir(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	write(t, dir, "nl/b.md", article("Kangoeroe", "Springt."))
	st, err := k.Reload(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.LastReload.Indexed != 1 {
		t.Errorf("status after reload = %+v", st)
	}
	if got := found(k, "kangoeroe"); len(got) != 1 {
		t.Errorf("reloaded article not found: %v", got)
	}
}

func TestOpenDemo(t *testing.T) {
	k, err := kb.Open(context.Background(), kb.Options{FS: demo.FS(), IndexDir: t.TempDir(), Content: content.Options{Strict: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	st := k.Status()
	if !st.Ready || st.Source != "embedded demo" || st.Errors != 0 || st.Articles < 40 || len(st.Locales) != 2 || st.Locales[0] != "nl" {
		t.Errorf("status = %+v", st)
	}
	// Without a folder, Run just waits.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := k.Run(ctx); err != nil {
		t.Errorf("Run without folder: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := kb.Open(context.Background(), kb.Options{IndexDir: t.TempDir()}); err == nil {
		t.Error("Open without content succeeded")
	}
	if _, err := kb.Open(context.Background(), kb.Options{FS: os.DirFS(filepath.Join(t.TempDir(), "missing")), IndexDir: t.TempDir()}); err == nil {
		t.Error("Open of a missing folder succeeded")
	}
}
