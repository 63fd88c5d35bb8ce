// Package assistant is the answer engine and the chat bot. The engine
// answers a question from the knowledge base it is given: it retrieves
// passages, declines when the best evidence is too weak, and otherwise asks
// a language model to answer from the numbered passages, citing them. An
// answer that is not grounded in the passages — citing one it was not
// given, citing none, in another language, or repeating its instructions —
// is never shown: the extractive answer, the best passage itself, takes its
// place, as it does when no model is configured or the model fails.
//
// The bot holds conversations over the engine, hands them to a person when
// the customer asks or the bot could not answer twice in a row, and serves
// the chat API and the embeddable widget.
package assistant

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loket/loket"
)

// DefaultThreshold is the confidence below which the engine declines. It
// was chosen on the evaluation sets (docs/benchmarks.md, loket eval
// --answers): it gives the lowest balanced error between answerable
// questions declined and unanswerable ones answered.
const DefaultThreshold = 0.40

// EngineOptions configure an Engine.
type EngineOptions struct {
	Library loket.Library
	// Model writes answers from the passages; nil for extractive answers
	// only.
	Model Model
	// Threshold is the confidence below which the engine declines;
	// DefaultThreshold when zero.
	Threshold float64
	// Passages is the most passages given to the model; 5 when zero.
	Passages int
	// History is the most earlier turns given to the model; 6 when zero.
	History int
	// Timeout bounds a model's whole answer; 30 s when zero.
	Timeout time.Duration
	Logger  *slog.Logger
}

// Engine answers questions from a knowledge base. It implements
// loket.Answerer and is safe for concurrent use.
type Engine struct {
	opts EngineOptions
}

var _ loket.Answerer = (*Engine)(nil)

// NewEngine returns an engine over opts.Library.
func NewEngine(opts EngineOptions) *Engine {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Passages == 0 {
		opts.Passages = 5
	}
	if opts.History == 0 {
		opts.History = 6
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Engine{opts: opts}
}

// Answer answers q from the knowledge base. Returns EINVALID for an empty
// question or one over loket.MaxQuestionLength characters.
func (e *Engine) Answer(ctx context.Context, q loket.Question, tokens func(string)) (*loket.Answer, error) {
	q.Text = strings.TrimSpace(q.Text)
	switch n := utf8.RuneCountInString(q.Text); {
	case n == 0:
		return nil, loket.Errorf(loket.EINVALID, "the question is empty")
	case n > loket.MaxQuestionLength:
		return nil, loket.Errorf(loket.EINVALID, "the question is longer than %d characters", loket.MaxQuestionLength)
	}
	passages, err := e.retrieve(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(passages) == 0 || passages[0].Confidence < e.opts.Threshold {
		conf := 0.0
		if len(passages) > 0 {
			conf = passages[0].Confidence
		}
		return &loket.Answer{Declined: true, Mode: loket.ModeDeclined, Confidence: conf}, nil
	}
	streamed := false
	if e.opts.Model != nil {
		var a *loket.Answer
		if a, streamed = e.generate(ctx, q, passages, tokens); a != nil {
			return a, nil
		}
	}
	a := extractive(passages[0], q.Locale)
	if tokens != nil && !streamed {
		// Once part of a generated answer was shown, the caller replaces
		// it with this one; otherwise it is streamed like any answer.
		tokens(a.Text)
	}
	return a, nil
}

// retrieve finds the passages for a question. A short message in a
// conversation ("and if I'm not at home?") is read together with the
// customer's previous question, whose words count half.
func (e *Engine) retrieve(ctx context.Context, q loket.Question) ([]loket.Passage, error) {
	pq := loket.PassageQuery{Text: q.Text, Locale: q.Locale, Limit: e.opts.Passages}
	if len(strings.Fields(q.Text)) <= followUpWords {
		pq.Context = previousQuestion(q.History)
	}
	return e.opts.Library.Passages(ctx, pq)
}

// followUpWords is the length up to which a message may lean on the one
// before it.
const followUpWords = 8

func previousQuestion(history []loket.Turn) string {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Role == "customer" {
			return history[i].Text
		}
	}
	return ""
}

// generate asks the model for an answer and returns it when it is
// grounded, or nil. Sentences are passed to tokens as they are checked;
// streamed reports whether any were.
func (e *Engine) generate(ctx context.Context, q loket.Question, passages []loket.Passage, tokens func(string)) (a *loket.Answer, streamed bool) {
	msgs, err := messages(e.opts.Library.Site().Name, q, passages, e.opts.History)
	if err != nil {
		e.opts.Logger.Error("build prompt", "err", err)
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	ev := &evidence{passages: passages, locale: q.Locale}
	stream := &sentenceStream{emit: tokens, ev: ev}
	text, err := e.opts.Model.Complete(ctx, msgs, stream.write)
	if err != nil {
		e.opts.Logger.Warn("language model failed; answering from the best passage", "err", err)
		return nil, stream.shown.Len() > 0
	}
	stream.flush()
	text = strings.TrimSpace(text)
	if why := ev.problem(text, true); why != "" {
		e.opts.Logger.Warn("model answer not shown; answering from the best passage", "why", why)
		return nil, stream.shown.Len() > 0
	}
	text, cited := renumber(text, passages)
	return &loket.Answer{Text: text, Citations: cite(cited), Mode: loket.ModeGenerated, Confidence: passages[0].Confidence}, true
}

// cite turns passages into citations, each linking to its section.
func cite(passages []loket.Passage) []loket.Citation {
	out := make([]loket.Citation, len(passages))
	for i, p := range passages {
		url := p.Article.URL
		if p.Section.Anchor != "" {
			url += "#" + p.Section.Anchor
		}
		out[i] = loket.Citation{ID: p.Article.ID, Title: p.Article.Title, URL: url, Section: p.Section.Heading}
	}
	return out
}
