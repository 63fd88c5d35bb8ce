package assistant

import "testing"

func TestAsksForPerson(t *testing.T) {
	for msg, want := range map[string]bool{
		"medewerker":                                 true,
		"Medewerker graag":                           true,
		"Ik wil een medewerker spreken":              true,
		"Kan ik iemand spreken?":                     true,
		"mag ik een mens":                            true,
		"verbind me door met een medewerker":         true,
		"agent":                                      true,
		"I want to talk to a human":                  true,
		"Can I speak to someone please":              true,
		"connect me to an agent":                     true,
		"real person please":                         true,
		"Hoe verander ik mijn wachtwoord?":           false,
		"De monteur kwam niet opdagen":               false,
		"Ik wil mijn persoonlijke gegevens wijzigen": false,
		"Een medewerker zei dat mijn meterstand verkeerd was doorgegeven, klopt dat?": false,
		"What does a smart meter measure?":                                            false,
		"Is there someone at home needed for the technician visit?":                   false,
	} {
		if got := asksForPerson(msg); got != want {
			t.Errorf("asksForPerson(%q) = %v, want %v", msg, got, want)
		}
	}
	for msg, want := range map[string]bool{"ja": true, "Ja graag!": true, "yes please": true, "ok": true, "ja maar hoe dan": false, "nee": false} {
		if got := yes.MatchString(msg); got != want {
			t.Errorf("yes(%q) = %v", msg, got)
		}
	}
}
