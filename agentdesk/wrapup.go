package agentdesk

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// Limits of the wrap-up form.
const (
	maxWrapNote  = loket.MaxCommentLength
	maxWrapTeam  = 100
	maxGuidePath = 100
)

// wrapForm is the wrap-up form: prefilled from the guide runner, or as the
// agent sent it, with the problems found.
type wrapForm struct {
	Outcome   string
	ArticleID string
	GuideID   string
	Path      []string // the steps taken through PathGuide
	PathGuide string
	Team      string
	Note      string
	// A flag on an article, or a report of missing content: FlagKind is
	// "" for none.
	FlagKind    string
	FlagArticle string
	FlagNote    string
	Errors      map[string]string
}

// PathValue is the guide path as the form sends it.
func (f wrapForm) PathValue() string { return strings.Join(f.Path, ",") }

// Error returns the problem with a field, or "".
func (f wrapForm) Error(field string) string { return f.Errors[field] }

// prefillWrap fills the wrap-up form from the query string the guide
// runner's endings link with: the guide and the path taken, the article of
// a resolved ending, the team of an escalation. Anything the library does
// not know is left out.
func (d *Desk) prefillWrap(h *loket.Handoff, q url.Values) wrapForm {
	locale := d.contentLocale(h.Locale)
	var f wrapForm
	if g, err := d.opts.Library.Guide(locale, q.Get("guide")); err == nil {
		f.GuideID = g.ID
		if path := wrapSplitPath(q.Get("path")); wrapValidPath(g, path) {
			f.Path, f.PathGuide = path, g.ID
		}
	}
	if a, err := d.opts.Library.Article(locale, q.Get("article")); err == nil {
		f.ArticleID = a.ID
	}
	team := strings.TrimSpace(q.Get("team"))
	for _, t := range d.escalationTeams(h.Team) {
		if t == team {
			f.Team = team
		}
	}
	switch {
	case f.Team != "":
		f.Outcome = string(loket.WrapTransferred)
	case f.GuideID != "" || f.ArticleID != "":
		f.Outcome = string(loket.WrapResolved)
	}
	return f
}

// wrapSplitPath reads "start,step,step" into step IDs.
func wrapSplitPath(s string) []string {
	var out []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" && len(out) < maxGuidePath {
			out = append(out, id)
		}
	}
	return out
}

// wrapValidPath reports whether every step of path is a step of g.
func wrapValidPath(g *loket.Guide, path []string) bool {
	for _, id := range path {
		if g.Step(id) == nil {
			return false
		}
	}
	return len(path) > 0
}

// finishWrapChoices lists what the wrap-up may name: the articles offered
// to the customer, suggested, or already in the form; the guides suggested
// or in the form; and the titles of the steps of a prefilled path.
func (d *Desk) finishWrapChoices(v *handoffView) {
	locale := d.contentLocale(v.Handoff.Locale)
	seen := map[string]bool{}
	addArticle := func(id string) {
		if id == "" || seen[id] {
			return
		}
		if a, err := d.opts.Library.Article(locale, id); err == nil {
			seen[id] = true
			v.Choices = append(v.Choices, wrapChoice{ID: a.ID, Title: a.Title, Internal: a.Audience == loket.AudienceInternal})
		}
	}
	for _, o := range v.Handoff.Offered {
		addArticle(o.ArticleID)
	}
	for _, s := range v.Articles {
		addArticle(s.ID)
	}
	addArticle(v.Wrap.ArticleID)
	addArticle(v.Wrap.FlagArticle)
	seenGuide := map[string]bool{}
	addGuide := func(id string) {
		if id == "" || seenGuide[id] {
			return
		}
		if g, err := d.opts.Library.Guide(locale, id); err == nil {
			seenGuide[id] = true
			v.GuideList = append(v.GuideList, wrapChoice{ID: g.ID, Title: g.Title, Internal: g.Audience == loket.AudienceInternal})
			if id == v.Wrap.PathGuide && wrapValidPath(g, v.Wrap.Path) {
				for _, step := range v.Wrap.Path {
					v.PathSteps = append(v.PathSteps, g.Step(step).Title)
				}
			}
		}
	}
	addGuide(v.Wrap.PathGuide)
	addGuide(v.Wrap.GuideID)
	for _, s := range v.Guides {
		addGuide(s.ID)
	}
	v.PathText = strings.Join(v.PathSteps, " → ")
	for _, o := range []loket.WrapOutcome{loket.WrapResolved, loket.WrapTransferred, loket.WrapCallback} {
		v.Outcomes = append(v.Outcomes, wrapOption{Value: string(o), Label: v.T("queue.wrap.outcome." + string(o)), Checked: v.Wrap.Outcome == string(o)})
	}
	for _, k := range []string{"", string(loket.FlagWrong), string(loket.FlagOutdated), string(loket.FlagMissing)} {
		label := v.T("queue.wrap.flag.none")
		if k != "" {
			label = v.T("queue.wrap.flag." + k)
		}
		v.FlagKinds = append(v.FlagKinds, wrapOption{Value: k, Label: label, Checked: v.Wrap.FlagKind == k})
	}
}

