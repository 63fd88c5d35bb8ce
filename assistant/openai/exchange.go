package openai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// exchange sends the one HTTP request of a Complete call for go-openai,
// and keeps what go-openai's errors leave out: whether the request was
// sent at all, and the response's status and headers (Retry-After).
type exchange struct {
	client *http.Client
	// zeroTemperature adds "temperature": 0 to the body, which go-openai
	// leaves out as a zero value; left out, it means the server's default.
	zeroTemperature bool

	sent   bool
	status int
	header http.Header
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
	return resp, nil
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
