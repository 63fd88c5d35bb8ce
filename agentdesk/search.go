package agentdesk

import (
	"context"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// searchLimit is the most hits the search page shows; typeAheadLimit the
// most the search box shows as you type, and maxTypeAhead the most the API
// gives.
const (
	searchLimit    = 20
	typeAheadLimit = 8
	maxTypeAhead   = 20
)

// searchBox is the search form at the top of every knowledge page.
type searchBox struct {
	Query   string
	Locale  loket.Locale // "" searches every locale
	Locales []loket.Locale
	Handoff int64
	Focus   bool // the box takes the focus when the page opens
}

// searchView is the search page.
type searchView struct {
	Page
	Box           searchBox
	Searched      bool
	Hits          []searchHit
	More          bool // there are more hits than shown
	Correction    string
	CorrectionURL string
	DraftURL      string
}

// searchHit is an article or guide found, in the panel: internal ones are
// marked, and the same document found in several locales is one hit, in
// the preferred locale, with the others as Translations.
type searchHit struct {
	Kind         loket.Kind      `json:"kind"`
	ID           string          `json:"id"`
	Locale       loket.Locale    `json:"locale"`
	Title        string          `json:"title"`
	URL          string          `json:"url"`
	Guide        bool            `json:"guide"`
	Internal     bool            `json:"internal"`
	Category     string          `json:"category"` // the category's title
	Snippet      template.HTML   `json:"-"`
	Parts        []snippetPart   `json:"snippet"`
	Voice        string          `json:"voice,omitempty"`
	Translations []knowledgeLink `json:"translations,omitempty"`
}

// snippetPart is a piece of a snippet's text, Mark when it matched the
// query: scripts build the snippet from these with textContent.
type snippetPart struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// searchResponse is the answer of GET /agent/api/search.
type searchResponse struct {
	Query      string       `json:"query"`
	Locale     loket.Locale `json:"locale"`
	Hits       []searchHit  `json:"hits"`
	More       bool         `json:"more"`
	Correction string       `json:"correction,omitempty"`
	SearchURL  string       `json:"search_url"` // the search page with every hit
}

// searchPage searches public and internal articles and guides. It works
// without scripts; the search box's script shows hits as you type from
// searchAPI. Searches on this page are recorded; those as you type are not,
// since they are mostly half-typed words.
func (d *Desk) searchPage(c *gin.Context) {
	p := d.page(c, "kn.search.title")
	p.Nav = "search"
	locale, _ := d.filterLocale(c.Query("locale"))
	v := searchView{Page: p, Box: d.searchBox(c, locale)}
	v.Query = v.Box.Query
	if v.Box.Query == "" {
		v.Box.Focus = true
		d.view(c, http.StatusOK, "search", v)
		return
	}
	hits, more, res, err := d.searchKnowledge(c.Request.Context(), v.Box.Query, locale, searchLimit, v.Box.Handoff, p.Locale)
	if err != nil {
		d.fail(c, err)
		return
	}
	v.Searched, v.Hits, v.More = true, hits, more
	v.Title = p.T("kn.search.title.query", v.Box.Query)
	v.DraftURL = draftURL(v.Box.Query, v.Box.Handoff)
	if res.Correction != "" {
		v.Correction = res.Correction
		v.CorrectionURL = searchURL(res.Correction, locale, v.Box.Handoff)
	}
	d.recordKnowledgeEvent(c.Request.Context(), &loket.Event{Type: loket.EventSearch, Locale: locale,
		Session: knowledgeSession(c), Query: v.Box.Query, Results: res.Total, Data: handoffData(map[string]string{}, v.Box.Handoff)})
	d.view(c, http.StatusOK, "search", v)
}

// searchAPI answers the search box as the agent types: GET
// /agent/api/search?q=&locale=&limit=&handoff=. An empty q has no hits;
// an unknown locale is refused with 400.
func (d *Desk) searchAPI(c *gin.Context) {
	locale, ok := d.filterLocale(c.Query("locale"))
	if !ok {
		d.fail(c, messageError(loket.EINVALID, d.messages.For(d.panelLocale(c)).T("kn.search.badlocale")))
		return
	}
	limit, err := strconv.Atoi(c.DefaultQuery("limit", strconv.Itoa(typeAheadLimit)))
	if err != nil || limit < 1 {
		limit = typeAheadLimit
	}
	limit = min(limit, maxTypeAhead)
	text := clipQuery(c.Query("q"))
	handoff := knowledgeHandoff(c)
	out := searchResponse{Query: text, Locale: locale, Hits: []searchHit{}, SearchURL: searchURL(text, locale, handoff)}
	if text != "" {
		hits, more, res, err := d.searchKnowledge(c.Request.Context(), text, locale, limit, handoff, d.panelLocale(c))
		if err != nil {
			d.fail(c, err)
			return
		}
		out.Hits, out.More, out.Correction = hits, more, res.Correction
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

// searchBox fills the search form from the request.
func (d *Desk) searchBox(c *gin.Context, locale loket.Locale) searchBox {
	return searchBox{Query: clipQuery(c.Query("q")), Locale: locale, Locales: d.opts.Library.Locales(), Handoff: knowledgeHandoff(c)}
}

// clipQuery trims a query and cuts it to what search looks at.
func clipQuery(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > loket.MaxQueryLength {
		s = string([]rune(s)[:loket.MaxQueryLength])
	}
	return s
}

// searchKnowledge searches the internal library and returns up to limit
// hits, and whether there were more. Searching every locale finds a
// document and its translations: they become one hit, in the preferred
// locale when it is among them.
func (d *Desk) searchKnowledge(ctx context.Context, text string, locale loket.Locale, limit int, handoff int64, preferred loket.Locale) ([]searchHit, bool, *loket.Result, error) {
	q := loket.Query{Text: text, Locale: locale, Limit: limit + 1}
	if locale == "" {
		// Translations are merged: ask for more to still fill the page.
		q.Limit = min(3*limit, loket.MaxLimit)
	}
	res, err := d.opts.Library.Search(ctx, q)
	if err != nil {
		return nil, false, nil, err
	}
	if locales := d.opts.Library.Locales(); !hasLocale(locales, preferred) && len(locales) > 0 {
		preferred = locales[0] // the default locale
	}
	titles := categoryTitles{lib: d.opts.Library}
	var hits []searchHit
	for _, group := range groupTranslations(res.Hits) {
		best := group[0]
		for _, h := range group {
			if h.Meta.Locale == preferred {
				best = h
				break
			}
		}
		hit := newSearchHit(best, titles.title(best.Meta.Locale, best.Meta.Category), handoff)
		for _, h := range group {
			if h.Meta.Locale != best.Meta.Locale {
				hit.Translations = append(hit.Translations, linkTo(h.Meta, handoff))
			}
		}
		hits = append(hits, hit)
	}
	more := len(hits) > limit || res.Total > len(res.Hits)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, more, res, nil
}

func hasLocale(locales []loket.Locale, l loket.Locale) bool {
	for _, x := range locales {
		if x == l {
			return true
		}
	}
	return false
}

// groupTranslations groups the hits of one document in several locales,
// in the order of each group's best hit.
func groupTranslations(hits []loket.Hit) [][]loket.Hit {
	var groups [][]loket.Hit
	index := map[string]int{}
	for _, h := range hits {
		k := string(h.Meta.Kind) + ":" + h.Meta.ID
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], h)
	}
	return groups
}

func newSearchHit(h loket.Hit, category string, handoff int64) searchHit {
	m := h.Meta
	return searchHit{Kind: m.Kind, ID: m.ID, Locale: m.Locale, Title: m.Title, URL: knowledgeURL(m.Kind, m.Locale, m.ID, handoff),
		Guide: m.Kind == loket.KindGuide, Internal: m.Audience == loket.AudienceInternal, Category: category, Snippet: h.Snippet, Parts: snippetParts(h.Snippet),
		Voice: m.Voice}
}

// snippetParts splits a snippet (escaped text with matches in <mark>) into
// plain text parts.
func snippetParts(s template.HTML) []snippetPart {
	var parts []snippetPart
	rest := string(s)
	for rest != "" {
		before, after, found := strings.Cut(rest, "<mark>")
		if before != "" {
			parts = append(parts, snippetPart{Text: html.UnescapeString(before)})
		}
		if !found {
			break
		}
		marked, tail, _ := strings.Cut(after, "</mark>")
		parts = append(parts, snippetPart{Text: html.UnescapeString(marked), Mark: true})
		rest = tail
	}
	return parts
}

// categoryTitles looks up category titles, each locale's once.
type categoryTitles struct {
	lib    loket.Library
	titles map[loket.Locale]map[string]string
}

func (t *categoryTitles) title(locale loket.Locale, slug string) string {
	if slug == "" {
		return ""
	}
	if t.titles == nil {
		t.titles = map[loket.Locale]map[string]string{}
	}
	m, ok := t.titles[locale]
	if !ok {
		m = map[string]string{}
		for _, cat := range t.lib.Categories(locale) {
			m[cat.Slug] = cat.Title
		}
		t.titles[locale] = m
	}
	if title, ok := m[slug]; ok {
		return title
	}
	return slug
}

// searchURL is the search page for a query.
func searchURL(text string, locale loket.Locale, handoff int64) string {
	q := url.Values{"q": {text}}
	if locale != "" {
		q.Set("locale", string(locale))
	}
	if handoff > 0 {
		q.Set("handoff", strconv.FormatInt(handoff, 10))
	}
	return "/agent/search?" + q.Encode()
}
