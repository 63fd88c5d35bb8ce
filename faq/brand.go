package faq

import (
	"fmt"
	"hash/crc32"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
	"github.com/loket/loket/web"
)

// brand renders the site's colours as a style sheet and remembers the
// fingerprints of the current style and logo, so that both can be cached
// for a year and still change the moment site.yml does.
type brand struct {
	mu    sync.Mutex
	key   string // accent + logo checksum the fields below belong to
	css   []byte
	style string // fingerprint of css
	logo  string // fingerprint of the logo
}

func newBrand() *brand { return &brand{} }

// current returns the style sheet and fingerprints for site.
func (b *brand) current(site loket.Site) (css []byte, style, logo string) {
	sum := crc32.ChecksumIEEE(site.Logo)
	key := site.Accent + "/" + strconv.FormatUint(uint64(sum), 36)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.key != key {
		b.key = key
		b.css = accentCSS(site.Accent)
		b.style = strconv.FormatUint(uint64(crc32.ChecksumIEEE(b.css)), 36)
		b.logo = strconv.FormatUint(uint64(sum), 36)
	}
	return b.css, b.style, b.logo
}

// accentCSS sets the accent colour and the shades derived from it, chosen
// so that text keeps a contrast of at least 4.5:1 (WCAG AA).
func accentCSS(accent string) []byte {
	r, g, b, ok := parseHex(accent)
	if !ok {
		r, g, b = 0x1f, 0x5f, 0xbf
	}
	// Links and buttons: darken the accent until white text on it, and it
	// on white, reach 4.5:1.
	for i := 0; i < 40 && contrast(r, g, b, 255, 255, 255) < 4.5; i++ {
		r, g, b = r*0.94, g*0.94, b*0.94
	}
	dark := fmt.Sprintf("#%02x%02x%02x", int(r*0.8), int(g*0.8), int(b*0.8))
	tint := fmt.Sprintf("#%02x%02x%02x", mix(r, 0.92), mix(g, 0.92), mix(b, 0.92))
	return fmt.Appendf(nil, ":root{--accent:#%02x%02x%02x;--accent-dark:%s;--accent-tint:%s}\n", int(r), int(g), int(b), dark, tint)
}

func mix(c, white float64) int { return int(c*(1-white) + 255*white) }

func parseHex(s string) (r, g, b float64, ok bool) {
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff), true
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(r1, g1, b1, r2, g2, b2 float64) float64 {
	l1, l2 := luminance(r1, g1, b1), luminance(r2, g2, b2)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func luminance(r, g, b float64) float64 {
	ch := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
}

// siteInfo is the site as a page shows it.
func (s *Site) siteInfo(site loket.Site, locale loket.Locale) SiteInfo {
	_, style, logo := s.brand.current(site)
	info := SiteInfo{
		Name: site.Name, Phone: site.Phone, Email: site.Email,
		// Only digits and + reach the tel: URL, so it is safe to mark as a URL.
		PhoneHref: template.URL("tel:" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '+' {
				return r
			}
			return -1
		}, site.Phone)),
		StyleURL: "/site/style.css?v=" + style,
		HasHours: site.Hours.Known(),
		OpenNow:  site.Hours.Open(s.now()),
	}
	if len(site.Logo) > 0 {
		info.LogoURL = "/site/logo?v=" + logo
	}
	if site.Phone == "" {
		info.PhoneHref = ""
	}
	info.Hours = hoursLines(site.Hours, s.messages.For(locale))
	return info
}

// hoursLines groups the days with the same hours: "Monday to Friday",
// "08:00–20:00".
func hoursLines(h loket.OpeningHours, tr web.Translator) []HoursLine {
	if !h.Known() {
		return nil
	}
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	var out []HoursLine
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && slices.Equal(h.Week[order[j+1]], h.Week[order[i]]) {
			j++
		}
		days := tr.T(fmt.Sprintf("day.%d", order[i]))
		if j > i {
			days = tr.T("hours.range", days, tr.T(fmt.Sprintf("day.%d", order[j])))
		}
		times := tr.T("hours.closed")
		if spans := h.Week[order[i]]; len(spans) > 0 {
			var parts []string
			for _, sp := range spans {
				parts = append(parts, strings.Replace(sp.String(), "-", "–", 1))
			}
			times = strings.Join(parts, ", ")
		}
		out = append(out, HoursLine{Days: days, Times: times})
		i = j + 1
	}
	return out
}

// siteStyle serves the accent colours. The URL carries a fingerprint, so
// the answer may be cached for a year.
func (s *Site) siteStyle(c *gin.Context) {
	css, _, _ := s.brand.current(s.lib.Site())
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, "text/css; charset=utf-8", css)
}

// siteLogo serves the logo from site.yml. An SVG logo is served with a
// policy that forbids scripts, in case someone opens it directly.
func (s *Site) siteLogo(c *gin.Context) {
	site := s.lib.Site()
	if len(site.Logo) == 0 {
		c.Status(http.StatusNotFound)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	c.Data(http.StatusOK, site.LogoType, site.Logo)
}
