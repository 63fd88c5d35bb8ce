package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// Renderer executes page templates. Every page is layout.html plus its own
// file, parsed once at start; a template that does not parse stops start-up.
type Renderer struct {
	pages map[string]*template.Template
}

// NewRenderer parses every page in fsys: each file other than layout.html is
// a page that defines the blocks the layout uses. funcs are available to all
// templates.
func NewRenderer(fsys fs.FS, funcs template.FuncMap) (*Renderer, error) {
	names, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(fsys, "layout.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	r := &Renderer{pages: map[string]*template.Template{}}
	for _, name := range names {
		if name == "layout.html" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		r.pages[strings.TrimSuffix(name, path.Ext(name))] = t
	}
	return r, nil
}

// Render executes the page with data into a buffer, so that a template
// error becomes a clean 500 instead of half a page.
func (r *Renderer) Render(page string, data any) ([]byte, error) {
	t, ok := r.pages[page]
	if !ok {
		return nil, fmt.Errorf("no page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// HTML writes a rendered page with the page Content-Security-Policy: only
// this site's scripts, styles and images, no inline script or style.
func HTML(c *gin.Context, status int, body []byte) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", PageCSP)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	c.Data(status, "text/html; charset=utf-8", body)
}

// PageCSP is the Content-Security-Policy of every page.
const PageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// NotModified answers 304 when the request's If-None-Match names etag. A
// browser keeps the headers of a 304 with the page it has, so the 304
// carries the page's policy and caching too: the default policy would
// forbid the page's own style sheet and script.
func NotModified(c *gin.Context, etag string) bool {
	c.Header("ETag", etag)
	c.Header("Content-Security-Policy", PageCSP)
	c.Header("Cache-Control", "no-cache")
	for _, tag := range strings.Split(c.GetHeader("If-None-Match"), ",") {
		if strings.TrimSpace(tag) == etag {
			c.Status(http.StatusNotModified)
			return true
		}
	}
	return false
}
