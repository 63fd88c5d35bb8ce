package agentdesk

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// Drafting an answer: the answer engine the bot uses, over the internal
// library, answers the agent's question with citations, which may be
// internal articles. The agent copies the draft without the citation
// markers ("[1]"): it goes to the customer, who does not see the list of
// sources the markers point to.

// draftView is the draft page: the question form and the answer.
type draftView struct {
	Page
	Box      searchBox
	Question string
	// AnswerLocale is the locale the question is asked in.
	AnswerLocale loket.Locale
	Locales      []loket.Locale
	MaxLength    int
	Handoff      int64
	Error        string // the question cannot be answered as asked
	Answer       *draftAnswer
}

// draftAnswer is a drafted answer, as the page and the API give it.
type draftAnswer struct {
	Text      string           `json:"answer"` // with [n] markers for the citations
	Parts     []draftPart      `json:"parts"`  // Text split at the markers
	Plain     string           `json:"plain"`  // without markers: what the agent copies
	Citations []draftCitation  `json:"citations"`
	Declined  bool             `json:"declined"`
	Mode      loket.AnswerMode `json:"mode"`
	SearchURL string           `json:"search_url"` // searching for the question instead
}

// draftPart is a piece of an answer's text, or, when Cite is not 0, the
// marker of citation number Cite.
type draftPart struct {
	Text string `json:"text"`
	Cite int    `json:"cite,omitempty"`
}

