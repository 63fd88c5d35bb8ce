package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// Assets serves static files under fingerprinted names (app.3f2a1b9c.css):
// the name changes when the content does, so browsers may keep each file
// for a year. Files are compressed once, at start.
type Assets struct {
	prefix string
	files  map[string]*asset // by fingerprinted name
	byName map[string]string // original name → fingerprinted URL
}

type asset struct {
	body, gz    []byte
	contentType string
}

// LoadAssets reads every file of fsys, to be served under prefix
// ("/static/").
func LoadAssets(fsys fs.FS, prefix string) (*Assets, error) {
	a := &Assets{prefix: prefix, files: map[string]*asset{}, byName: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a.Add(p, body, "")
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return a, nil
}

// Add serves body under a fingerprinted version of name and returns its
// URL. contentType is guessed from the extension when empty.
func (a *Assets) Add(name string, body []byte, contentType string) string {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	if contentType == "" {
		contentType = mime.TypeByExtension(ext)
	}
	as := &asset{body: body, contentType: contentType}
	if compressible(contentType) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			as.gz = buf.Bytes()
		}
	}
	a.files[hashed] = as
	a.byName[name] = a.prefix + hashed
	return a.prefix + hashed
}

// URL returns the fingerprinted URL of a file, or "" when there is none.
func (a *Assets) URL(name string) string { return a.byName[name] }

// Handler serves the assets: GET prefix + fingerprinted name.
func (a *Assets) Handler() gin.HandlerFunc {
	return func(c *gin.Context) {
		as, ok := a.files[strings.TrimPrefix(c.Param("file"), "/")]
		if !ok {
			c.AbortWithStatus(http.StatusNotFound)
			return
		}
		h := c.Writer.Header()
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("Content-Type", as.contentType)
		h.Set("Vary", "Accept-Encoding")
		body := as.body
		if as.gz != nil && acceptsGzip(c.Request) {
			h.Set("Content-Encoding", "gzip")
			body = as.gz
		}
		c.Data(http.StatusOK, as.contentType, body)
	}
}

func compressible(contentType string) bool {
	for _, t := range []string{"text/", "application/javascript", "application/json", "image/svg+xml", "application/xml"} {
		if strings.HasPrefix(contentType, t) {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
}
