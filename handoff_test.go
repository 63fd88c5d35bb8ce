package loket_test

import (
	"testing"

	"github.com/loket/loket"
)

func TestValidPhone(t *testing.T) {
	for s, want := range map[string]bool{
		"+31 6 1234 5678":          true,
		"020-123 45 67":            true,
		"(010) 123.45.67":          true,
		"0612345678":               true,
		"1234567":                  false, // too few digits
		"+31 6 1234 5678 9012 345": false, // too many
		"06-CALL-ME":               false,
		"":                         false,
		"06 1234 5678; DROP TABLE": false,
	} {
		if got := loket.ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v, want %v", s, got, want)
		}
	}
}
