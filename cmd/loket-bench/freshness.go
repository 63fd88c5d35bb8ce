package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/internal/corpus"
	"github.com/loket/loket/kb"
)

// freshness is how long after a file is saved a search finds it.
type freshness struct {
	Runs     int     `json:"runs"`
	Latency  latency `json:"latency"`
	Debounce string  `json:"debounce"`
	Missed   int     `json:"missed"` // saves not found within freshTimeout
}

const (
	freshTimeout = 10 * time.Second
	freshPoll    = 2 * time.Millisecond
	// freshGap separates the saves, so that each is its own change
	// rather than part of the previous one's burst.
	freshGap = 300 * time.Millisecond
)

// measureFreshness opens the knowledge base in dir as the server does
// (kb.Open, then kb.Run watching the folder), then runs times: writes a
// word no article has into a public article and searches for it until the
// article is found. The first save is a warm-up and is not counted.
func measureFreshness(ctx context.Context, dir, indexDir string, c *corpus.Corpus, runs int, seed int64) (freshness, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return freshness{}, err
	}
	defer root.Close()
	k, err := kb.Open(ctx, kb.Options{FS: root.FS(), Dir: dir, IndexDir: indexDir, Logger: quietLogger})
	if err != nil {
		return freshness{}, err
	}
	defer k.Close()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- k.Run(runCtx) }()
	defer func() { cancel(); <-done }()

	lib := k.Library(loket.AudiencePublic)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6672657368)) // "fresh"
	targets := publicArticles(c, rng)
	var samples []time.Duration
	out := freshness{Runs: runs, Debounce: "kb default"}
	for i := -1; i < runs && i+1 < len(targets); i++ {
		time.Sleep(freshGap)
		took, err := saveAndFind(ctx, lib, dir, targets[i+1], randomWord(rng))
		switch {
		case errors.Is(err, errNotFound):
			out.Missed++
		case err != nil:
			return out, err
		case i >= 0:
			samples = append(samples, took)
		}
	}
	out.Latency = summarise(samples)
	return out, nil
}

var errNotFound = errors.New("not found in time")

// saveAndFind appends word to article a's file and returns how long it
// took until a search for word returns a.
func saveAndFind(ctx context.Context, lib loket.Library, dir string, a *corpus.Article, word string) (time.Duration, error) {
	src := append(a.Markdown(), "\n"+word+"\n"...)
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(a.Path())), src, 0o644); err != nil {
		return 0, err
	}
	saved := time.Now()
	for time.Since(saved) < freshTimeout {
		res, err := lib.Search(ctx, loket.Query{Text: word, Locale: a.Locale, Limit: 10})
		if err != nil {
			return 0, fmt.Errorf("search: %w", err)
		}
		for _, h := range res.Hits {
			if h.Meta.ID == a.ID {
				return time.Since(saved), nil
			}
		}
		time.Sleep(freshPoll)
	}
	return 0, errNotFound
}

// publicArticles returns the public articles in a random order.
func publicArticles(c *corpus.Corpus, rng *rand.Rand) []*corpus.Article {
	var out []*corpus.Article
	for _, a := range c.Articles {
		if a.Audience == loket.AudiencePublic {
			out = append(out, a)
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// randomWord returns ten random letters: a word no article has, and far
// from every other word, so that spelling correction cannot find it
// early.
func randomWord(rng *rand.Rand) string {
	b := make([]byte, 10)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}
