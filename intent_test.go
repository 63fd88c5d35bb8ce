package loket_test

import (
	"testing"

	"github.com/loket/loket"
)

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
		if got := loket.AsksForPerson(msg); got != want {
			t.Errorf("AsksForPerson(%q) = %v, want %v", msg, got, want)
		}
	}
}

func TestYesNo(t *testing.T) {
	for msg, want := range map[string][2]bool{
		"ja": {true, false}, "Ja graag!": {true, false}, "yes please": {true, false}, "ok": {true, false},
		"Dat klopt.": {true, false}, "Yes it did": {true, false}, "Ja, dank je wel!": {true, false}, "Ja hoor, bedankt": {true, false},
		"nee": {false, true}, "Neen": {false, true}, "no thanks": {false, true}, "Helaas niet": {false, true}, "Nee, dank je.": {false, true},
		"ja maar hoe dan": {false, false}, "nee, ik wil weten wat het kost": {false, false}, "": {false, false},
	} {
		if got := [2]bool{loket.SaysYes(msg), loket.SaysNo(msg)}; got != want {
			t.Errorf("SaysYes, SaysNo(%q) = %v, want %v", msg, got, want)
		}
	}
}
