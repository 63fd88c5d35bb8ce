package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/loket/loket"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/search"
)

func runEval(ctx context.Context, e *env, args []string) error {
	var c contentFlags
	var queries string
	var asJSON, internal bool
	fs := newFlags(e, "eval", "", "Measure how often search ranks the right document first, in the top 3 and in the top 10,\nfor a query file: one JSON object a line, {\"query\", \"relevant\": [ids], \"lang\"}.")
	c.register(fs, e, true)
	fs.StringVar(&queries, "queries", "", "query file (required)")
	fs.BoolVar(&asJSON, "json", false, "print one JSON object")
	fs.BoolVar(&internal, "internal", false, "search internal documents too, as agents do")
	if err := parse(fs, args); err != nil {
		return err
	}
	if queries == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(queries)
	if err != nil {
		return err
	}
	defer f.Close()
	qs, err := search.ReadEvalQueries(f)
	if err != nil {
		return fmt.Errorf("%s: %w", queries, err)
	}
	dir, cleanup, err := tempIndex()
	if err != nil {
		return err
	}
	defer cleanup()
	k, err := openKB(ctx, &c, dir, kb.Options{Logger: discardLogger()})
	if err != nil {
		return err
	}
	defer k.Close()
	aud := loket.AudiencePublic
	if internal {
		aud = loket.AudienceInternal
	}
	rep, err := search.Evaluate(ctx, k.Library(aud), qs)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(e.stdout).Encode(rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "queries     %d over %d articles\n", rep.Queries, rep.Articles)
	fmt.Fprintf(w, "            micro   macro (per article)\n")
	fmt.Fprintf(w, "recall@1    %.3f   %.3f\n", rep.RecallAt1, rep.MacroRecallAt1)
	fmt.Fprintf(w, "recall@3    %.3f   %.3f\n", rep.RecallAt3, rep.MacroRecallAt3)
	fmt.Fprintf(w, "recall@10   %.3f   %.3f\n", rep.RecallAt10, rep.MacroRecallAt10)
	fmt.Fprintf(w, "MRR@10      %.3f   %.3f\n", rep.MRR, rep.MacroMRR)
	fmt.Fprintf(w, "latency     p50 %.2f ms, p99 %.2f ms\n", rep.P50ms, rep.P99ms)
	return nil
}
