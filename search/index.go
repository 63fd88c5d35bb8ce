package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/loket/loket/content"
)

// Index is a Bleve index over a content Snapshot. It answers searches while
// it is updated: Update applies a new Snapshot incrementally, and searches
// see either the old or the new documents, never an error. It is safe for
// concurrent use.
type Index struct {
	path      string
	bleve     bleve.Index
	mapping   *mapping.IndexMappingImpl
	logger    *slog.Logger
	dict      *dictionary
	analyzers map[string]*analyzer // by field language
	labels    *dictionary          // locales, categories and kinds, for docAttrs
	scratch   sync.Pool            // of *scratch, for searches

	mu    sync.Mutex // one update at a time
	state atomic.Pointer[state]
}

// state is what one Snapshot put in the index, swapped as a whole.
type state struct {
	snap         *content.Snapshot
	entries      map[string]*entry
	suggestions  map[string]*suggestions // by field language
	collections  map[string]*collection  // by field language
	synonyms     map[string][]content.SynonymGroup
	synonymTerms map[string]map[string][]string // by field language: term → stand-ins
	synonymWords map[string]map[string][]string // by field language: word as typed → stand-ins, for suggestions
}

// Options configure an Index.
type Options struct {
	Logger *slog.Logger // slog.Default() when nil
	// Progress, when set, is called while the index is built with the number
	// of documents indexed so far and the total.
	Progress func(done, total int)
}

// Stats describes one build or update of the index.
type Stats struct {
	Indexed  int // documents added or changed
	Deleted  int // documents removed
	Synonyms int // synonym groups indexed
	Took     time.Duration
}

const metaFile = "loket-index.json"

// Build creates a new index in dir from snap. A previous Loket index in dir
// is replaced; any other non-empty folder is refused, so that a wrong path
// never deletes someone's files.
func Build(ctx context.Context, dir string, snap *content.Snapshot, opts Options) (*Index, Stats, error) {
	start := time.Now()
	if err := prepareDir(dir); err != nil {
		return nil, Stats{}, err
	}
	im, err := newMapping()
	if err != nil {
		return nil, Stats{}, fmt.Errorf("index mapping: %w", err)
	}
	path := filepath.Join(dir, "bleve")
	b, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
	if err != nil {
		return nil, Stats{}, fmt.Errorf("create index: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, metaFile), fmt.Appendf(nil, `{"mapping_version":%d}`+"\n", mappingVersion), 0o644); err != nil {
		b.Close()
		return nil, Stats{}, fmt.Errorf("create index: %w", err)
	}
	dict := newDictionary()
	analyzers, err := newAnalyzers(im, dict)
	if err != nil {
		b.Close()
		return nil, Stats{}, err
	}
	ix := &Index{path: dir, bleve: b, mapping: im, logger: opts.Logger, dict: dict, analyzers: analyzers, labels: newDictionary()}
	if ix.logger == nil {
		ix.logger = slog.Default()
	}
	ix.state.Store(&state{snap: &content.Snapshot{}, entries: map[string]*entry{}})
	stats, err := ix.apply(ctx, snap, opts.Progress)
	if err != nil {
		b.Close()
		return nil, stats, err
	}
	stats.Took = time.Since(start)
	return ix, stats, nil
}

// prepareDir empties dir if it holds a previous index, and creates it.
func prepareDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("index folder: %w", err)
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, metaFile)); err != nil {
		return fmt.Errorf("index folder %s is not empty and holds no Loket index; refusing to replace it", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove old index: %w", err)
	}
	return os.MkdirAll(dir, 0o755)
}

// Close closes the index. Searches after Close fail with EUNAVAILABLE.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.bleve.Close()
}

// Snapshot returns the snapshot the index currently serves.
func (ix *Index) Snapshot() *content.Snapshot { return ix.state.Load().snap }

// Update brings the index in line with snap: documents that changed are
// re-indexed, removed ones deleted, and synonyms replaced when they changed.
// Searches keep being answered meanwhile.
func (ix *Index) Update(ctx context.Context, snap *content.Snapshot) (Stats, error) {
	start := time.Now()
	stats, err := ix.apply(ctx, snap, nil)
	stats.Took = time.Since(start)
	return stats, err
}

// batchSize returns how many of n documents go into one Bleve batch.
// Every batch becomes a segment that Bleve merges with the others in the
// background: four batches, two at a time, built 10,000 articles in 2.8 s
// where batches of 500 took 3.4 s, mostly merging. But Bleve holds about
// 100 KB per document of a batch it is building, so under a soft memory
// limit (loket serve sets one) the batches are small enough for two to
// take at most a quarter of the limit. Small batches also keep the
// progress of a small build visible.
func batchSize(n int) int {
	most := 5000
	if limit := debug.SetMemoryLimit(-1); limit < math.MaxInt64 {
		most = int(limit / 4 / (100 << 10) / parallelBatches)
	}
	return min(max(n/(2*parallelBatches), 500), max(most, 500))
}

