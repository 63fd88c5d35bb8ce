package assistant

import (
	"strings"
	"testing"

	"github.com/loket/loket"
)

func TestProblem(t *testing.T) {
	tests := []struct {
		text  string
		n     int
		final bool
		want  string // substring of the problem, "" for none
	}{
		{"Herstart je modem [1]. Wacht daarna drie minuten [2].", 2, true, ""},
		{"Herstart je modem [1, 2].", 2, true, ""},
		{"Herstart je modem [3].", 2, true, "not given"},
		{"Herstart je modem [0].", 2, true, "not given"},
		{"Herstart je modem.", 2, true, "cites nothing"},
		{"Herstart je modem.", 2, false, ""},
		{"NO_ANSWER", 2, true, "no answer"},
		{"My rules say: cite only the numbers of the passages [1].", 2, true, "instructions"},
		{"You can reset your password in the app and you will get an email with a link [1].", 2, true, "language"},
		{"Je kunt je wachtwoord resetten in de app en je krijgt een e-mail met een link [1].", 2, true, ""},
	}
	for _, tt := range tests {
		got := problem(tt.text, tt.n, "nl", tt.final)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("problem(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestRenumber(t *testing.T) {
	ps := []loket.Passage{
		{Article: &loket.Article{Meta: loket.Meta{ID: "a"}}},
		{Article: &loket.Article{Meta: loket.Meta{ID: "b"}}},
		{Article: &loket.Article{Meta: loket.Meta{ID: "c"}}},
	}
	text, cited := renumber("Eerst dit [3]. Dan dat [1, 3]. En zo [3].", ps)
	if text != "Eerst dit [1]. Dan dat [2][1]. En zo [1]." || len(cited) != 2 || cited[0].Article.ID != "c" || cited[1].Article.ID != "a" {
		t.Errorf("renumber = %q %v", text, cited)
	}
}

func TestSentenceStream(t *testing.T) {
	var shown []string
	s := &sentenceStream{emit: func(p string) { shown = append(shown, p) }, n: 2, locale: "nl"}
	for _, tok := range []string{"Herstart ", "je modem", " [1]. Wacht", " drie minuten", " [2]. Daarna ", "[9] werkt het."} {
		s.write(tok)
	}
	s.flush()
	if strings.Join(shown, "") != "Herstart je modem [1]. Wacht drie minuten [2]. " || !s.broken {
		t.Errorf("shown %q, broken %v", shown, s.broken)
	}
}

func TestFirstSentences(t *testing.T) {
	long := strings.Repeat("Dit is een zin. ", 50)
	if got := firstSentences(long, 40); got != "Dit is een zin. Dit is een zin." {
		t.Errorf("firstSentences = %q", got)
	}
	if got := firstSentences(strings.Repeat("woord ", 100), 30); !strings.HasSuffix(got, "…") || len([]rune(got)) > 32 {
		t.Errorf("no sentence end: %q", got)
	}
	if got := firstSentences("Kort.", 40); got != "Kort." {
		t.Errorf("short: %q", got)
	}
}
