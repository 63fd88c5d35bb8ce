package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Check reports whether one dependency is ready; nil means ready.
type Check func(ctx context.Context) error

// Health registers /healthz, which answers 200 while the process serves
// requests, and /readyz, which answers 200 only when every check passes
// (503 with the failing checks otherwise), for load balancers and
// orchestrators.
func Health(r gin.IRoutes, checks map[string]Check) {
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	r.GET("/readyz", func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		failed := map[string]string{}
		for name, check := range checks {
			if err := check(ctx); err != nil {
				failed[name] = err.Error()
			}
		}
		if len(failed) > 0 {
			c.JSON(http.StatusServiceUnavailable, gin.H{"ready": false, "failed": failed})
			return
		}
		c.JSON(http.StatusOK, gin.H{"ready": true})
	})
}

// Operator guards operational endpoints that show more than the public may
// see, such as file names of internal documents. With a token, requests
// must carry "Authorization: Bearer <token>"; without one, only requests
// made directly from the same machine are let through.
func Operator(token string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if token != "" {
			got := strings.TrimPrefix(c.GetHeader("Authorization"), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				c.AbortWithStatusJSON(http.StatusUnauthorized, errorBody("unauthorized", "This endpoint needs the operator token."))
				return
			}
			c.Next()
			return
		}
		if !fromLoopback(c.Request) {
			c.AbortWithStatusJSON(http.StatusForbidden, errorBody("forbidden",
				"This endpoint is only served to the same machine unless an operator token is configured."))
			return
		}
		c.Next()
	}
}

// fromLoopback reports whether r came straight from this machine, not
// through a proxy that forwards someone else's request.
func fromLoopback(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
