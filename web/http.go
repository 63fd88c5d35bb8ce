package web

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// AbsoluteURL turns path, already escaped (content.DocumentURL escapes
// ids), into a URL on the public address: base when it is set (the
// configured public URL), or else the scheme and host the request came
// to, https when the request came over TLS or through a proxy that says
// so in X-Forwarded-Proto.
func AbsoluteURL(c *gin.Context, base, path string) string {
	if base != "" {
		return strings.TrimSuffix(base, "/") + path
	}
	scheme := "http"
	if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	// Appended, not given to url.URL as its Path, which would escape the
	// "%" of the escaped path again.
	u := url.URL{Scheme: scheme, Host: c.Request.Host}
	return u.String() + path
}

// CORS lets pages on origins ("*" for any) call the routes it guards from
// a browser, with the given methods and request headers.
func CORS(origins []string, methods, headers string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if origin := c.GetHeader("Origin"); origin != "" {
			for _, o := range origins {
				if o == "*" || o == origin {
					h := c.Writer.Header()
					h.Set("Access-Control-Allow-Origin", o)
					h.Set("Access-Control-Allow-Methods", methods)
					h.Set("Access-Control-Allow-Headers", headers)
					h.Set("Access-Control-Max-Age", "3600")
					h.Add("Vary", "Origin")
					break
				}
			}
		}
		c.Next()
	}
}
