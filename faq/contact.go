package faq

import (
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// maxAnswers is the number of articles offered before the contact options.
const maxAnswers = 4

type contactView struct {
	Page
	Step     int // 1: ask the question; 2: answers and contact options
	Question string
	CID      string // identifies this contact attempt across pages
	Answers  []DocLink
	Offered  string // ids of the answers shown, for the form
	Form     contactForm
	ChatURL  string
}

// contactForm is the form sent to a person, with what was wrong with it.
type contactForm struct {
	Name, Email, Phone, Question string
	Errors                       map[string]string
}

// contact asks the question first. The answers and the contact options come
// after it: most questions have an answer already.
func (s *Site) contact(c *gin.Context) {
	v := s.contactPage(c)
	v.Step, v.Question = 1, clipText(c.Query("q"), loket.MaxCommentLength)
	s.view(c, http.StatusOK, "contact", v)
}

func (s *Site) contactPage(c *gin.Context) contactView {
	p := s.page(c, "")
	p.Title, p.NoIndex = p.T("contact.title"), true
	p.Alternates = s.alternates(c, func(l loket.Locale) (string, bool) { return "/" + string(l) + "/contact", true })
	return contactView{Page: p, ChatURL: s.opts.ChatURL}
}

// contactAnswers shows the articles that match the question, then the ways
// to reach a person, with the form filled in with the question.
func (s *Site) contactAnswers(c *gin.Context) {
	v := s.contactPage(c)
	v.Question = clipText(strings.TrimSpace(c.PostForm("question")), loket.MaxCommentLength)
	if v.Question == "" {
		v.Step = 1
		v.Form.Errors = map[string]string{"question": v.T("contact.error.question")}
		s.view(c, http.StatusUnprocessableEntity, "contact", v)
		return
	}
	v.Step, v.CID = 2, web.RandomID()
	v.Form.Question = v.Question
	s.offerAnswers(c, &v)
	s.record(c.Request.Context(), &loket.Event{Type: loket.EventSearch, Channel: loket.ChannelWeb, Locale: v.Locale,
		Session: v.CID, Query: v.Question, Results: len(v.Answers), Data: map[string]string{"from": "contact"}})
	s.view(c, http.StatusOK, "contact", v)
}

// offerAnswers fills the articles for the question. Their links carry the
// contact id, so that reading one and not writing to us counts as a contact
// avoided.
func (s *Site) offerAnswers(c *gin.Context, v *contactView) {
	res, err := s.lib.Search(c.Request.Context(), loket.Query{Text: v.Question, Locale: v.Locale, Limit: maxAnswers})
	if err != nil {
		s.logger.Error("contact answers", "err", err)
		return
	}
	var ids []string
	for _, h := range res.Hits {
		link := h.Meta.URL + "?" + url.Values{"from": {"contact"}, "cid": {v.CID}}.Encode()
		v.Answers = append(v.Answers, DocLink{Title: h.Meta.Title, URL: link, Snippet: h.Snippet, Guide: h.Meta.Kind == loket.KindGuide})
		if h.Meta.Kind == loket.KindArticle {
			ids = append(ids, h.Meta.ID)
		}
	}
	v.Offered = strings.Join(ids, ",")
}

// contactSend stores the form as a handoff for the agents, with the
// question and the articles the customer was shown, and confirms it.
func (s *Site) contactSend(c *gin.Context) {
	v := s.contactPage(c)
	v.Step = 2
	v.CID = c.PostForm("cid")
	if !validContactID(v.CID) {
		v.CID = web.RandomID()
	}
	f := contactForm{
		Name: clipText(strings.TrimSpace(c.PostForm("name")), 200), Email: clipText(strings.TrimSpace(c.PostForm("email")), 254),
		Phone: clipText(strings.TrimSpace(c.PostForm("phone")), 40), Question: clipText(strings.TrimSpace(c.PostForm("question")), loket.MaxCommentLength),
	}
	v.Question, v.Offered = f.Question, c.PostForm("offered")
	if f.Errors = f.validate(v.Page); len(f.Errors) > 0 {
		v.Form = f
		s.offerAnswers(c, &v)
		s.view(c, http.StatusUnprocessableEntity, "contact", v)
		return
	}
	h := &loket.Handoff{Channel: loket.ChannelWeb, Locale: v.Locale, Question: f.Question, Reason: loket.ReasonContactForm,
		Contact: loket.Contact{Name: f.Name, Email: f.Email, Phone: f.Phone}, Session: v.CID, Offered: s.offers(v.Locale, v.Offered)}
	if err := s.opts.Handoffs.CreateHandoff(c.Request.Context(), h); err != nil {
		s.fail(c, err)
		return
	}
	s.record(c.Request.Context(), &loket.Event{Type: loket.EventHandoff, Channel: loket.ChannelWeb, Locale: v.Locale,
		Session: v.CID, Query: f.Question, Data: map[string]string{"handoff": strconv.FormatInt(h.ID, 10), "reason": h.Reason}})
	c.Redirect(http.StatusSeeOther, v.URL("/contact/sent")+"?ref="+strconv.FormatInt(h.ID, 10))
}

// offers turns the ids of the answers shown into the handoff's offers,
// keeping only public articles that exist.
func (s *Site) offers(locale loket.Locale, ids string) []loket.Offer {
	var out []loket.Offer
	for i, id := range strings.Split(ids, ",") {
		if i >= maxAnswers {
			break
		}
		if a, err := s.lib.Article(locale, strings.TrimSpace(id)); err == nil {
			out = append(out, loket.Offer{ArticleID: a.ID, Title: a.Title, URL: a.URL})
		}
	}
	return out
}

// validate checks the form: a question, and an e-mail address or a phone
// number to answer on.
func (f contactForm) validate(p Page) map[string]string {
	errs := map[string]string{}
	if f.Question == "" {
		errs["question"] = p.T("contact.error.question")
	}
	if f.Email == "" && f.Phone == "" {
		errs["email"] = p.T("contact.error.reach")
	}
	if f.Email != "" {
		if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email {
			errs["email"] = p.T("contact.error.email")
		}
	}
	if f.Phone != "" && !loket.ValidPhone(f.Phone) {
		errs["phone"] = p.T("contact.error.phone")
	}
	return errs
}

type sentView struct {
	Page
	Reference string
}

// contactSent confirms a sent form and says what happens next.
func (s *Site) contactSent(c *gin.Context) {
	p := s.page(c, "")
	p.Title, p.NoIndex = p.T("contact.sent.title"), true
	ref := c.Query("ref")
	if _, err := strconv.ParseInt(ref, 10, 64); err != nil {
		ref = ""
	}
	s.view(c, http.StatusOK, "contact_sent", sentView{Page: p, Reference: ref})
}

func validContactID(s string) bool {
	return len(s) == 22 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

// clipText cuts s to at most n characters.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
