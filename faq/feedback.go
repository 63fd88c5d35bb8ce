package faq

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// feedback stores "Was this helpful?": a vote, or after No the optional
// comment. Without JavaScript it redirects back to the article; with it,
// the script asks for JSON and updates the box in place.
func (s *Site) feedback(c *gin.Context) {
	locale := c.MustGet(localeKey).(loket.Locale)
	a, err := s.lib.Article(locale, docID(c))
	if err != nil {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	vote := c.PostForm("vote")
	comment := strings.TrimSpace(c.PostForm("comment"))
	state := "thanks"
	switch {
	case vote == "yes" || vote == "no":
		v := &loket.Vote{Channel: loket.ChannelWeb, Locale: locale, ArticleID: a.ID, Helpful: vote == "yes", Session: web.Visitor(c)}
		if err := s.opts.Votes.CreateVote(ctx, v); err != nil {
			s.fail(c, err)
			return
		}
		if vote == "no" {
			state = "comment"
		}
	case c.PostForm("step") == "comment":
		if utf8.RuneCountInString(comment) > loket.MaxCommentLength {
			comment = string([]rune(comment)[:loket.MaxCommentLength])
		}
		if comment != "" {
			s.record(ctx, &loket.Event{Type: loket.EventComment, Channel: loket.ChannelWeb, Locale: locale,
				Session: web.Visitor(c), ArticleID: a.ID, Data: map[string]string{"comment": comment}})
		}
	default:
		s.errorPage(c, http.StatusBadRequest, locale)
		return
	}
	if strings.Contains(c.GetHeader("Accept"), "application/json") {
		c.JSON(http.StatusOK, gin.H{"state": state})
		return
	}
	c.Redirect(http.StatusSeeOther, a.URL+"?feedback="+state+"#feedback")
}

// fail answers a failed request with an error page, logging internal errors.
func (s *Site) fail(c *gin.Context, err error) {
	if loket.ErrorCode(err) == loket.EINTERNAL {
		s.logger.Error("request failed", "path", c.Request.URL.Path, "err", err)
	}
	s.errorPage(c, web.Status(err), c.MustGet(localeKey).(loket.Locale))
}
