package agentdesk

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// flagsLimit bounds the flags the editors' list shows.
const flagsLimit = 300

type flagsView struct {
	Page
	Show     string // "open" or "resolved"
	Articles []flagItem
	Missing  []flagItem
	Resolved int64 // the flag just marked resolved, for the confirmation
}

// flagItem is one flag as editors see it.
type flagItem struct {
	ID         int64
	Kind       string // in words
	KindCode   string
	Article    string // the article's title, or its ID when it no longer exists
	ArticleURL string
	Note       string
	Agent      string
	Date       string
	Time       string
	HandoffID  int64
	HandoffURL string
	Resolved   bool
}

// flagsPage lists the flags agents raised, newest first: articles flagged
// wrong or outdated, and reports of missing content. ?show=resolved lists
// the handled ones.
func (d *Desk) flagsPage(c *gin.Context) {
	if d.opts.Flags == nil {
		d.fail(c, loket.Errorf(loket.EUNAVAILABLE, "flags are not kept"))
		return
	}
	p := d.page(c, "queue.flags.title")
	p.Nav = "flags"
	v := flagsView{Page: p, Show: "open"}
	filter := loket.FlagFilter{Unresolved: true, Limit: flagsLimit}
	if c.Query("show") == "resolved" {
		v.Show, filter = "resolved", loket.FlagFilter{Limit: flagsLimit}
	}
	flags, err := d.opts.Flags.FindFlags(c.Request.Context(), filter)
	if err != nil {
		d.fail(c, err)
		return
	}
	loc := d.clockLocation()
	for _, f := range flags {
		if f.Resolved != (v.Show == "resolved") {
			continue
		}
		it := flagItem{ID: f.ID, Kind: p.T("queue.flag.kind." + string(f.Kind)), KindCode: string(f.Kind), Note: f.Note, Agent: f.Agent,
			Date: p.Date(f.Time.In(loc)), Time: handoffClock(f.Time, loc), HandoffID: f.HandoffID, Resolved: f.Resolved}
		if f.HandoffID > 0 {
			it.HandoffURL = "/agent/handoffs/" + strconv.FormatInt(f.HandoffID, 10)
		}
		if f.Kind == loket.FlagMissing {
			v.Missing = append(v.Missing, it)
			continue
		}
		it.Article, it.ArticleURL = f.ArticleID, "/agent/articles/"+string(f.Locale)+"/"+f.ArticleID
		if a, err := d.opts.Library.Article(f.Locale, f.ArticleID); err == nil {
			it.Article = a.Title
		}
		v.Articles = append(v.Articles, it)
	}
	v.Resolved, _ = strconv.ParseInt(c.Query("resolved"), 10, 64)
	d.view(c, http.StatusOK, "flags", v)
}

// resolveFlag marks a flag handled and returns to the list.
func (d *Desk) resolveFlag(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		d.fail(c, loket.Errorf(loket.ENOTFOUND, "there is no flag %q", c.Param("id")))
		return
	}
	if d.opts.Flags == nil {
		d.fail(c, loket.Errorf(loket.EUNAVAILABLE, "flags are not kept"))
		return
	}
	if err := d.opts.Flags.ResolveFlag(c.Request.Context(), id); err != nil {
		d.fail(c, err)
		return
	}
	d.opts.Logger.Info("flag resolved", "flag", id, "editor", currentUser(c).Name)
	c.Redirect(http.StatusSeeOther, "/agent/flags?resolved="+strconv.FormatInt(id, 10))
}
