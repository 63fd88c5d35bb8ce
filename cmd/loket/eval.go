package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/search"
)

func runEval(ctx context.Context, e *env, args []string) error {
	var c contentFlags
	var queries string
	var asJSON, internal, answers bool
	var negatives string
	var llm llmFlags
	fs := newFlags(e, "eval", "", "Measure how often search ranks the right document first, in the top 3 and in the top 10,\nfor a query file: one JSON object a line, {\"query\", \"relevant\": [ids], \"lang\"}.\nWith --answers, measure the bot's answer engine instead: declines, grounded answers, latency.")
	c.register(fs, e, true)
	fs.StringVar(&queries, "queries", "", "query file (required)")
	fs.BoolVar(&asJSON, "json", false, "print one JSON object")
	fs.BoolVar(&internal, "internal", false, "search internal documents too, as agents do")
	fs.BoolVar(&answers, "answers", false, "measure the answer engine (with the language model of the --llm flags, if any)")
	fs.StringVar(&negatives, "negatives", "", "with --answers: a query file the knowledge base cannot answer, to sweep the decline threshold")
	llm.register(fs, e)
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
	k, closeKB, err := openTempKB(ctx, &c)
	if err != nil {
		return err
	}
	defer closeKB()
	aud := audience(internal)
	if answers {
		return evalAnswers(ctx, e, k.Library(aud), qs, negatives, &llm, asJSON)
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

// evalAnswers runs the answer engine over the queries and prints what it
// did: retrieval of the articles it grounds answers in, declines, grounded
// answers and latency.
func evalAnswers(ctx context.Context, e *env, lib loket.Library, qs []search.EvalQuery, negFile string, llm *llmFlags, asJSON bool) error {
	logger := discardLogger()
	model, err := llm.newModel(logger)
	if err != nil {
		return err
	}
	engine := assistant.NewEngine(assistant.EngineOptions{Library: lib, Model: model, Threshold: llm.threshold, Timeout: llm.timeout, Logger: logger})
	questions, err := evalQuestions(qs)
	if err != nil {
		return err
	}
	var negatives []assistant.EvalQuestion
	if negFile != "" {
		f, err := os.Open(negFile)
		if err != nil {
			return err
		}
		defer f.Close()
		nq, err := search.ReadEvalQueries(f)
		if err != nil {
			return fmt.Errorf("%s: %w", negFile, err)
		}
		if negatives, err = evalQuestions(nq); err != nil {
			return err
		}
	}
	retrieval, err := search.Evaluate(ctx, articlesOnly{lib}, qs)
	if err != nil {
		return err
	}
	rep, err := assistant.EvaluateAnswers(ctx, engine, questions, negatives)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(e.stdout).Encode(map[string]any{"retrieval": retrieval, "answers": rep, "threshold": llm.threshold})
	}
	w := e.stdout
	mode := "extractive (no language model)"
	if model != nil {
		mode = "with the language model at " + llm.url
	}
	fmt.Fprintf(w, "answer engine, %s, decline threshold %.2f\n", mode, llm.threshold)
	fmt.Fprintf(w, "retrieval   recall@1 %.3f  @3 %.3f  @10 %.3f  MRR %.3f  (articles, micro)\n", retrieval.RecallAt1, retrieval.RecallAt3, retrieval.RecallAt10, retrieval.MRR)
	fmt.Fprintf(w, "declined    %.3f of %d questions\n", rep.Declined, rep.Queries)
	fmt.Fprintf(w, "correct     %.3f of the answered cite a relevant article first\n", rep.Correct)
	fmt.Fprintf(w, "grounded    %.3f (generated %d, extractive %d)\n", rep.Grounded, rep.Generated, rep.Extractive)
	fmt.Fprintf(w, "first text  p50 %.2f ms, p99 %.2f ms\n", rep.FirstTokenMS.P50, rep.FirstTokenMS.P99)
	fmt.Fprintf(w, "full answer p50 %.2f ms, p99 %.2f ms\n", rep.TotalMS.P50, rep.TotalMS.P99)
	if len(rep.Sweep) > 0 {
		fmt.Fprintf(w, "\nthreshold  declined  negatives answered\n")
		for _, p := range rep.Sweep {
			fmt.Fprintf(w, "%9.2f  %8.3f  %18.3f\n", p.Threshold, p.Declined, p.NegativeAnswered)
		}
	}
	return nil
}

func evalQuestions(qs []search.EvalQuery) ([]assistant.EvalQuestion, error) {
	out := make([]assistant.EvalQuestion, len(qs))
	for i, q := range qs {
		out[i] = assistant.EvalQuestion{Text: q.Query, Relevant: q.Relevant}
		if q.Lang != "" {
			l, err := loket.ParseLocale(q.Lang)
			if err != nil {
				return nil, fmt.Errorf("query %q: %w", q.Query, err)
			}
			out[i].Locale = l
		}
	}
	return out, nil
}

// articlesOnly searches articles only, as the answer engine does.
type articlesOnly struct{ loket.Library }

func (a articlesOnly) Search(ctx context.Context, q loket.Query) (*loket.Result, error) {
	q.Kind = loket.KindArticle
	return a.Library.Search(ctx, q)
}