// draftCitation is a source of the answer, cited as [N], opening in the
// panel.
type draftCitation struct {
	N        int    `json:"n"`
	ID       string `json:"id"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Section  string `json:"section,omitempty"`
	Internal bool   `json:"internal"`
}

// draftRequest is the body of POST /agent/api/draft.
type draftRequest struct {
	Question string `json:"question"`
	Locale   string `json:"locale"`
	Handoff  int64  `json:"handoff"`
}

// draftPage asks the answer engine the agent's question: GET
// /agent/draft?q=&locale=&handoff=. Without q it shows the form.
func (d *Desk) draftPage(c *gin.Context) {
	p := d.page(c, "kn.draft.title")
	p.Nav = "draft"
	v := draftView{Page: p, Box: d.searchBox(c, ""), Locales: d.opts.Library.Locales(), MaxLength: loket.MaxQuestionLength,
		Handoff: knowledgeHandoff(c), AnswerLocale: d.draftLocale(c, c.Query("locale"))}
	v.Box.Query = ""
	q, asked := c.GetQuery("q")
	v.Question = strings.TrimSpace(q)
	if !asked {
		d.view(c, http.StatusOK, "draft", v)
		return
	}
	a, err := d.draft(c, v.Question, v.AnswerLocale, v.Handoff)
	switch {
	case loket.ErrorCode(err) == loket.EINVALID:
		v.Error = loket.ErrorMessage(err)
		d.view(c, http.StatusBadRequest, "draft", v)
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	v.Answer = a
	d.view(c, http.StatusOK, "draft", v)
}

// draftAPI is draftPage for scripts: POST /agent/api/draft with
// {question, locale, handoff} answers {answer, parts, plain, citations,
// declined, mode, search_url}. An empty or overlong question is refused
// with 400.
func (d *Desk) draftAPI(c *gin.Context) {
	var req draftRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		d.fail(c, messageError(loket.EINVALID, d.messages.For(d.panelLocale(c)).T("kn.draft.empty")))
		return
	}
	if req.Locale != "" {
		if _, ok := d.filterLocale(req.Locale); !ok {
			d.fail(c, messageError(loket.EINVALID, d.messages.For(d.panelLocale(c)).T("kn.search.badlocale")))
			return
		}
	}
	a, err := d.draft(c, strings.TrimSpace(req.Question), d.draftLocale(c, req.Locale), req.Handoff)
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, a)
}

// draftLocale is the locale a question is asked in: the one given when
// there is content in it, else the agent's language, else the default.
func (d *Desk) draftLocale(c *gin.Context, s string) loket.Locale {
	if l, ok := d.filterLocale(s); ok && l != "" {
		return l
	}
	locales := d.opts.Library.Locales()
	if l := d.panelLocale(c); hasLocale(locales, l) || len(locales) == 0 {
		return l
	}
	return locales[0]
}

// draft answers a question and records the answer. Returns EINVALID, with
// a message in the agent's language, for an empty or overlong question.
func (d *Desk) draft(c *gin.Context, question string, locale loket.Locale, handoff int64) (*draftAnswer, error) {
	tr := d.messages.For(d.panelLocale(c))
	switch n := utf8.RuneCountInString(question); {
	case n == 0:
		return nil, messageError(loket.EINVALID, tr.T("kn.draft.empty"))
	case n > loket.MaxQuestionLength:
		return nil, messageError(loket.EINVALID, tr.T("kn.draft.long", loket.MaxQuestionLength, n))
	}
	if d.opts.Answerer == nil {
		return nil, messageError(loket.EUNAVAILABLE, tr.T("kn.draft.off"))
	}
	a, err := d.opts.Answerer.Answer(c.Request.Context(), loket.Question{Text: question, Locale: locale}, nil)
	if err != nil {
		return nil, err
	}
	out := &draftAnswer{Text: a.Text, Parts: draftParts(a.Text), Plain: withoutMarkers(a.Text), Citations: []draftCitation{},
		Declined: a.Declined, Mode: a.Mode, SearchURL: searchURL(clipQuery(question), "", handoff)}
	if out.Parts == nil {
		out.Parts = []draftPart{}
	}
	for i, cit := range a.Citations {
		out.Citations = append(out.Citations, d.draftCitation(i+1, cit, locale, handoff))
	}
	d.recordDraft(c, question, locale, a, handoff)
	return out, nil
}

// draftCitation links a citation to the article in the panel, at the
// cited section.
func (d *Desk) draftCitation(n int, cit loket.Citation, locale loket.Locale, handoff int64) draftCitation {
	out := draftCitation{N: n, ID: cit.ID, Title: cit.Title, Section: cit.Section, URL: knowledgeURL(loket.KindArticle, locale, cit.ID, handoff)}
	if a, err := d.opts.Library.Article(locale, cit.ID); err == nil {
		out.Internal = a.Audience == loket.AudienceInternal
	}
	if _, anchor, ok := strings.Cut(cit.URL, "#"); ok && anchor != "" {
		out.URL += "#" + anchor
	}
	return out
}

func (d *Desk) recordDraft(c *gin.Context, question string, locale loket.Locale, a *loket.Answer, handoff int64) {
	var ids []string
	for _, cit := range a.Citations {
		ids = append(ids, cit.ID)
	}
	article := ""
	if len(ids) > 0 {
		article = ids[0]
	}
	data := map[string]string{"mode": string(a.Mode), "declined": strconv.FormatBool(a.Declined),
		"confidence": strconv.FormatFloat(a.Confidence, 'f', 3, 64), "cited": strings.Join(ids, ","), "action": "draft"}
	d.recordKnowledgeEvent(c.Request.Context(), &loket.Event{Type: loket.EventAnswer, Locale: locale, Session: knowledgeSession(c),
		Query: question, ArticleID: article, Results: len(ids), Data: handoffData(data, handoff)})
}

// citationMarker matches the markers of citations in an answer: [1], [2].
var citationMarker = regexp.MustCompile(`\[(\d{1,2})\]`)

// draftParts splits an answer's text at its citation markers.
func draftParts(text string) []draftPart {
	var parts []draftPart
	pos := 0
	for _, m := range citationMarker.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > pos {
			parts = append(parts, draftPart{Text: text[pos:m[0]]})
		}
		n, _ := strconv.Atoi(text[m[2]:m[3]])
		parts = append(parts, draftPart{Text: text[m[0]:m[1]], Cite: n})
		pos = m[1]
	}
	if pos < len(text) {
		parts = append(parts, draftPart{Text: text[pos:]})
	}
	return parts
}

// markerSpace matches a citation marker with the space before it.
var markerSpace = regexp.MustCompile(`[ \t]*\[\d{1,2}\]`)

// withoutMarkers returns the answer's text without its citation markers,
// for the customer.
func withoutMarkers(text string) string {
	return strings.TrimSpace(markerSpace.ReplaceAllString(text, ""))
}

// draftURL is the draft page for a question.
func draftURL(question string, handoff int64) string {
	q := url.Values{"q": {question}}
	if handoff > 0 {
		q.Set("handoff", strconv.FormatInt(handoff, 10))
	}
	return "/agent/draft?" + q.Encode()
}
