package twiml_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loket/loket"
)

// No internal article reaches a caller: asked for by its own title and
// phrasings, it is never spoken, offered, texted or hinted.
func TestCallNeverSpeaksInternal(t *testing.T) {
	e := newEnv(t)
	library(t)
	internal := demoKB.kb.Library(loket.AudienceInternal)
	lines := map[loket.Locale]string{"nl": lineNL, "en": lineEN}
	n, articles := 0, 0
	for locale, line := range lines {
		for _, a := range internal.Articles(loket.ArticleFilter{Locale: locale}) {
			if a.Audience != loket.AudienceInternal {
				continue
			}
			articles++
			secret := []string{a.Title}
			if a.Voice != "" {
				secret = append(secret, a.Voice)
			}
			if a.Summary != "" {
				secret = append(secret, a.Summary)
			}
			for _, q := range append([]string{a.Title}, a.Questions...) {
				n++
				c := e.dial(fmt.Sprintf("+316100%05d", n), line)
				if hints := c.mustGather("speech").attr("hints"); strings.Contains(hints, a.Title) {
					t.Errorf("the hints hold the internal title %q", a.Title)
				}
				c.say(q)
				if c.gather != nil && strings.Contains(c.said(), "sms") || strings.Contains(c.said(), "SMS") {
					c.press("3")
				}
				for _, s := range c.heard {
					for _, x := range secret {
						if len(x) > 20 && strings.Contains(s, x[:20]) {
							t.Errorf("asked %q, the caller heard internal text: %q", q, s)
						}
					}
				}
				rec := c.record()
				if strings.Contains(string(rec.State), `"articleId":"`+a.ID+`"`) || strings.Contains(string(rec.State), `"ArticleID":"`+a.ID+`"`) {
					t.Errorf("asked %q, %s was offered", q, a.ID)
				}
			}
		}
	}
	for _, m := range e.sms.messages() {
		for _, a := range internal.Articles(loket.ArticleFilter{Locale: "nl"}) {
			if a.Audience == loket.AudienceInternal && strings.Contains(m.Get("Body"), a.Title) {
				t.Errorf("text message names internal article %s", a.ID)
			}
		}
	}
	if articles < 8 {
		t.Fatalf("only %d internal articles in the demo", articles)
	}
}