// wrapUp records how the agent who has a handoff ended it, closes it, and
// stores a flag on an article when the agent raised one.
func (d *Desk) wrapUp(c *gin.Context) {
	h, ok := d.findHandoff(c)
	if !ok {
		return
	}
	user := currentUser(c)
	if h.Status != loket.HandoffTaken || h.TakenBy != user.Name {
		d.handoffConflict(c, h.ID, false)
		return
	}
	f := readWrapForm(c)
	w, flag := d.checkWrap(d.page(c, "queue.handoff.title"), h, &f)
	if len(f.Errors) > 0 {
		d.wrapAgain(c, h, f)
		return
	}
	ctx := c.Request.Context()
	err := d.opts.Handoffs.CloseHandoff(ctx, w)
	switch loket.ErrorCode(err) {
	case "":
	case loket.ECONFLICT:
		d.handoffConflict(c, h.ID, false)
		return
	case loket.EINVALID:
		f.Errors = map[string]string{"form": loket.ErrorMessage(err)}
		d.wrapAgain(c, h, f)
		return
	default:
		d.fail(c, err)
		return
	}
	id := strconv.FormatInt(h.ID, 10)
	d.recordQueueEvent(ctx, &loket.Event{Type: loket.EventOutcome, Channel: loket.ChannelAgent, Locale: h.Locale, Session: h.Session,
		ArticleID: w.ArticleID, Data: map[string]string{"outcome": string(w.Outcome), "article": w.ArticleID, "guide": w.GuideID, "team": w.Team, "handoff": id}})
	next := "/agent/?done=" + id
	if flag != nil {
		next += "&flag=" + d.storeFlag(c, flag)
	}
	c.Redirect(http.StatusSeeOther, next)
}

// storeFlag stores a flag raised in a wrap-up and says how it went:
// "saved" or "failed". The wrap-up is stored by then, so a failure is
// reported on the queue page rather than undoing it.
func (d *Desk) storeFlag(c *gin.Context, f *loket.Flag) string {
	ctx := c.Request.Context()
	if err := d.opts.Flags.CreateFlag(ctx, f); err != nil {
		d.opts.Logger.Error("store flag", "handoff", f.HandoffID, "err", err)
		return "failed"
	}
	d.recordQueueEvent(ctx, &loket.Event{Type: loket.EventFeedback, Channel: loket.ChannelAgent, Locale: f.Locale, ArticleID: f.ArticleID,
		Data: map[string]string{"kind": string(f.Kind), "flag": strconv.FormatInt(f.ID, 10), "handoff": strconv.FormatInt(f.HandoffID, 10)}})
	return "saved"
}

// wrapAgain shows the handoff page with the form as sent and its
// problems.
func (d *Desk) wrapAgain(c *gin.Context, h *loket.Handoff, f wrapForm) {
	v, err := d.handoffContext(c, h)
	if err != nil {
		d.fail(c, err)
		return
	}
	v.Wrap = f
	d.finishWrapChoices(&v)
	d.view(c, http.StatusUnprocessableEntity, "handoff", v)
}

