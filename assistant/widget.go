package assistant

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// The embeddable chat widget: one script tag on any site (docs/widget.md).
// The script finds this server from its own address, draws the chat in a
// shadow root and talks to POST /api/v1/chat.

//go:embed widget/widget.js
var widgetScript []byte

//go:embed widget/widget.css
var widgetStyle []byte

// widgetStyleRef is how widget.js names its style sheet; the server puts
// the style sheet's fingerprint in place of "dev".
const widgetStyleRef = "/widget.css?v=dev"

// Cache lifetimes of the widget's files. Sites embed /widget.js under
// that name, so it is kept for five minutes and then revalidated with its
// ETag: a new version reaches them soon. The script asks for the style
// sheet with its fingerprint, which may then be kept for a year.
const (
	widgetShortCache = "public, max-age=300"
	widgetLongCache  = "public, max-age=31536000, immutable"
)

// widget serves the widget's script and style sheet.
type widget struct {
	script, style widgetFile
	version       string // fingerprint of the style sheet
}

// widgetFile is a file of the widget with its validator.
type widgetFile struct {
	body        []byte
	tag         string // the ETag without W/: a quoted hash of body
	contentType string
}

func newWidgetFile(body []byte, contentType string) widgetFile {
	sum := sha256.Sum256(body)
	return widgetFile{body: body, tag: `"` + hex.EncodeToString(sum[:8]) + `"`, contentType: contentType}
}

// newWidget prepares the files: the style sheet's fingerprint goes into the
// script.
func newWidget() *widget {
	style := newWidgetFile(widgetStyle, "text/css; charset=utf-8")
	version := strings.Trim(style.tag, `"`)[:10]
	script := bytes.ReplaceAll(widgetScript, []byte(widgetStyleRef), []byte("/widget.css?v="+version))
	return &widget{
		script:  newWidgetFile(script, "text/javascript; charset=utf-8"),
		style:   style,
		version: version,
	}
}

// serveScript answers GET /widget.js.
func (w *widget) serveScript(c *gin.Context) { w.script.serve(c, widgetShortCache) }

// serveStyle answers GET /widget.css: for a year under the current
// fingerprint, briefly under any other address.
func (w *widget) serveStyle(c *gin.Context) {
	cache := widgetShortCache
	if c.Query("v") == w.version {
		cache = widgetLongCache
	}
	w.style.serve(c, cache)
}

// serve writes the file, or 304 Not Modified when the browser has it. The
// ETag is weak because the gzip middleware may compress the body; it
// still changes whenever the file does. Any site may load the file, also
// one that isolates itself with Cross-Origin-Embedder-Policy.
func (f widgetFile) serve(c *gin.Context, cache string) {
	h := c.Writer.Header()
	h.Set("Cache-Control", cache)
	h.Set("ETag", "W/"+f.tag)
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	for _, tag := range strings.Split(c.GetHeader("If-None-Match"), ",") {
		if t := strings.TrimPrefix(strings.TrimSpace(tag), "W/"); t == f.tag || t == "*" {
			c.Status(http.StatusNotModified)
			return
		}
	}
	c.Data(http.StatusOK, f.contentType, f.body)
}
