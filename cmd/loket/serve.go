package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
	"github.com/loket/loket/faq"
	"github.com/loket/loket/kb"
	"github.com/loket/loket/store/sqlite"
	"github.com/loket/loket/web"
)

// serveConfig is the configuration of the server, from flags and the
// environment.
type serveConfig struct {
	content          contentFlags
	data             string
	addr             string
	logLevel         string
	adminToken       string
	shutdown         time.Duration
	publicURL        string
	corsOrigins      string
	trustedProxies   string
	rateSearch       int
	rateSuggest      int
	rateForms        int
	rateChat         int
	llm              llmFlags
	agentProxyHeader string
	voice            voiceFlags
	// now is the voicebot's clock, which decides whether the opening hours
	// let a caller through to the queue; time.Now when nil. No flag sets
	// it: tests do, to call at a known hour.
	now func() time.Time
}

func runServe(ctx context.Context, e *env, args []string) error {
	var cfg serveConfig
	fs := newFlags(e, "serve", "", "Run the Loket server.")
	cfg.content.register(fs, e, true)
	fs.StringVar(&cfg.data, "data", e.envOr("LOKET_DATA", "./data"), "folder for the database and the search index (env LOKET_DATA)")
	fs.StringVar(&cfg.addr, "addr", e.envOr("LOKET_ADDR", "127.0.0.1:8080"), "address to listen on, HOST:PORT (env LOKET_ADDR)")
	fs.StringVar(&cfg.logLevel, "log-level", e.envOr("LOKET_LOG_LEVEL", "info"), "debug, info, warn or error (env LOKET_LOG_LEVEL)")
	fs.StringVar(&cfg.adminToken, "admin-token", e.envOr("LOKET_ADMIN_TOKEN", ""), "bearer token for /api/v1/status; without it, status is served to this machine only (env LOKET_ADMIN_TOKEN)")
	fs.DurationVar(&cfg.shutdown, "shutdown-timeout", 15*time.Second, "how long to let requests finish on SIGTERM")
	fs.StringVar(&cfg.publicURL, "public-url", e.envOr("LOKET_PUBLIC_URL", ""), "public address of the site, e.g. https://help.example.nl, for canonical links and the sitemap; taken from requests when empty (env LOKET_PUBLIC_URL)")
	fs.StringVar(&cfg.corsOrigins, "cors-origins", e.envOr("LOKET_CORS_ORIGINS", ""), "comma-separated origins allowed to call the public API from a browser, or * (env LOKET_CORS_ORIGINS)")
	fs.StringVar(&cfg.trustedProxies, "trusted-proxies", e.envOr("LOKET_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (env LOKET_TRUSTED_PROXIES)")
	fs.IntVar(&cfg.rateSearch, "rate-search", envInt(e, "LOKET_RATE_SEARCH", 60), "searches a client may do per minute; 0 for no limit (env LOKET_RATE_SEARCH)")
	fs.IntVar(&cfg.rateSuggest, "rate-suggest", envInt(e, "LOKET_RATE_SUGGEST", 300), "suggestion requests per client and minute (env LOKET_RATE_SUGGEST)")
	fs.IntVar(&cfg.rateForms, "rate-forms", envInt(e, "LOKET_RATE_FORMS", 10), "feedback and contact forms per client and minute (env LOKET_RATE_FORMS)")
	fs.IntVar(&cfg.rateChat, "rate-chat", envInt(e, "LOKET_RATE_CHAT", 20), "chat messages per client and minute (env LOKET_RATE_CHAT)")
	cfg.llm.register(fs, e)
	cfg.voice.register(fs, e)
	fs.StringVar(&cfg.agentProxyHeader, "agent-proxy-header", e.envOr("LOKET_AGENT_PROXY_HEADER", ""), "header in which a trusted single-sign-on proxy names the signed-in agent; off when empty — read docs/agent-panel.md first (env LOKET_AGENT_PROXY_HEADER)")
	memory := memoryLimitFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "loket serve: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	logger, err := newLogger(e.stderr, cfg.logLevel)
	if err != nil {
		return err
	}
	memory.apply(ctx, logger)
	srv, err := newServer(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer srv.close()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return srv.serve(ctx, ln, cfg.shutdown)
}

// server is a running Loket: the knowledge base, the database and the HTTP
// handler that serves them.
type server struct {
	logger  *slog.Logger
	kb      *kb.KB
	db      *sqlite.DB
	bot     *assistant.Bot
	engine  *assistant.Engine // the public answer engine, shared by the bot and the voicebot
	handler http.Handler
}

func newServer(ctx context.Context, cfg *serveConfig, logger *slog.Logger) (*server, error) {
	if err := os.MkdirAll(cfg.data, 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(cfg.data, "loket.db"))
	if err != nil {
		return nil, err
	}
	start := time.Now()
	k, err := openKB(ctx, &cfg.content, filepath.Join(cfg.data, "index"), kb.Options{Logger: logger})
	if err != nil {
		db.Close()
		return nil, err
	}
	st := k.Status()
	logger.Info("knowledge base loaded", "source", st.Source, "articles", st.Articles, "guides", st.Guides,
		"errors", st.Errors, "warnings", st.Warnings, "took", time.Since(start).Round(time.Millisecond))
	s := &server{logger: logger, kb: k, db: db}
	if s.bot, err = s.newBot(&cfg.llm); err != nil {
		s.close()
		return nil, err
	}
	if s.handler, err = s.routes(cfg); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// routes builds the HTTP handler.
func (s *server) routes(cfg *serveConfig) (http.Handler, error) {
	key, err := loadSecret(cfg.data)
	if err != nil {
		return nil, err
	}
	e := web.New(web.Options{Logger: s.logger, TrustedProxies: splitList(cfg.trustedProxies)})
	site, err := faq.New(faq.Options{
		Library: s.kb.Library(loket.AudiencePublic), Events: s.db, Votes: s.db, Views: s.db, Handoffs: s.db,
		Visitors: web.NewVisitors(key, strings.HasPrefix(cfg.publicURL, "https://")), Logger: s.logger,
		BaseURL: cfg.publicURL, CORSOrigins: splitList(cfg.corsOrigins),
		Search:  web.NewLimiter(cfg.rateSearch, max(cfg.rateSearch/3, 10), nil),
		Suggest: web.NewLimiter(cfg.rateSuggest, max(cfg.rateSuggest/3, 20), nil),
		Forms:   web.NewLimiter(cfg.rateForms, max(cfg.rateForms/2, 3), nil),
		ChatURL: "#chat",
	})
	if err != nil {
		return nil, err
	}
	site.Register(e)
	desk, err := s.newDesk(cfg, key)
	if err != nil {
		return nil, err
	}
	desk.Register(e)
	assistant.NewAPI(s.bot, assistant.APIOptions{Logger: s.logger, CORSOrigins: splitList(cfg.corsOrigins), BaseURL: cfg.publicURL,
		Limit: web.NewLimiter(cfg.rateChat, max(cfg.rateChat/2, 5), nil)}).Register(e)
	if err := s.registerVoice(e, cfg); err != nil {
		return nil, err
	}
	e.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			web.Error(c, s.logger, loket.Errorf(loket.ENOTFOUND, "There is nothing at this address."))
			return
		}
		site.NotFound(c)
	})
	web.Health(e, map[string]web.Check{
		"database": s.db.Ping,
		"content": func(context.Context) error {
			if !s.kb.Status().Ready {
				return errors.New("content not loaded")
			}
			return nil
		},
	})
	e.GET("/api/v1/status", web.Operator(cfg.adminToken), func(c *gin.Context) {
		c.JSON(http.StatusOK, s.kb.Status())
	})
	return e, nil
}

