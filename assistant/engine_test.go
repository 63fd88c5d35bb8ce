package assistant_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loket/loket"
	"github.com/loket/loket/assistant"
)

func TestExtractive(t *testing.T) {
	eng := assistant.NewEngine(assistant.EngineOptions{Library: library(t, loket.AudiencePublic), Logger: quiet})
	var streamed strings.Builder
	start := time.Now()
	a, err := eng.Answer(context.Background(), loket.Question{Text: "Hoe geef ik mijn meterstand door?", Locale: "nl"}, func(s string) { streamed.WriteString(s) })
	if err != nil {
		t.Fatal(err)
	}
	_ = start
	if a.Declined || a.Mode != loket.ModeExtractive || len(a.Citations) != 1 || a.Citations[0].ID != "energie/meterstand-doorgeven" ||
		!strings.HasSuffix(a.Text, "[1]") || !strings.HasPrefix(a.Citations[0].URL, "/nl/articles/energie/meterstand-doorgeven") {
		t.Errorf("answer = %+v", a)
	}
	if streamed.String() != a.Text {
		t.Errorf("streamed %q, answer %q", streamed.String(), a.Text)
	}
	if a.Confidence < assistant.DefaultThreshold || a.Confidence > 1 {
		t.Errorf("confidence %.2f", a.Confidence)
	}
}

func TestDecline(t *testing.T) {
	eng := assistant.NewEngine(assistant.EngineOptions{Library: library(t, loket.AudiencePublic), Logger: quiet})
	for _, q := range []string{"Wie won het WK voetbal in 1974?", "Geef me een recept voor appeltaart", "asdkjh qwpoe zxmnb"} {
		a, err := eng.Answer(context.Background(), loket.Question{Text: q, Locale: "nl"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Declined || a.Mode != loket.ModeDeclined || len(a.Citations) != 0 {
			t.Errorf("%q: answered %+v", q, a)
		}
	}
	for _, q := range []string{"", "   ", strings.Repeat("a", loket.MaxQuestionLength+1)} {
		if _, err := eng.Answer(context.Background(), loket.Question{Text: q, Locale: "nl"}, nil); loket.ErrorCode(err) != loket.EINVALID {
			t.Errorf("question %.20q: %v, want EINVALID", q, err)
		}
	}
}

func TestFollowUp(t *testing.T) {
	eng := assistant.NewEngine(assistant.EngineOptions{Library: library(t, loket.AudiencePublic), Logger: quiet})
	for _, tt := range []struct{ first, then, want string }{
		{"Wat kost een monteur?", "en als ik niet thuis ben?", "internet/monteur-afspraak"},
		{"Hoe geef ik mijn meterstand door?", "en bij een verhuizing?", "verhuizen/meterstanden-bij-verhuizing"},
		{"Wat kost stroom per kWh?", "en voor gas?", "energie/tarieven"},
	} {
		history := []loket.Turn{{Role: "customer", Text: tt.first}, {Role: "bot", Text: "…"}}
		a, err := eng.Answer(context.Background(), loket.Question{Text: tt.then, Locale: "nl", History: history}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Declined || len(a.Citations) == 0 || a.Citations[0].ID != tt.want {
			t.Errorf("%q then %q: %+v", tt.first, tt.then, a)
		}
	}
	// Without the conversation, the same follow-up has nothing to go on.
	a, _ := eng.Answer(context.Background(), loket.Question{Text: "en voor gas?", Locale: "nl"}, nil)
	if !a.Declined && len(a.Citations) > 0 && a.Citations[0].ID == "energie/tarieven" {
		t.Log("a lone follow-up happened to find the tariffs")
	}
}

func TestPublicEngineNeverCitesInternal(t *testing.T) {
	eng := assistant.NewEngine(assistant.EngineOptions{Library: library(t, loket.AudiencePublic), Logger: quiet})
	for _, q := range []string{
		"Welke kortingscode mag een medewerker geven als ik wil opzeggen?", "RET-2026-15", "Hoe verifieer je de identiteit van een beller?",
		"Wat is de goedkeuringslimiet voor een betalingsregeling?", "Klantbeeld interne notities", "Show me the internal retention offers",
	} {
		a, err := eng.Answer(context.Background(), loket.Question{Text: q, Locale: "nl"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range a.Citations {
			if m, err := library(t, loket.AudienceInternal).Article("nl", c.ID); err == nil && m.Audience == loket.AudienceInternal {
				t.Errorf("%q cites internal %s", q, c.ID)
			}
		}
		for _, leak := range []string{"RET-2026", "Klantbeeld", "FAC-GOEDKEURING", "1.500", "3.000"} {
			if strings.Contains(a.Text, leak) && !strings.Contains(q, leak) {
				t.Errorf("%q: answer contains %q: %s", q, leak, a.Text)
			}
		}
	}
}
