package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/agentdesk"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/assistant/openai"
	"github.com/loket/loket/web"
)

// llmFlags configure the language model behind the bot. Without a URL the
// bot answers extractively: with the best passage and its link.
type llmFlags struct {
	url         string
	model       string
	key         string
	azure       bool
	apiVersion  string
	temperature float64
	maxTokens   int
	timeout     time.Duration
	firstToken  time.Duration
	threshold   float64
}

func (f *llmFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&f.url, "llm-url", e.envOr("LOKET_LLM_URL", ""), "base URL of an OpenAI-compatible API (https://api.openai.com/v1, http://localhost:11434/v1 for Ollama); none: extractive answers (env LOKET_LLM_URL)")
	fs.StringVar(&f.model, "llm-model", e.envOr("LOKET_LLM_MODEL", ""), "model name, or the deployment name on Azure (env LOKET_LLM_MODEL)")
	fs.StringVar(&f.key, "llm-api-key", e.envOr("LOKET_LLM_API_KEY", ""), "API key (env LOKET_LLM_API_KEY)")
	fs.BoolVar(&f.azure, "llm-azure", e.envOr("LOKET_LLM_AZURE", "") == "true", "the URL is an Azure OpenAI resource (env LOKET_LLM_AZURE=true)")
	fs.StringVar(&f.apiVersion, "llm-api-version", e.envOr("LOKET_LLM_API_VERSION", ""), "Azure OpenAI api-version, e.g. 2024-06-01 (env LOKET_LLM_API_VERSION)")
	fs.Float64Var(&f.temperature, "llm-temperature", envFloat(e, "LOKET_LLM_TEMPERATURE", 0.2), "sampling temperature; low keeps answers close to the articles (env LOKET_LLM_TEMPERATURE)")
	fs.IntVar(&f.maxTokens, "llm-max-tokens", envInt(e, "LOKET_LLM_MAX_TOKENS", 400), "longest answer in tokens; 0 for the server's default (env LOKET_LLM_MAX_TOKENS)")
	fs.DurationVar(&f.timeout, "llm-timeout", envDuration(e, "LOKET_LLM_TIMEOUT", 30*time.Second), "longest a whole answer may take (env LOKET_LLM_TIMEOUT)")
	fs.DurationVar(&f.firstToken, "llm-first-token", envDuration(e, "LOKET_LLM_FIRST_TOKEN", 1500*time.Millisecond), "give up on the model and answer from the best passage when it has not started answering within this time (env LOKET_LLM_FIRST_TOKEN)")
	fs.Float64Var(&f.threshold, "answer-threshold", envFloat(e, "LOKET_ANSWER_THRESHOLD", assistant.DefaultThreshold), "confidence below which the bot says it does not know, 0 to 1 (env LOKET_ANSWER_THRESHOLD)")
}

// model returns the configured language model, or nil for extractive
// answers.
func (f *llmFlags) newModel(logger *slog.Logger) (assistant.Model, error) {
	if f.url == "" {
		logger.Info("no language model configured: the bot answers with the best passage and its link")
		return nil, nil
	}
	temp := float32(f.temperature)
	m, err := openai.New(openai.Config{BaseURL: f.url, APIKey: f.key, Model: f.model, Azure: f.azure, APIVersion: f.apiVersion,
		Temperature: &temp, MaxTokens: f.maxTokens, Timeout: f.timeout, FirstToken: f.firstToken})
	if err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	logger.Info("language model configured", "url", f.url, "model", f.model)
	return m, nil
}

// newDesk builds the agent panel: the internal library, drafts from the
// answer engine over it, and the stores.
func (s *server) newDesk(cfg *serveConfig, key []byte) (*agentdesk.Desk, error) {
	model, err := cfg.llm.newModel(discardLogger())
	if err != nil {
		return nil, err
	}
	internal := s.kb.Library(loket.AudienceInternal)
	drafts := assistant.NewEngine(assistant.EngineOptions{Library: internal, Model: model, Threshold: cfg.llm.threshold, Timeout: cfg.llm.timeout, Logger: s.logger})
	return agentdesk.New(agentdesk.Options{
		Library: internal, Public: s.kb.Library(loket.AudiencePublic), Answerer: drafts,
		Users: s.db, Handoffs: s.db, Flags: s.db, Links: s.db, Events: s.db,
		Key: key, Secure: strings.HasPrefix(cfg.publicURL, "https://"), ProxyHeader: cfg.agentProxyHeader,
		SignIns: web.NewLimiter(10, 5, nil), Logger: s.logger, BaseURL: cfg.publicURL,
	})
}

// newBot builds the bot for customers: the answer engine over the public
// library, with conversations and handoffs in the database.
func (s *server) newBot(f *llmFlags) (*assistant.Bot, error) {
	model, err := f.newModel(s.logger)
	if err != nil {
		return nil, err
	}
	if f.threshold < 0 || f.threshold > 1 {
		return nil, fmt.Errorf("--answer-threshold %g: use a number from 0 to 1", f.threshold)
	}
	lib := s.kb.Library(loket.AudiencePublic)
	engine := assistant.NewEngine(assistant.EngineOptions{Library: lib, Model: model, Threshold: f.threshold, Timeout: f.timeout, Logger: s.logger})
	s.engine = engine
	return assistant.NewBot(assistant.BotOptions{Engine: engine, Library: lib, Conversations: s.db, Handoffs: s.db, Events: s.db, Logger: s.logger})
}

// sweepConversations marks conversations idle for half an hour abandoned,
// every minute until ctx is done.
func sweepConversations(ctx context.Context, bot *assistant.Bot, logger *slog.Logger) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := bot.Sweep(ctx, 30*time.Minute); err != nil && ctx.Err() == nil {
				logger.Error("mark abandoned conversations", "err", err)
			}
		}
	}
}

func envFloat(e *env, key string, def float64) float64 {
	if f, err := strconv.ParseFloat(e.getenv(key), 64); err == nil {
		return f
	}
	return def
}

func envDuration(e *env, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(e.getenv(key)); err == nil {
		return d
	}
	return def
}
