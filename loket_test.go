package loket_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/loket/loket"
)

func TestParseLocale(t *testing.T) {
	for in, want := range map[string]string{"nl": "nl", "NL": "nl", "nl-be": "nl-BE", "en-GB": "en-GB", "tv": "", "xx": "", "nl_BE": "", "": "", "dutch": "", "nl-BEL": ""} {
		got, err := loket.ParseLocale(in)
		if string(got) != want || (want == "") != (err != nil) {
			t.Errorf("ParseLocale(%q) = %q, %v; want %q", in, got, err, want)
		}
		if err != nil && loket.ErrorCode(err) != loket.EINVALID {
			t.Errorf("ParseLocale(%q) error code = %s", in, loket.ErrorCode(err))
		}
	}
	if l := loket.Locale("nl-BE"); l.Language() != "nl" {
		t.Errorf("Language() = %s", l.Language())
	}
}

func TestAudience(t *testing.T) {
	pub, in := loket.AudiencePublic, loket.AudienceInternal
	if !pub.Allows(pub) || pub.Allows(in) || !in.Allows(pub) || !in.Allows(in) {
		t.Error("Allows is wrong")
	}
	if loket.Audience("agents").Valid() {
		t.Error("an unknown audience is valid")
	}
}

func TestErrors(t *testing.T) {
	err := fmt.Errorf("load: %w", loket.Errorf(loket.ENOTFOUND, "no article %q", "x"))
	if loket.ErrorCode(err) != loket.ENOTFOUND || loket.ErrorMessage(err) != `no article "x"` {
		t.Errorf("wrapped: %s %s", loket.ErrorCode(err), loket.ErrorMessage(err))
	}
	plain := errors.New("disk on fire")
	if loket.ErrorCode(plain) != loket.EINTERNAL || loket.ErrorMessage(plain) != "Internal error." {
		t.Error("a plain error must be internal with a generic message")
	}
	if loket.ErrorCode(nil) != "" || loket.ErrorMessage(nil) != "" {
		t.Error("nil error")
	}
}
