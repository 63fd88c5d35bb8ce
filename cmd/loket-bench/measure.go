package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/internal/benchkit"
	"github.com/loket/loket/search"
)

// engine is a search engine under measurement: it returns the ids of the
// first ten documents it finds for a query, best first.
type engine interface {
	Search(ctx context.Context, q search.EvalQuery) ([]string, error)
}

// loketEngine searches a Library as a public channel does, with snippets,
// facets and spelling corrections as a page needs them.
type loketEngine struct{ lib loket.Library }

func (e loketEngine) Search(ctx context.Context, q search.EvalQuery) ([]string, error) {
	res, err := e.lib.Search(ctx, loket.Query{Text: q.Query, Locale: loket.Locale(q.Lang), Limit: 10})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Meta.ID
	}
	return ids, nil
}

// The latency summaries of internal/benchkit.
type latency = benchkit.Latency

var (
	summarise  = benchkit.Summarise
	percentile = benchkit.Percentile
	ms         = benchkit.Ms
)

// quality is how well an engine ranks the relevant document, and how fast.
// Micro figures average over queries; macro figures first per article
// (the first relevant id of each query), then over articles.
type quality struct {
	Queries    int     `json:"queries"`
	RecallAt1  float64 `json:"recall_at_1"`
	RecallAt3  float64 `json:"recall_at_3"`
	RecallAt10 float64 `json:"recall_at_10"`
	MRR        float64 `json:"mrr"`
	MacroAt1   float64 `json:"macro_recall_at_1"`
	MacroAt10  float64 `json:"macro_recall_at_10"`
	MacroMRR   float64 `json:"macro_mrr"`
	Latency    latency `json:"latency"`
}

// evaluate runs every query once to warm up, then passes more times,
// timing each search. Ranks come from the first measured pass; the
// rankings of all engines measured here are deterministic.
func evaluate(ctx context.Context, e engine, qs []search.EvalQuery, passes int) (quality, error) {
	for _, q := range qs {
		if _, err := e.Search(ctx, q); err != nil {
			return quality{}, fmt.Errorf("query %q: %w", q.Query, err)
		}
	}
	ranks := make([]int, len(qs))
	samples := make([]time.Duration, 0, passes*len(qs))
	for p := range passes {
		for i, q := range qs {
			start := time.Now()
			ids, err := e.Search(ctx, q)
			samples = append(samples, time.Since(start))
			if err != nil {
				return quality{}, fmt.Errorf("query %q: %w", q.Query, err)
			}
			if p == 0 {
				ranks[i] = rankOf(ids, q.Relevant)
			}
		}
		if err := ctx.Err(); err != nil {
			return quality{}, err
		}
	}
	out := score(qs, ranks)
	out.Latency = summarise(samples)
	return out, nil
}

// rankOf returns the 1-based rank of the first relevant id among the
// first ten, or 0.
func rankOf(ids, relevant []string) int {
	for i, id := range ids[:min(len(ids), 10)] {
		if slices.Contains(relevant, id) {
			return i + 1
		}
	}
	return 0
}

// score computes recall and MRR from the rank of each query's answer.
func score(qs []search.EvalQuery, ranks []int) quality {
	type acc struct{ n, r1, r3, r10, rr float64 }
	add := func(a *acc, rank int) {
		a.n++
		if rank == 1 {
			a.r1++
		}
		if rank >= 1 && rank <= 3 {
			a.r3++
		}
		if rank >= 1 {
			a.r10++
			a.rr += 1 / float64(rank)
		}
	}
	var all acc
	per := map[string]*acc{}
	for i, q := range qs {
		add(&all, ranks[i])
		a := per[q.Relevant[0]]
		if a == nil {
			a = &acc{}
			per[q.Relevant[0]] = a
		}
		add(a, ranks[i])
	}
	out := quality{Queries: len(qs)}
	if all.n == 0 {
		return out
	}
	out.RecallAt1, out.RecallAt3, out.RecallAt10, out.MRR = all.r1/all.n, all.r3/all.n, all.r10/all.n, all.rr/all.n
	for _, a := range per {
		k := float64(len(per))
		out.MacroAt1 += a.r1 / a.n / k
		out.MacroAt10 += a.r10 / a.n / k
		out.MacroMRR += a.rr / a.n / k
	}
	return out
}

// measureSuggest times search-as-you-type for the prefixes, after one
// warm-up pass.
func measureSuggest(ctx context.Context, lib loket.Library, prefixes []search.EvalQuery, passes int) (latency, error) {
	samples := make([]time.Duration, 0, passes*len(prefixes))
	for p := -1; p < passes; p++ {
		for _, q := range prefixes {
			start := time.Now()
			_, err := lib.Suggest(ctx, loket.Locale(q.Lang), q.Query, 5)
			if p >= 0 {
				samples = append(samples, time.Since(start))
			}
			if err != nil {
				return latency{}, fmt.Errorf("suggest %q: %w", q.Query, err)
			}
		}
	}
	return summarise(samples), nil
}