func readWrapForm(c *gin.Context) wrapForm {
	trim := func(name string) string { return strings.TrimSpace(c.PostForm(name)) }
	return wrapForm{
		Outcome: trim("outcome"), ArticleID: trim("article"), GuideID: trim("guide"),
		Path: wrapSplitPath(c.PostForm("path")), PathGuide: trim("path_guide"), Team: trim("team"), Note: trim("note"),
		FlagKind: trim("flag"), FlagArticle: trim("flag_article"), FlagNote: trim("flag_note"),
	}
}

// checkWrap checks the form against the library and returns the wrap-up
// and the flag to store, or fills f.Errors with the problems in the
// panel's language.
func (d *Desk) checkWrap(p Page, h *loket.Handoff, f *wrapForm) (*loket.WrapUp, *loket.Flag) {
	locale := d.contentLocale(h.Locale)
	errs := map[string]string{}
	outcome := loket.WrapOutcome(f.Outcome)
	w := &loket.WrapUp{HandoffID: h.ID, Agent: p.User.Name, Outcome: outcome, Note: f.Note}
	if !outcome.Valid() {
		errs["outcome"] = p.T("queue.wrap.error.outcome")
	}
	if f.ArticleID != "" {
		if _, err := d.opts.Library.Article(locale, f.ArticleID); err != nil {
			errs["article"] = p.T("queue.wrap.error.article")
		} else if outcome == loket.WrapResolved {
			w.ArticleID = f.ArticleID
		}
	}
	if f.GuideID != "" {
		g, err := d.opts.Library.Guide(locale, f.GuideID)
		switch {
		case err != nil:
			errs["guide"] = p.T("queue.wrap.error.guide")
		case f.PathGuide == g.ID && len(f.Path) > 0 && !wrapValidPath(g, f.Path):
			errs["guide"] = p.T("queue.wrap.error.path")
		case f.PathGuide == g.ID:
			w.GuideID, w.GuidePath = g.ID, f.Path
		default:
			w.GuideID = g.ID
		}
	}
	switch {
	case outcome == loket.WrapTransferred && f.Team == "":
		errs["team"] = p.T("queue.wrap.error.team")
	case utf8.RuneCountInString(f.Team) > maxWrapTeam:
		errs["team"] = p.T("queue.wrap.error.long", maxWrapTeam)
	case outcome == loket.WrapTransferred:
		w.Team = f.Team
	}
	if utf8.RuneCountInString(f.Note) > maxWrapNote {
		errs["note"] = p.T("queue.wrap.error.long", maxWrapNote)
	}
	flag := d.checkFlag(p, h, f, errs)
	if len(errs) > 0 {
		f.Errors = errs
		return nil, nil
	}
	return w, flag
}

// checkFlag checks the flag part of the wrap-up form: a wrong or outdated
// article must be one the library has, and a missing-content report must
// say what is missing. It returns nil when no flag was raised.
func (d *Desk) checkFlag(p Page, h *loket.Handoff, f *wrapForm, errs map[string]string) *loket.Flag {
	if f.FlagKind == "" {
		return nil
	}
	locale := d.contentLocale(h.Locale)
	kind := loket.FlagKind(f.FlagKind)
	fl := &loket.Flag{Agent: p.User.Name, Kind: kind, Locale: locale, Note: f.FlagNote, HandoffID: h.ID}
	switch {
	case !kind.Valid():
		errs["flag"] = p.T("queue.wrap.error.flag")
	case d.opts.Flags == nil:
		errs["flag"] = p.T("queue.wrap.error.noflags")
	case kind == loket.FlagMissing && f.FlagNote == "":
		errs["flag_note"] = p.T("queue.wrap.error.missing")
	case kind == loket.FlagMissing:
	case f.FlagArticle == "":
		errs["flag_article"] = p.T("queue.wrap.error.flagarticle")
	default:
		if _, err := d.opts.Library.Article(locale, f.FlagArticle); err != nil {
			errs["flag_article"] = p.T("queue.wrap.error.article")
		}
		fl.ArticleID = f.FlagArticle
	}
	if utf8.RuneCountInString(f.FlagNote) > maxWrapNote {
		errs["flag_note"] = p.T("queue.wrap.error.long", maxWrapNote)
	}
	return fl
}
