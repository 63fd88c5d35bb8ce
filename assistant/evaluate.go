package assistant

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/loket/loket"
)

// AnswerReport measures the answer engine over a query set: how often it
// declines, how often a generated answer was grounded, and how fast answers
// come, from the question to the first piece of text and to the whole.
type AnswerReport struct {
	Queries    int     `json:"queries"`
	Declined   float64 `json:"declined"`   // share of queries declined
	Correct    float64 `json:"correct"`    // share of answered queries whose first citation is a relevant article
	Generated  int     `json:"generated"`  // answers the model wrote that passed every check
	Extractive int     `json:"extractive"` // answers from the best passage
	// Grounded is the share of the model's answers that passed the checks
	// (cite only given passages, cite something, state no number the
	// passages lack, stay on the passages, right language); 1 when every
	// answer was extractive, which is grounded by construction.
	Grounded     float64          `json:"grounded"`
	FirstTokenMS Percentiles      `json:"first_token_ms"`
	TotalMS      Percentiles      `json:"total_ms"`
	Sweep        []ThresholdPoint `json:"sweep,omitempty"`
}

// Percentiles are latency percentiles in milliseconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

// ThresholdPoint is what one decline threshold would do: the share of
// answerable questions declined, and the share of unanswerable questions
// (negatives) answered.
type ThresholdPoint struct {
	Threshold        float64 `json:"threshold"`
	Declined         float64 `json:"declined"`
	NegativeAnswered float64 `json:"negative_answered"`
}

// EvalQuestion is a question with the ids of the articles that answer it.
type EvalQuestion struct {
	Text     string
	Locale   loket.Locale
	Relevant []string
}

// EvaluateAnswers asks the engine every question. negatives, when given,
// are questions the knowledge base cannot answer: with them the report
// sweeps decline thresholds.
func EvaluateAnswers(ctx context.Context, e *Engine, questions, negatives []EvalQuestion) (*AnswerReport, error) {
	rep := &AnswerReport{Queries: len(questions)}
	var first, total []time.Duration
	var confs []float64
	declined, answered, correct, attempts := 0, 0, 0, 0
	for _, q := range questions {
		start := time.Now()
		var firstAt time.Duration
		a, err := e.Answer(ctx, loket.Question{Text: q.Text, Locale: q.Locale}, func(string) {
			if firstAt == 0 {
				firstAt = time.Since(start)
			}
		})
		if err != nil {
			return nil, err
		}
		total = append(total, time.Since(start))
		confs = append(confs, a.Confidence)
		if a.Declined {
			declined++
			continue
		}
		first = append(first, firstAt)
		answered++
		if len(a.Citations) > 0 && slices.Contains(q.Relevant, a.Citations[0].ID) {
			correct++
		}
		switch a.Mode {
		case loket.ModeGenerated:
			rep.Generated++
		case loket.ModeExtractive:
			rep.Extractive++
		}
	}
	attempts = rep.Generated
	if e.opts.Model != nil {
		attempts = rep.Generated + rep.Extractive
	}
	rep.Declined = share(declined, len(questions))
	rep.Correct = share(correct, answered)
	rep.Grounded = 1
	if attempts > 0 {
		rep.Grounded = share(rep.Generated, attempts)
	}
	rep.FirstTokenMS, rep.TotalMS = percentiles(first), percentiles(total)
	if len(negatives) > 0 {
		neg, err := e.confidences(ctx, negatives)
		if err != nil {
			return nil, err
		}
		rep.Sweep = sweep(confs, neg)
	}
	return rep, nil
}

// confidences returns the best passage's confidence for each question,
// without asking a model.
func (e *Engine) confidences(ctx context.Context, qs []EvalQuestion) ([]float64, error) {
	out := make([]float64, len(qs))
	for i, q := range qs {
		ps, err := e.retrieve(ctx, loket.Question{Text: q.Text, Locale: q.Locale})
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			out[i] = ps[0].Confidence
		}
	}
	return out, nil
}

func sweep(pos, neg []float64) []ThresholdPoint {
	var out []ThresholdPoint
	for th := 0.20; th <= 0.601; th += 0.05 {
		d, a := 0, 0
		for _, c := range pos {
			if c < th {
				d++
			}
		}
		for _, c := range neg {
			if c >= th {
				a++
			}
		}
		out = append(out, ThresholdPoint{Threshold: float64(int(th*100+0.5)) / 100, Declined: share(d, len(pos)), NegativeAnswered: share(a, len(neg))})
	}
	return out
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) float64 { return float64(s[int(p*float64(len(s)-1)+0.5)].Microseconds()) / 1000 }
	return Percentiles{P50: at(0.50), P99: at(0.99)}
}
