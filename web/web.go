// Package web holds the HTTP plumbing every channel shares: the gin engine
// with its middleware (recovery, request logs, security headers, body
// limits), the one table that turns error codes into HTTP statuses, and the
// health and status endpoints. Only web and the channel packages touch gin.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Options configure the engine.
type Options struct {
	Logger *slog.Logger
	// MaxBody is the largest request body accepted, in bytes; 1 MiB when zero.
	MaxBody int64
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// TrustedProxies are the addresses (CIDR ranges) of reverse proxies
	// whose X-Forwarded-For header names the client. None by default: the
	// client is the connection's peer.
	TrustedProxies []string
}

// DefaultMaxBody is the request body limit when Options.MaxBody is zero.
const DefaultMaxBody = 1 << 20

// New returns a gin engine with Loket's middleware: recovery that logs and
// answers a plain error, a request log line per request, security headers
// and a request body limit.
func New(opts Options) *gin.Engine {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(opts.TrustedProxies); err != nil {
		opts.Logger.Error("trusted proxies ignored", "err", err)
		e.SetTrustedProxies(nil)
	}
	e.Use(recovery(opts.Logger), requestLog(opts.Logger, opts.Now), securityHeaders(), limitBody(opts.MaxBody), Gzip())
	e.NoRoute(func(c *gin.Context) {
		c.JSON(http.StatusNotFound, errorBody("not_found", "There is nothing at this address."))
	})
	e.NoMethod(func(c *gin.Context) {
		c.JSON(http.StatusMethodNotAllowed, errorBody("invalid", "This method is not allowed here."))
	})
	return e
}
