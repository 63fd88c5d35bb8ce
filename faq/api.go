package faq

import (
	_ "embed"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

//go:embed openapi.json
var openapiSpec []byte

// apiHit is a search hit in the JSON API.
type apiHit struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Locale   string `json:"locale"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Snippet  string `json:"snippet"`
	Category string `json:"category,omitempty"`
}

type apiFacet struct {
	Category string `json:"category"`
	Title    string `json:"title"`
	Count    int    `json:"count"`
}

type apiSearchResult struct {
	Query      string     `json:"query"`
	Locale     string     `json:"locale,omitempty"`
	Total      int        `json:"total"`
	Page       int        `json:"page"`
	Correction string     `json:"correction,omitempty"`
	Hits       []apiHit   `json:"hits"`
	Facets     []apiFacet `json:"facets"`
}

type apiSuggestion struct {
	Text  string `json:"text"`
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

type apiSuggestResult struct {
	Query       string          `json:"query"`
	Suggestions []apiSuggestion `json:"suggestions"`
}

// apiLocale reads the optional locale parameter. Returns EINVALID for a
// malformed locale or one without content.
func (s *Site) apiLocale(c *gin.Context) (loket.Locale, error) {
	v := c.Query("locale")
	if v == "" {
		return "", nil
	}
	l, err := loket.ParseLocale(v)
	if err != nil {
		return "", err
	}
	if !s.hasLocale(l) {
		return "", loket.Errorf(loket.EINVALID, "there is no content in locale %s", l)
	}
	return l, nil
}

func intParam(c *gin.Context, name string, def, lo, hi int) int {
	n, err := strconv.Atoi(c.Query(name))
	if err != nil {
		return def
	}
	return min(max(n, lo), hi)
}

// apiSearch is GET /api/v1/search: the help site's search as JSON.
func (s *Site) apiSearch(c *gin.Context) {
	locale, err := s.apiLocale(c)
	if err != nil {
		web.Error(c, s.logger, err)
		return
	}
	text := clipText(strings.TrimSpace(c.Query("q")), loket.MaxQueryLength)
	page := intParam(c, "page", 1, 1, maxPage)
	limit := intParam(c, "limit", pageSize, 1, 50)
	res, err := s.lib.Search(c.Request.Context(), loket.Query{Text: text, Locale: locale, Category: c.Query("category"),
		Offset: (page - 1) * limit, Limit: limit})
	if err != nil {
		web.Error(c, s.logger, err)
		return
	}
	if page == 1 && text != "" {
		s.record(c.Request.Context(), &loket.Event{Type: loket.EventSearch, Channel: loket.ChannelAPI, Locale: locale,
			Session: web.Visitor(c), Query: text, Results: res.Total})
	}
	out := apiSearchResult{Query: text, Locale: string(locale), Total: res.Total, Page: page, Correction: res.Correction,
		Hits: []apiHit{}, Facets: []apiFacet{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, apiHit{ID: h.Meta.ID, Kind: string(h.Meta.Kind), Locale: string(h.Meta.Locale),
			Title: h.Meta.Title, URL: s.absolute(c, h.Meta.URL), Snippet: string(h.Snippet), Category: h.Meta.Category})
	}
	for _, f := range res.Facets {
		title := f.Category
		if locale != "" {
			if cat := s.categoryOf(locale, f.Category); cat != nil {
				title = cat.Title
			}
		}
		out.Facets = append(out.Facets, apiFacet{Category: f.Category, Title: title, Count: f.Count})
	}
	c.JSON(http.StatusOK, out)
}

// apiSuggest is GET /api/v1/suggest: titles and customer questions that
// complete what is being typed.
func (s *Site) apiSuggest(c *gin.Context) {
	locale, err := s.apiLocale(c)
	if err != nil {
		web.Error(c, s.logger, err)
		return
	}
	text := clipText(c.Query("q"), 200)
	sugg, err := s.lib.Suggest(c.Request.Context(), locale, text, intParam(c, "limit", 6, 1, 20))
	if err != nil {
		web.Error(c, s.logger, err)
		return
	}
	out := apiSuggestResult{Query: text, Suggestions: []apiSuggestion{}}
	for _, x := range sugg {
		out.Suggestions = append(out.Suggestions, apiSuggestion{Text: x.Text, ID: x.Meta.ID, Kind: string(x.Meta.Kind),
			Title: x.Meta.Title, URL: s.absolute(c, x.Meta.URL)})
	}
	c.JSON(http.StatusOK, out)
}

// openAPI serves the description of the public API.
func (s *Site) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", openapiSpec)
}
