package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// VisitorCookie names the cookie that tells one visitor's requests apart.
// It holds a random id, nothing about the person; it lets Loket count a
// search followed by a view as one visit and bind form tokens to a visitor.
const VisitorCookie = "loket_v"

const visitorKey = "loket.visitor"

// Visitors issues visitor ids and the CSRF tokens bound to them.
type Visitors struct {
	key    []byte // secret for CSRF tokens
	secure bool   // set the Secure attribute: the site is served over HTTPS
}

// NewVisitors returns Visitors that sign tokens with key. secure makes the
// cookie HTTPS-only.
func NewVisitors(key []byte, secure bool) *Visitors {
	return &Visitors{key: key, secure: secure}
}

// Middleware makes sure every request has a visitor id, setting the cookie
// on the first request.
func (v *Visitors) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := c.Cookie(VisitorCookie)
		if err != nil || !validID(id) {
			id = RandomID()
			http.SetCookie(c.Writer, &http.Cookie{
				Name: VisitorCookie, Value: id, Path: "/", HttpOnly: true, Secure: v.secure,
				SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600,
			})
		}
		c.Set(visitorKey, id)
		c.Next()
	}
}

// Visitor returns the visitor id of the request.
func Visitor(c *gin.Context) string { return c.GetString(visitorKey) }

// Token returns the CSRF token of the request's visitor, for forms.
func (v *Visitors) Token(c *gin.Context) string {
	mac := hmac.New(sha256.New, v.key)
	mac.Write([]byte("csrf:" + Visitor(c)))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// CheckToken reports whether a form or request carries the visitor's CSRF
// token, in the field "csrf" or the header X-CSRF-Token. A request from
// another site cannot know it: it is bound to the visitor cookie, which
// that site cannot read.
func (v *Visitors) CheckToken(c *gin.Context) bool {
	got := c.GetHeader("X-CSRF-Token")
	if got == "" {
		got = c.PostForm("csrf")
	}
	want := v.Token(c)
	return got != "" && hmac.Equal([]byte(got), []byte(want))
}

// RandomID returns 128 random bits, URL-safe.
func RandomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func validID(s string) bool {
	if len(s) != 22 {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}
