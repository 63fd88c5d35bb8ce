package corpus

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/loket/loket"
)

// Stats describes a generated knowledge base.
type Stats struct {
	Articles   int                  `json:"articles"`
	Internal   int                  `json:"internal"`
	Locales    map[loket.Locale]int `json:"locales"` // articles per locale
	Categories int                  `json:"categories"`
	Words      int                  `json:"words"` // in bodies
	Files      int                  `json:"files"` // articles, categories.yml and synonyms files
	Bytes      int64                `json:"bytes"`
}

// Write generates a knowledge base of n articles from seed into dir, which
// is created if needed. It is Generate followed by (*Corpus).Write.
func Write(dir string, n int, seed int64) (Stats, error) {
	c, err := Generate(n, seed)
	if err != nil {
		return Stats{}, err
	}
	return c.Write(dir)
}

// Write writes the knowledge base into dir, which is created if needed.
// Files of the corpus that exist are overwritten; other files are left
// alone.
func (c *Corpus) Write(dir string) (Stats, error) {
	st := c.Stats()
	files := c.FS()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return st, fmt.Errorf("corpus: %w", err)
		}
		if err := os.WriteFile(p, files[name].Data, 0o644); err != nil {
			return st, fmt.Errorf("corpus: %w", err)
		}
	}
	return st, nil
}

// FS returns the knowledge base as an in-memory file system, every file by
// its slash path, for loading it without writing it.
func (c *Corpus) FS() fstest.MapFS {
	files := fstest.MapFS{}
	for _, a := range c.Articles {
		files[a.Path()] = &fstest.MapFile{Data: a.Markdown(), Mode: 0o644}
	}
	for l, m := range c.src.locales {
		files[string(l)+"/categories.yml"] = &fstest.MapFile{Data: categoriesYAML(m), Mode: 0o644}
		files["synonyms/"+string(l)+".txt"] = &fstest.MapFile{Data: c.src.synonyms[l], Mode: 0o644}
	}
	return files
}

// Stats counts what the knowledge base holds.
func (c *Corpus) Stats() Stats {
	st := Stats{Locales: map[loket.Locale]int{}}
	cats := map[string]bool{}
	for _, a := range c.Articles {
		st.Articles++
		st.Locales[a.Locale]++
		st.Words += a.Words
		if a.Audience == loket.AudienceInternal {
			st.Internal++
		}
		cats[string(a.Locale)+"/"+a.Category] = true
	}
	st.Categories = len(cats)
	for _, f := range c.FS() {
		st.Files++
		st.Bytes += int64(len(f.Data))
	}
	return st
}

// categoriesYAML writes the demo's categories of a locale.
func categoriesYAML(m *material) []byte {
	var b strings.Builder
	for _, cat := range m.categories {
		fmt.Fprintf(&b, "- slug: %s\n  title: %s\n  description: %s\n",
			cat.Slug, yamlString(cat.Title), yamlString(cat.Description))
	}
	return []byte(b.String())
}
