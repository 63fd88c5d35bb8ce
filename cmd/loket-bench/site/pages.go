package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"time"
)

// pageFigures are the help site's pages, timed one request at a time.
type pageFigures struct {
	Article latency `json:"article_page"`
	Search  latency `json:"search_page"`
}

// newBrowser returns a client that behaves like a returning browser: it
// keeps the connection and the visitor cookie.
func newBrowser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// measurePages requests article pages and search pages, warm-up requests
// first, and times them.
func measurePages(ctx context.Context, cfg *config, w *workload, base string) (pageFigures, error) {
	client := newBrowser()
	searchPaths := make([]string, len(w.queries))
	for i, q := range w.queries {
		searchPaths[i] = w.searchPagePath(q)
	}
	var out pageFigures
	for _, p := range []struct {
		paths []string
		into  *latency
	}{{w.articlePaths, &out.Article}, {searchPaths, &out.Search}} {
		if _, err := getEach(ctx, client, base, p.paths, cfg.warmup); err != nil {
			return out, err
		}
		samples, err := getEach(ctx, client, base, p.paths, cfg.requests)
		if err != nil {
			return out, err
		}
		*p.into = summarise(samples)
	}
	return out, nil
}

// getEach sends n GET requests to the paths in turn, one at a time, and
// returns how long each took until the last byte of its body arrived.
// Every answer must be 200.
func getEach(ctx context.Context, client *http.Client, base string, paths []string, n int) ([]time.Duration, error) {
	samples := make([]time.Duration, 0, n)
	for i := range n {
		d, err := get(ctx, client, base+paths[i%len(paths)])
		if err != nil {
			return nil, err
		}
		samples = append(samples, d)
	}
	return samples, nil
}

func get(ctx context.Context, client *http.Client, u string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	// Set by hand, the transport leaves the body compressed, as a browser
	// receives it, instead of spending the client's time unpacking it.
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Accept", "text/html")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return took, nil
}