func (ix *Index) apply(ctx context.Context, snap *content.Snapshot, progress func(done, total int)) (Stats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old := ix.state.Load()
	next := &state{snap: snap, entries: make(map[string]*entry, len(snap.Articles)+len(snap.Guides))}
	var changed []*entry
	for _, e := range entries(snap, ix.labels) {
		if prev, ok := old.entries[e.id]; ok && prev.meta == e.meta {
			e = prev // unchanged documents are shared between snapshots
		} else {
			changed = append(changed, e)
		}
		next.entries[e.id] = e
	}
	var stats Stats
	if err := ix.indexAll(ctx, changed, func(done int) {
		if progress != nil {
			progress(done, len(next.entries))
		}
	}); err != nil {
		return stats, err
	}
	stats.Indexed = len(changed)
	batch := ix.bleve.NewBatch()
	for id := range old.entries {
		if _, ok := next.entries[id]; !ok {
			batch.Delete(id)
			stats.Deleted++
		}
	}
	n, err := ix.updateSynonyms(batch, old, next, snap)
	if err != nil {
		return stats, err
	}
	stats.Synonyms = n
	if batch.Size() > 0 {
		if err := ix.bleve.Batch(batch); err != nil {
			return stats, fmt.Errorf("index batch: %w", err)
		}
	}
	if progress != nil {
		progress(len(next.entries), len(next.entries))
	}
	var wg sync.WaitGroup
	wg.Go(func() { next.collections = updateCollections(old, next) })
	if reused, ok := reuseSuggestions(old, next, changed); ok {
		next.suggestions = reused
	} else {
		next.suggestions = ix.newSuggestions(next)
	}
	wg.Wait()
	ix.state.Store(next)
	return stats, nil
}

// parallelBatches is the number of batches Bleve builds at once: it
// analyses a batch on every core, then builds its segment on one.
const parallelBatches = 2

// indexAll adds es to Bleve in batches and gives each its profile. It
// reports progress with the number of documents indexed so far.
func (ix *Index) indexAll(ctx context.Context, es []*entry, progress func(done int)) error {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		failed  error
		done    int
		running = make(chan struct{}, parallelBatches)
	)
	size := batchSize(len(es))
	for start := 0; start < len(es); start += size {
		running <- struct{}{}
		mu.Lock()
		err := failed
		mu.Unlock()
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			<-running
			break
		}
		part := es[start:min(start+size, len(es))]
		wg.Go(func() {
			defer func() { <-running }()
			err := ix.index(part)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && failed == nil {
				failed = err
			}
			done += len(part)
			progress(done)
		})
	}
	wg.Wait()
	if failed != nil {
		return failed
	}
	return ctx.Err()
}

// index adds es to Bleve in one batch and gives each its profile.
func (ix *Index) index(es []*entry) error {
	batch := ix.bleve.NewBatch()
	ids := make([]*fieldIDs, len(es))
	for i, e := range es {
		doc, fi, err := ix.document(e)
		if err != nil {
			return err
		}
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index %s: %w", e.meta.Path, err)
		}
		ids[i] = fi
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	for i, e := range es {
		e.profile = newProfile(ids[i])
		// Here rather than when the suggestions are made, which is after
		// every batch and on one core.
		e.phrasingWords = ix.phrasingWords(e.meta)
	}
	return nil
}

// entries lists the documents of a snapshot with their text.
func entries(snap *content.Snapshot, labels *dictionary) []*entry {
	out := make([]*entry, 0, len(snap.Articles)+len(snap.Guides))
	for _, a := range snap.Articles {
		out = append(out, newEntry(&a.Meta, a.Text, labels))
	}
	for _, g := range snap.Guides {
		out = append(out, newEntry(&g.Meta, g.Text, labels))
	}
	return out
}

// updateSynonyms replaces the synonym definitions of each language whose
// groups changed. Locales of one language share its synonyms.
func (ix *Index) updateSynonyms(batch *bleve.Batch, old, next *state, snap *content.Snapshot) (int, error) {
	next.synonyms = map[string][]content.SynonymGroup{}
	for _, l := range snap.Locales() {
		lang := fieldLanguage(l.Language())
		next.synonyms[lang] = append(next.synonyms[lang], snap.Synonyms(l)...)
	}
	next.synonymTerms = map[string]map[string][]string{}
	next.synonymWords = map[string]map[string][]string{}
	n := 0
	for _, lang := range append(sortedLanguages(), otherLanguage) {
		before, after := old.synonyms[lang], next.synonyms[lang]
		if reflect.DeepEqual(before, after) {
			next.synonymTerms[lang] = old.synonymTerms[lang]
			next.synonymWords[lang] = old.synonymWords[lang]
			continue
		}
		var groups []groupWords
		for _, g := range after {
			groups = append(groups, groupWords{g.Input, g.Synonyms})
		}
		next.synonymTerms[lang] = synonymTerms(ix.analyzer(lang), groups)
		next.synonymWords[lang] = synonymTerms(ix.mapping.AnalyzerNamed(analyzerSuggestQuery), groups)
		for i := range before {
			batch.Delete(synonymID(lang, i))
		}
		for i, g := range after {
			def := &bleve.SynonymDefinition{Input: g.Input, Synonyms: g.Synonyms}
			if err := batch.IndexSynonym(synonymID(lang, i), synonymCollection(lang), def); err != nil {
				return n, fmt.Errorf("index synonyms: %w", err)
			}
			n++
		}
	}
	return n, nil
}

func synonymID(lang string, i int) string { return fmt.Sprintf("synonym:%s:%d", lang, i) }

// analyzer returns the text analyzer of a field language.
func (ix *Index) analyzer(lang string) *analyzer { return ix.analyzers[lang] }

// profile returns the profile of a document, or nil.
func (st *state) profile(id string) *profile {
	if e := st.entries[id]; e != nil {
		return e.profile
	}
	return nil
}
