package content

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // opening hours need time zones on machines without tzdata

	"gopkg.in/yaml.v3"

	"github.com/loket/loket"
)

// siteFile is the site settings file at the top of the knowledge base.
const siteFile = "site.yml"

// DefaultSite is what the channels show when the knowledge base has no
// site.yml.
func DefaultSite() loket.Site {
	return loket.Site{Name: "Loket", Accent: "#1f5fbf"}
}

// maxLogoSize is the largest logo file read.
const maxLogoSize = 512 << 10

var (
	colour   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	timeSpan = regexp.MustCompile(`^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$`)
	weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
)

// parseSite reads site.yml. Problems are reported on ds; the settings that
// are valid are kept, the others fall back to their defaults.
func (l *Loader) parseSite(src []byte, ds *diagnostics) loket.Site {
	site := DefaultSite()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := yamlError(err)
		ds.errorf(line-1, "malformed site settings: %s", msg)
		return site
	}
	if len(doc.Content) == 0 {
		return site
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ds.errorf(root.Line, "site settings are keys with values (name: ..., phone: ...)")
		return site
	}
	tz := "Europe/Amsterdam"
	var hours, closed *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "name", "phone", "email", "accent", "logo", "timezone", "wait":
			s, err := scalarString(v)
			if err != nil {
				ds.errorf(k.Line, "%s: %v", k.Value, err)
				continue
			}
			l.setSiteValue(&site, k.Value, s, k.Line, &tz, ds)
		case "hours":
			hours = v
		case "closed":
			closed = v
		default:
			ds.warnf(k.Line, "unknown site setting %q; known: name, accent, logo, phone, email, timezone, hours, closed, wait", k.Value)
		}
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		ds.errorf(0, "timezone %q is not a time zone such as Europe/Amsterdam", tz)
		loc = time.UTC
	}
	site.Hours.Location = loc
	if hours != nil {
		parseHours(hours, &site.Hours, ds)
	}
	if closed != nil {
		parseClosed(closed, &site.Hours, ds)
	}
	return site
}

func (l *Loader) setSiteValue(site *loket.Site, key, s string, line int, tz *string, ds *diagnostics) {
	switch key {
	case "name":
		if s != "" {
			site.Name = s
		}
	case "phone":
		site.Phone = s
	case "email":
		site.Email = s
	case "timezone":
		*tz = s
	case "accent":
		if !colour.MatchString(s) {
			ds.errorf(line, "accent %q is not a colour such as \"#1f5fbf\"", s)
			return
		}
		site.Accent = strings.ToLower(s)
	case "wait":
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			ds.errorf(line, "wait %q is not a duration such as 5m", s)
			return
		}
		site.Wait = d
	case "logo":
		logo, kind, err := l.readLogo(s)
		if err != nil {
			ds.errorf(line, "logo: %v", err)
			return
		}
		site.Logo, site.LogoType = logo, kind
	}
}

// readLogo reads a logo file from the knowledge base and tells its type.
func (l *Loader) readLogo(name string) ([]byte, string, error) {
	name = path.Clean(strings.TrimPrefix(name, "/"))
	if strings.HasPrefix(name, "../") || name == ".." {
		return nil, "", fmt.Errorf("%s is outside the content folder", name)
	}
	src, err := readBinary(l.fsys, name, maxLogoSize)
	if err != nil {
		return nil, "", err
	}
	kind := http.DetectContentType(src)
	switch {
	case strings.EqualFold(path.Ext(name), ".svg") && bytes.Contains(src, []byte("<svg")):
		kind = "image/svg+xml"
	case kind == "image/png", kind == "image/jpeg", kind == "image/webp":
	default:
		return nil, "", fmt.Errorf("%s is not an SVG, PNG, JPEG or WebP image", name)
	}
	return src, kind, nil
}

// parseHours reads the opening hours: weekday names or ranges of them
// ("monday-friday") with "08:00-20:00", several spans separated by commas,
// or "closed".
func parseHours(n *yaml.Node, h *loket.OpeningHours, ds *diagnostics) {
	if n.Kind != yaml.MappingNode {
		ds.errorf(n.Line, "hours: a day per line, as \"monday-friday: 08:00-20:00\"")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		days, ok := dayRange(k.Value)
		if !ok {
			ds.errorf(k.Line, "hours: %q is not a day or a range of days such as monday-friday", k.Value)
			continue
		}
		spans, err := parseSpans(v.Value)
		if err != nil {
			ds.errorf(v.Line, "hours for %s: %v", k.Value, err)
			continue
		}
		for _, d := range days {
			h.Week[d] = spans
		}
	}
}

func dayRange(s string) ([]time.Weekday, bool) {
	from, to, isRange := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	a, ok := weekday(from)
	if !ok {
		return nil, false
	}
	if !isRange {
		return []time.Weekday{a}, true
	}
	b, ok := weekday(to)
	if !ok {
		return nil, false
	}
	var out []time.Weekday
	for d := a; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == b {
			return out, true
		}
	}
}

func weekday(s string) (time.Weekday, bool) {
	for i, d := range weekdays {
		if s == d || (len(s) >= 3 && strings.HasPrefix(d, s)) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

func parseSpans(s string) ([]loket.TimeSpan, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "closed") || s == "" {
		return nil, nil
	}
	var out []loket.TimeSpan
	for _, part := range strings.Split(s, ",") {
		m := timeSpan.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, fmt.Errorf("%q is not a time span such as 08:00-20:00, or closed", part)
		}
		var hm [4]int
		for i := range hm {
			fmt.Sscanf(m[i+1], "%d", &hm[i])
		}
		span := loket.TimeSpan{From: hm[0]*60 + hm[1], To: hm[2]*60 + hm[3]}
		if hm[0] > 24 || hm[2] > 24 || hm[1] > 59 || hm[3] > 59 || span.To <= span.From || span.To > 24*60 {
			return nil, fmt.Errorf("%q is not a time span within one day", part)
		}
		out = append(out, span)
	}
	return out, nil
}

// parseClosed reads the dates on which nobody answers.
func parseClosed(n *yaml.Node, h *loket.OpeningHours, ds *diagnostics) {
	dates, err := stringList(n)
	if err != nil {
		ds.errorf(n.Line, "closed: %v", err)
		return
	}
	h.Closed = map[string]bool{}
	for _, d := range dates {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			ds.errorf(n.Line, "closed: %q is not a date such as 2026-12-25", d)
			continue
		}
		h.Closed[d] = true
	}
}
