package agentdesk

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// sessionCookie holds the session token of a signed-in agent.
const sessionCookie = "loket_agent"

const (
	userKey  = "agentdesk.user"
	tokenKey = "agentdesk.token"
)

// authenticate finds the signed-in user, from the session cookie or, when
// configured, the single-sign-on proxy's header. It never refuses: require
// does.
func (d *Desk) authenticate(c *gin.Context) {
	if d.opts.ProxyHeader != "" {
		if name := strings.TrimSpace(c.GetHeader(d.opts.ProxyHeader)); name != "" {
			if u, _, err := d.opts.Users.FindUserByName(c.Request.Context(), name); err == nil && !u.Disabled {
				c.Set(userKey, u)
				c.Set(tokenKey, "proxy:"+name)
			}
			c.Next()
			return
		}
	}
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" {
		c.Next()
		return
	}
	now := d.opts.Now()
	s, u, err := d.opts.Users.FindSession(c.Request.Context(), hashToken(token), now)
	switch {
	case err != nil:
		d.clearCookie(c)
	case now.Sub(s.LastSeen) > d.opts.IdleTimeout:
		d.opts.Users.DeleteSession(c.Request.Context(), hashToken(token))
		d.clearCookie(c)
	default:
		c.Set(userKey, u)
		c.Set(tokenKey, token)
	}
	c.Next()
}

// require refuses requests without a signed-in user of at least role:
// pages redirect to the sign-in page, the API answers 401, and a user whose
// role is too low gets 403.
func (d *Desk) require(role loket.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		api := strings.HasPrefix(c.Request.URL.Path, "/agent/api/")
		switch {
		case u == nil && api:
			web.Error(c, d.opts.Logger, loket.Errorf(loket.EUNAUTHORIZED, "Sign in first."))
		case u == nil:
			// No body: the address asked for is not echoed to a stranger.
			c.Header("Location", "/agent/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.AbortWithStatus(http.StatusSeeOther)
		case !u.Role.Includes(role) && api:
			web.Error(c, d.opts.Logger, loket.Errorf(loket.EFORBIDDEN, "Your role may not do this."))
		case !u.Role.Includes(role):
			d.errorPage(c, http.StatusForbidden)
			c.Abort()
		default:
			c.Header("Cache-Control", "no-store")
			c.Next()
		}
	}
}

// currentUser returns the signed-in user, or nil.
func currentUser(c *gin.Context) *loket.User {
	u, _ := c.Get(userKey)
	user, _ := u.(*loket.User)
	return user
}

// csrfToken is the token forms and scripts of a signed-in user send back:
// bound to the session, so another site cannot know it.
func (d *Desk) csrfToken(c *gin.Context) string {
	mac := hmac.New(sha256.New, d.opts.Key)
	mac.Write([]byte("agent-csrf:" + c.GetString(tokenKey)))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// checkToken refuses a state-changing request without the session's CSRF
// token, in the form field "csrf" or the header X-CSRF-Token.
func (d *Desk) checkToken(c *gin.Context) {
	got := c.GetHeader("X-CSRF-Token")
	if got == "" {
		got = c.PostForm("csrf")
	}
	if c.GetString(tokenKey) != "" && got != "" && hmac.Equal([]byte(got), []byte(d.csrfToken(c))) {
		c.Next()
		return
	}
	if strings.HasPrefix(c.Request.URL.Path, "/agent/api/") {
		web.Error(c, d.opts.Logger, loket.Errorf(loket.EFORBIDDEN, "The form token is missing or wrong; reload the page."))
		return
	}
	d.errorPage(c, http.StatusForbidden)
	c.Abort()
}

// checkVisitorToken protects the sign-in form, which has no session yet.
func (d *Desk) checkVisitorToken(c *gin.Context) {
	if d.visitors.CheckToken(c) {
		c.Next()
		return
	}
	d.errorPage(c, http.StatusForbidden)
	c.Abort()
}

func (d *Desk) limitSignIns(c *gin.Context) {
	if d.opts.SignIns.Allow(c.ClientIP()) {
		c.Next()
		return
	}
	c.Header("Retry-After", "60")
	d.errorPage(c, http.StatusTooManyRequests)
	c.Abort()
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (d *Desk) setCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: d.opts.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(d.opts.SessionTTL.Seconds())})
}

func (d *Desk) clearCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: d.opts.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}
