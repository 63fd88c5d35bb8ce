package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/loket/loket"
)

// Messages holds the interface text of every language. Each language file
// must have the same keys as the others; a key missing in one stops start-up.
type Messages struct {
	langs map[string]map[string]string
	def   string
}

// LoadMessages reads the JSON files of fsys: nl.json, en.json, and parts
// such as nl.queue.json, which join the language before the first dot. A
// key defined twice for a language stops start-up. def is the language used
// for locales without their own files.
func LoadMessages(fsys fs.FS, def string) (*Messages, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("messages: no language files")
	}
	m := &Messages{langs: map[string]map[string]string{}, def: def}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("messages: %w", err)
		}
		var texts map[string]string
		if err := json.Unmarshal(b, &texts); err != nil {
			return nil, fmt.Errorf("messages %s: %w", name, err)
		}
		lang, _, _ := strings.Cut(strings.TrimSuffix(name, path.Ext(name)), ".")
		if m.langs[lang] == nil {
			m.langs[lang] = map[string]string{}
		}
		for k, v := range texts {
			if _, dup := m.langs[lang][k]; dup {
				return nil, fmt.Errorf("messages %s: %q is defined twice for %s", name, k, lang)
			}
			m.langs[lang][k] = v
		}
	}
	if _, ok := m.langs[def]; !ok {
		return nil, fmt.Errorf("messages: no file for the default language %s", def)
	}
	return m, m.check()
}

// check reports keys that some languages have and others lack.
func (m *Messages) check() error {
	var problems []string
	for lang, texts := range m.langs {
		for other, otherTexts := range m.langs {
			for k := range otherTexts {
				if _, ok := texts[k]; !ok {
					problems = append(problems, fmt.Sprintf("%s lacks %q (in %s)", lang, k, other))
				}
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("messages: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Languages returns the languages with a message file.
func (m *Messages) Languages() []string {
	out := make([]string, 0, len(m.langs))
	for l := range m.langs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Has reports whether key exists.
func (m *Messages) Has(key string) bool {
	_, ok := m.langs[m.def][key]
	return ok
}

// For returns the translator of a locale: its language's texts, or the
// default language's.
func (m *Messages) For(locale loket.Locale) Translator {
	texts, ok := m.langs[locale.Language()]
	if !ok {
		texts = m.langs[m.def]
	}
	return Translator{texts: texts, locale: locale}
}

// Translator gives the interface text of one locale.
type Translator struct {
	texts  map[string]string
	locale loket.Locale
}

// T returns the text for key, formatted with args as by fmt.Sprintf. An
// unknown key returns the key itself, so a mistake shows but does not break
// the page; tests check that templates only use known keys.
func (t Translator) T(key string, args ...any) string {
	s, ok := t.texts[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Date formats a date the way the locale writes it: "14 oktober 2026",
// "14 October 2026".
func (t Translator) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day(), t.T(fmt.Sprintf("month.%d", int(d.Month()))), d.Year())
}

// Locale returns the translator's locale.
func (t Translator) Locale() loket.Locale { return t.locale }

// When says when at is, seen from now, in at's time zone: "vandaag om
// 08:00", "morgen om 08:00", "maandag om 08:00". It needs the keys
// when.today, when.tomorrow, when.day and day.0 (Sunday) to day.6.
func (t Translator) When(now, at time.Time) string {
	now = now.In(at.Location())
	clock := at.Format("15:04")
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, at.Location())
	switch days := int(at.Sub(today).Hours() / 24); days {
	case 0:
		return t.T("when.today", clock)
	case 1:
		return t.T("when.tomorrow", clock)
	}
	return t.T("when.day", t.T(fmt.Sprintf("day.%d", int(at.Weekday()))), clock)
}
