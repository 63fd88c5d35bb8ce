package search

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	"github.com/loket/loket"
)

// EvalQuery is one line of a query file: a question and the ids of the
// documents that answer it.
type EvalQuery struct {
	Query    string   `json:"query"`
	Relevant []string `json:"relevant"`
	Lang     string   `json:"lang,omitempty"`
}

// ReadEvalQueries reads a query file: one JSON object a line.
func ReadEvalQueries(r io.Reader) ([]EvalQuery, error) {
	var out []EvalQuery
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var q EvalQuery
		if err := json.Unmarshal(b, &q); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if len(q.Relevant) == 0 {
			return nil, fmt.Errorf("line %d: no relevant ids", line)
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

// EvalReport holds retrieval quality and latency over a query set. Micro
// figures average over queries; macro figures average per article (the
// first relevant id of each query), so that one article answering many
// queries does not dominate.
type EvalReport struct {
	Queries         int     `json:"queries"`
	Articles        int     `json:"articles"`
	RecallAt1       float64 `json:"recall_at_1"`
	RecallAt3       float64 `json:"recall_at_3"`
	RecallAt10      float64 `json:"recall_at_10"`
	MRR             float64 `json:"mrr"`
	MacroRecallAt1  float64 `json:"macro_recall_at_1"`
	MacroRecallAt3  float64 `json:"macro_recall_at_3"`
	MacroRecallAt10 float64 `json:"macro_recall_at_10"`
	MacroMRR        float64 `json:"macro_mrr"`
	P50ms           float64 `json:"p50_ms"`
	P99ms           float64 `json:"p99_ms"`
}

// Evaluate runs every query through s and measures how high the first
// relevant document ranks among the first ten hits. MRR counts ranks up to
// ten; a document ranked lower counts as not found.
func Evaluate(ctx context.Context, s loket.Searcher, queries []EvalQuery) (*EvalReport, error) {
	type acc struct{ n, r1, r3, r10, rr float64 }
	var all acc
	per := map[string]*acc{}
	lat := make([]time.Duration, 0, len(queries))
	for _, q := range queries {
		locale := loket.Locale("")
		if q.Lang != "" {
			l, err := loket.ParseLocale(q.Lang)
			if err != nil {
				return nil, fmt.Errorf("query %q: %w", q.Query, err)
			}
			locale = l
		}
		start := time.Now()
		res, err := s.Search(ctx, loket.Query{Text: q.Query, Locale: locale, Limit: 10})
		lat = append(lat, time.Since(start))
		if err != nil {
			return nil, fmt.Errorf("query %q: %w", q.Query, err)
		}
		rank := 0
		for i, h := range res.Hits {
			if slices.Contains(q.Relevant, h.Meta.ID) {
				rank = i + 1
				break
			}
		}
		a := per[q.Relevant[0]]
		if a == nil {
			a = &acc{}
			per[q.Relevant[0]] = a
		}
		for _, x := range []*acc{&all, a} {
			x.n++
			if rank == 1 {
				x.r1++
			}
			if rank >= 1 && rank <= 3 {
				x.r3++
			}
			if rank >= 1 {
				x.r10++
				x.rr += 1 / float64(rank)
			}
		}
	}
	rep := &EvalReport{Queries: len(queries), Articles: len(per)}
	if all.n == 0 {
		return rep, nil
	}
	rep.RecallAt1, rep.RecallAt3, rep.RecallAt10, rep.MRR = all.r1/all.n, all.r3/all.n, all.r10/all.n, all.rr/all.n
	for _, a := range per {
		rep.MacroRecallAt1 += a.r1 / a.n / float64(len(per))
		rep.MacroRecallAt3 += a.r3 / a.n / float64(len(per))
		rep.MacroRecallAt10 += a.r10 / a.n / float64(len(per))
		rep.MacroMRR += a.rr / a.n / float64(len(per))
	}
	rep.P50ms, rep.P99ms = percentile(lat, 0.50), percentile(lat, 0.99)
	return rep, nil
}

// percentile returns the p-th quantile of ds in milliseconds.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p*float64(len(s)-1) + 0.5)
	return float64(s[i].Microseconds()) / 1000
}
