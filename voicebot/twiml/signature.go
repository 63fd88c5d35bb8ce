package twiml

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Sign computes the X-Twilio-Signature of a request: HMAC-SHA1, keyed with
// the account's auth token, over the full URL the provider requested
// followed by each POST parameter's name and value, sorted by name, then
// base64. Tests use it to sign as the provider does.
func Sign(authToken, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	sb.WriteString(fullURL)
	for _, k := range keys {
		vals := append([]string(nil), form[k]...)
		sort.Strings(vals)
		for _, v := range vals {
			sb.WriteString(k)
			sb.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(sb.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// valid reports whether signature signs the request, comparing in constant
// time. Providers sign https URLs with or without the default port, so both
// forms are tried.
func valid(authToken, signature, fullURL string, form url.Values) bool {
	if authToken == "" || signature == "" {
		return false
	}
	ok := false
	for _, u := range urlForms(fullURL) {
		if subtle.ConstantTimeCompare([]byte(Sign(authToken, u, form)), []byte(signature)) == 1 {
			ok = true
		}
	}
	return ok
}

// urlForms returns the URL as given and with its default port added or
// removed.
func urlForms(fullURL string) []string {
	u, err := url.Parse(fullURL)
	if err != nil {
		return []string{fullURL}
	}
	def := map[string]string{"https": "443", "http": "80", "wss": "443", "ws": "80"}[u.Scheme]
	other := *u
	switch {
	case def == "":
		return []string{fullURL}
	case u.Port() == "":
		other.Host = u.Host + ":" + def
	case u.Port() == def:
		other.Host = u.Hostname()
	default:
		return []string{fullURL}
	}
	return []string{fullURL, other.String()}
}

// telnyxTolerance is how old a Telnyx signature may be, against replays.
const telnyxTolerance = 5 * time.Minute

// validTelnyx reports whether signature (base64 Ed25519) signs
// "timestamp|body" with the account's public key (base64), and the
// timestamp (Unix seconds) is recent.
func validTelnyx(publicKey, signature, timestamp string, body []byte, now time.Time) bool {
	key, err := base64.StdEncoding.DecodeString(publicKey)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	if d := now.Sub(time.Unix(ts, 0)); d > telnyxTolerance || d < -telnyxTolerance {
		return false
	}
	return ed25519.Verify(ed25519.PublicKey(key), append([]byte(timestamp+"|"), body...), sig)
}
