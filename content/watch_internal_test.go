package content

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWatcherSkipsHiddenFolders(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{".git/objects/ab", "nl/internet", "_shared", "nl/.cache"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := NewWatcher(dir, WatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := w.fsw.WatchList()
	slices.Sort(got)
	want := []string{dir, filepath.Join(dir, "_shared"), filepath.Join(dir, "nl"), filepath.Join(dir, "nl/internet")}
	if !slices.Equal(got, want) {
		t.Errorf("watched %q; want %q", got, want)
	}
}
