package assistant_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/content/demo"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/store/sqlite"
)

var quiet = slog.New(slog.DiscardHandler)

var demoKB struct {
	once sync.Once
	kb   *kb.KB
	err  error
}

// library returns the demo knowledge base for an audience, built once.
func library(tb testing.TB, aud loket.Audience) loket.Library {
	tb.Helper()
	demoKB.once.Do(func() {
		dir, err := osTempDir()
		if err != nil {
			demoKB.err = err
			return
		}
		demoKB.kb, demoKB.err = kb.Open(context.Background(), kb.Options{FS: demo.FS(), IndexDir: dir, Logger: quiet})
	})
	if demoKB.err != nil {
		tb.Fatal(demoKB.err)
	}
	return demoKB.kb.Library(aud)
}

func openDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "loket.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// clock is a settable time for the bot.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// newBot returns a bot over the public demo library with model (nil for
// extractive answers), a real SQLite store, and a clock set to a Tuesday
// morning, when people answer.
func newBot(tb testing.TB, model assistant.Model) (*assistant.Bot, *sqlite.DB, *clock) {
	tb.Helper()
	db := openDB(tb)
	lib := library(tb, loket.AudiencePublic)
	clk := &clock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, lib.Site().Hours.Location)}
	db.Now = clk.Now
	eng := assistant.NewEngine(assistant.EngineOptions{Library: lib, Model: model, Logger: quiet})
	bot, err := assistant.NewBot(assistant.BotOptions{Engine: eng, Library: lib, Conversations: db, Handoffs: db, Events: db, Logger: quiet, Now: clk.Now})
	if err != nil {
		tb.Fatal(err)
	}
	return bot, db, clk
}
