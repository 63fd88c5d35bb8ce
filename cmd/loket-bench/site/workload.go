package main

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/internal/corpus"
	"github.com/loket/loket/search"
)

// workload is what the measurements ask for: the knowledge base served,
// the addresses of its public articles and the queries customers type.
type workload struct {
	Content  string `json:"content"` // the folder served, "" for the embedded demo
	Articles int    `json:"public_articles"`
	Queries  int    `json:"queries"`
	Source   string `json:"queries_from"`

	articlePaths []string // "/nl/articles/internet/storing", shuffled
	queries      []search.EvalQuery
}

// newWorkload prepares the knowledge base: it generates one into dir when
// cfg asks for it, then reads the content to find its public articles and,
// without a query file, its queries.
func newWorkload(cfg *config, dir string) (*workload, error) {
	w := &workload{Content: cfg.content}
	var generated *corpus.Corpus
	if cfg.articles > 0 {
		c, err := corpus.Generate(cfg.articles, cfg.seed)
		if err != nil {
			return nil, err
		}
		if _, err := c.Write(dir); err != nil {
			return nil, err
		}
		generated, w.Content = c, dir
	}
	var fsys fs.FS = demo.FS()
	if w.Content != "" {
		fsys = os.DirFS(w.Content)
	}
	snap, err := content.Load(fsys, content.Options{})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", w.Content, err)
	}
	for _, a := range snap.Articles {
		if a.Audience == loket.AudiencePublic {
			w.articlePaths = append(w.articlePaths, a.URL)
		}
	}
	if len(w.articlePaths) == 0 {
		return nil, fmt.Errorf("no public articles in %s", w.Content)
	}
	switch {
	case cfg.queries != "":
		w.Source = cfg.queries
		if w.queries, err = readQueries(cfg.queries); err != nil {
			return nil, err
		}
	case generated != nil:
		w.Source = fmt.Sprintf("generated (1,000 queries, seed %d)", cfg.seed)
		for _, q := range generated.Queries(1000, cfg.seed) {
			w.queries = append(w.queries, search.EvalQuery{Query: q.Query, Relevant: q.Relevant, Lang: q.Lang})
		}
	default:
		w.Source = "titles and customer questions of the public articles and guides"
		w.queries = contentQueries(snap)
	}
	if len(w.queries) == 0 {
		return nil, fmt.Errorf("no queries")
	}
	// A fixed shuffle mixes locales and categories, so that the first n of
	// either list are a fair sample.
	rng := rand.New(rand.NewPCG(uint64(cfg.seed), 0x73697465)) // "site"
	rng.Shuffle(len(w.articlePaths), func(i, j int) { w.articlePaths[i], w.articlePaths[j] = w.articlePaths[j], w.articlePaths[i] })
	rng.Shuffle(len(w.queries), func(i, j int) { w.queries[i], w.queries[j] = w.queries[j], w.queries[i] })
	w.Articles, w.Queries = len(w.articlePaths), len(w.queries)
	return w, nil
}

func readQueries(path string) ([]search.EvalQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	qs, err := search.ReadEvalQueries(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// contentQueries returns the titles and customer questions of the public
// documents: what customers of the demo type, in their words.
func contentQueries(snap *content.Snapshot) []search.EvalQuery {
	var out []search.EvalQuery
	add := func(m *loket.Meta) {
		if m.Audience != loket.AudiencePublic {
			return
		}
		for _, text := range append([]string{m.Title}, m.Questions...) {
			out = append(out, search.EvalQuery{Query: text, Relevant: []string{m.ID}, Lang: string(m.Locale)})
		}
	}
	for _, a := range snap.Articles {
		add(&a.Meta)
	}
	for _, g := range snap.Guides {
		add(&g.Meta)
	}
	return out
}

// locale returns the query's locale, or nl (the demo's first locale)
// when the query file names none.
func (w *workload) locale(q search.EvalQuery) string {
	if q.Lang != "" {
		return q.Lang
	}
	return "nl"
}

// searchPagePath is the help site's results page for q.
func (w *workload) searchPagePath(q search.EvalQuery) string {
	return "/" + w.locale(q) + "/search?" + url.Values{"q": {q.Query}}.Encode()
}

// apiSearchPath is the public search API for q.
func (w *workload) apiSearchPath(q search.EvalQuery) string {
	return "/api/v1/search?" + url.Values{"q": {q.Query}, "locale": {w.locale(q)}}.Encode()
}
