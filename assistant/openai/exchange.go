package openai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// exchange sends the one HTTP request of a Complete call for go-openai,
// and keeps what go-openai leaves out: whether the request was sent at
// all, the response's status and headers (Retry-After), and whether the
// stream ended with "data: [DONE]" rather than just ending.
type exchange struct {
	client *http.Client
	// zeroTemperature adds "temperature": 0 to the body, which go-openai
	// leaves out as a zero value; left out, it means the server's default.
	zeroTemperature bool

	sent   bool
	status int
	header http.Header
	body   *doneReader
}

// Do implements go-openai's HTTPDoer.
func (x *exchange) Do(req *http.Request) (*http.Response, error) {
	if x.zeroTemperature {
		if err := setZeroTemperature(req); err != nil {
			return nil, err
		}
	}
	x.sent = true
	resp, err := x.client.Do(req)
	if err != nil {
		return nil, err
	}
	x.status, x.header = resp.StatusCode, resp.Header
	x.body = &doneReader{ReadCloser: resp.Body}
	resp.Body = x.body
	return resp, nil
}

// done reports whether the response body had a "data: [DONE]" line.
func (x *exchange) done() bool {
	return x.body != nil && x.body.done
}

// doneReader watches a Server-Sent Events body for the line that ends a
// chat completion stream.
type doneReader struct {
	io.ReadCloser
	line []byte // the start of the current line
	done bool
}

func (d *doneReader) Read(p []byte) (int, error) {
	n, err := d.ReadCloser.Read(p)
	for _, b := range p[:n] {
		if b != '\n' {
			if len(d.line) < 32 {
				d.line = append(d.line, b)
			}
			continue
		}
		// The same test as go-openai's: "data:", spaces, "[DONE]".
		if rest, ok := bytes.CutPrefix(bytes.TrimSpace(d.line), []byte("data:")); ok && string(bytes.TrimSpace(rest)) == "[DONE]" {
			d.done = true
		}
		d.line = d.line[:0]
	}
	return n, err
}

// setZeroTemperature rewrites the JSON body of req with "temperature": 0.
func setZeroTemperature(req *http.Request) error {
	if req.Body == nil {
		return nil
	}
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return fmt.Errorf("setting temperature 0: %w", err)
	}
	fields["temperature"] = json.RawMessage("0")
	if body, err = json.Marshal(fields); err != nil {
		return fmt.Errorf("setting temperature 0: %w", err)
	}
	req.ContentLength = int64(len(body))
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(body)), nil
	}
	return nil
}
