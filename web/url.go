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
