// Package loket holds the domain of Loket, a knowledge-base and self-service
// deflection server: the articles and guided flows editors write, the queries
// customers and agents ask, and the events every channel records.
//
// The root package speaks the vocabulary and nothing else: it imports only the
// standard library. Packages below it implement its interfaces (content loads
// a Snapshot, search indexes it, kb serves it, store persists events), and the
// channels (the help site, the bot, the agent panel, the voicebot) consume them.
package loket

import (
	"regexp"
	"strings"
)

// Locale is a language tag as used in content folders and URLs: a two-letter
// language, optionally followed by a region ("nl", "en", "nl-BE", "en-GB").
type Locale string

var localePattern = regexp.MustCompile(`^[a-z]{2}(-[A-Z]{2})?$`)

// ParseLocale normalises s ("NL-be" becomes "nl-BE") and reports whether it
// is a locale: an ISO 639-1 language code, optionally with a region. Returns
// EINVALID otherwise, so that a folder named "tv" is not taken for a
// language.
func ParseLocale(s string) (Locale, error) {
	lang, region, found := strings.Cut(s, "-")
	norm := strings.ToLower(lang)
	if found {
		norm += "-" + strings.ToUpper(region)
	}
	if !localePattern.MatchString(norm) || !strings.Contains(iso639, " "+norm[:2]+" ") {
		return "", Errorf(EINVALID, "%q is not a locale such as nl, en or nl-BE", s)
	}
	return Locale(norm), nil
}

// iso639 lists the two-letter ISO 639-1 language codes.
const iso639 = " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy " +
	"da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz " +
	"ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo " +
	"lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps " +
	"pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn " +
	"to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu "

// Language returns the language part of the locale: "nl" for "nl-BE".
func (l Locale) Language() string {
	lang, _, _ := strings.Cut(string(l), "-")
	return lang
}

// Audience says who may read an article or guide.
type Audience string

const (
	// AudiencePublic content is shown on every channel.
	AudiencePublic Audience = "public"
	// AudienceInternal content is for agents only and never reaches a public
	// channel: not in pages, search, suggestions, answers, sitemaps or links.
	AudienceInternal Audience = "internal"
)

// Valid reports whether a is one of the known audiences.
func (a Audience) Valid() bool {
	return a == AudiencePublic || a == AudienceInternal
}

// Allows reports whether a reader with audience a may read content meant for
// audience content. Internal readers read everything; public readers only
// public content.
func (a Audience) Allows(content Audience) bool {
	return a == AudienceInternal || content == AudiencePublic
}
