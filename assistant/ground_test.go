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
	ev := &evidence{passages: make([]loket.Passage, 2), locale: "nl"}
	for i := range ev.passages {
		ev.passages[i].Article = &loket.Article{}
	}
	s := &sentenceStream{emit: func(p string) { shown = append(shown, p) }, ev: ev}
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

func TestGrounding(t *testing.T) {
	p := loket.Passage{Article: &loket.Article{Meta: loket.Meta{Title: "Monteur inplannen"}},
		Section: loket.Section{Heading: "Wat kost een monteur?", Text: "Een monteursbezoek is gratis als de storing bij Helder ligt. Ligt de oorzaak bij je eigen bekabeling, dan betaal je € 65. Ben je niet thuis, dan rekenen we € 35. De eerste afspraak is binnen 2 werkdagen."}}
	ev := &evidence{passages: []loket.Passage{p}, locale: "nl"}
	for _, tt := range []struct {
		answer string
		ok     bool
	}{
		{"Een monteur is gratis als de storing bij Helder ligt; ligt de oorzaak bij je eigen bekabeling, dan betaal je € 65 [1].", true},
		{"Ben je niet thuis, dan betaal je € 35 [1]. De afspraak is binnen 2 werkdagen [1].", true},
		{"Je krijgt € 500 terug als de monteur te laat is [1].", false},                    // an invented amount
		{"Een monteur kost 1.500 euro [1].", false},                                        // an invented amount, written the Dutch way
		{"De zee is blauw en de golven ruisen zacht onder de maan, mijn lief [1].", false}, // cites, but is not from the passage
		{"Monteur: betaal je € 65 bij eigen bekabeling [1].", true},
	} {
		why := ev.problem(tt.answer, true)
		if (why == "") != tt.ok {
			t.Errorf("%q: problem %q, want ok=%v", tt.answer, why, tt.ok)
		}
	}
	if normNumber("1.500") != normNumber("1500") || normNumber("12,50") != normNumber("12.50") || normNumber("1,500") != "1500" {
		t.Error("normNumber")
	}
}