// splitList splits a comma-separated setting, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// envInt reads an integer setting from the environment.
func envInt(e *env, key string, def int) int {
	if n, err := strconv.Atoi(e.getenv(key)); err == nil {
		return n
	}
	return def
}

// serve answers requests on ln, reloads content when it changes or on
// SIGHUP, and shuts down gracefully when ctx is done.
func (s *server) serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10, // no page needs longer addresses or headers
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Requests live in a context that ends with the shutdown, so that
	// long-lived streams (the agent queue) end and let the server stop.
	reqCtx, endRequests := context.WithCancel(context.Background())
	defer endRequests()
	hs.BaseContext = func(net.Listener) context.Context { return reqCtx }
	hs.RegisterOnShutdown(endRequests)
	go func() {
		if err := s.kb.Run(runCtx); err != nil {
			s.logger.Error("content watching stopped; restart to pick up changes", "err", err)
		}
	}()
	go s.reloadOnHangup(runCtx)
	go sweepConversations(runCtx, s.bot, s.logger)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.logger.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/")
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.logger.Info("shutting down", "grace", grace)
	sctx, scancel := context.WithTimeout(context.Background(), grace)
	defer scancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.logger.Info("stopped")
	return nil
}

// reloadOnHangup reloads the content on SIGHUP, for deployments that pull
// content with a script and tell the server.
func (s *server) reloadOnHangup(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			if _, err := s.kb.Reload(ctx); err != nil {
				s.logger.Error("reload on SIGHUP failed", "err", err)
			}
		}
	}
}

func (s *server) close() {
	if err := s.kb.Close(); err != nil {
		s.logger.Error("close index", "err", err)
	}
	if err := s.db.Close(); err != nil {
		s.logger.Error("close database", "err", err)
	}
}
