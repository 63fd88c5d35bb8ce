package agentdesk

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

type loginView struct {
	Page
	Name  string
	Next  string
	Error string
}

func (d *Desk) loginPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	p := d.page(c, "login.title")
	d.view(c, http.StatusOK, "login", loginView{Page: p, Next: safeNext(c.Query("next"))})
}

// login signs a user in. A wrong name and a wrong password get the same
// answer and take the same time; after MaxFailedSignIns failures the
// account is locked for LockoutDuration.
func (d *Desk) login(c *gin.Context) {
	ctx := c.Request.Context()
	name, password := strings.TrimSpace(c.PostForm("name")), c.PostForm("password")
	v := loginView{Page: d.page(c, "login.title"), Name: name, Next: safeNext(c.PostForm("next"))}
	now := d.opts.Now()
	u, hash, err := d.opts.Users.FindUserByName(ctx, name)
	if err != nil {
		CheckPassword(dummyHash, password)
		v.Error = v.T("login.wrong")
		d.view(c, http.StatusUnauthorized, "login", v)
		return
	}
	if now.Before(u.LockedUntil) {
		v.Error = v.T("login.locked", int(u.LockedUntil.Sub(now).Minutes())+1)
		d.view(c, http.StatusTooManyRequests, "login", v)
		return
	}
	ok := CheckPassword(hash, password)
	if err := d.opts.Users.RecordSignIn(ctx, u.ID, ok && !u.Disabled, now.Add(loket.LockoutDuration)); err != nil {
		d.fail(c, err)
		return
	}
	if !ok || u.Disabled {
		v.Error = v.T("login.wrong")
		d.opts.Logger.Warn("failed sign-in", "user", name, "client", c.ClientIP())
		d.view(c, http.StatusUnauthorized, "login", v)
		return
	}
	token := newToken()
	s := &loket.Session{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(d.opts.SessionTTL)}
	if err := d.opts.Users.CreateSession(ctx, s, hashToken(token)); err != nil {
		d.fail(c, err)
		return
	}
	d.setCookie(c, token)
	d.opts.Logger.Info("signed in", "user", name)
	c.Redirect(http.StatusSeeOther, v.Next)
}

// logout ends the session.
func (d *Desk) logout(c *gin.Context) {
	if token, err := c.Cookie(sessionCookie); err == nil {
		if err := d.opts.Users.DeleteSession(c.Request.Context(), hashToken(token)); err != nil {
			d.fail(c, err)
			return
		}
	}
	d.clearCookie(c)
	c.Redirect(http.StatusSeeOther, "/agent/login")
}

// safeNext keeps a redirect after sign-in inside the panel.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/agent/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/agent/"
}
