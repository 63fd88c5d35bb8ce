package twiml

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/loket/loket"
)

// Texter sends text messages through the provider's Messages REST resource
// (Twilio's, which SignalWire's and Telnyx's compatibility APIs mirror).
type Texter struct {
	// BaseURL is the REST API's address, without a trailing slash.
	BaseURL    string
	AccountSID string
	AuthToken  string
	Client     *http.Client // a client with a 10-second timeout when nil
}

// SendText sends body from one of the organisation's numbers to to.
func (t *Texter) SendText(ctx context.Context, from, to, body string) error {
	form := url.Values{"From": {from}, "To": {to}, "Body": {body}}
	u := strings.TrimRight(t.BaseURL, "/") + "/2010-04-01/Accounts/" + url.PathEscape(t.AccountSID) + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(t.AccountSID, t.AuthToken)
	client := t.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return loket.Errorf(loket.EUNAVAILABLE, "text message: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	var e struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(b, &e) == nil && e.Message != "" {
		return fmt.Errorf("text message: %s (%d, status %d)", e.Message, e.Code, resp.StatusCode)
	}
	return fmt.Errorf("text message: status %d", resp.StatusCode)
}
