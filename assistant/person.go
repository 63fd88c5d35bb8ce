package assistant

import (
	"regexp"
	"strings"
)

// personWord names a person to talk to, in Dutch or English.
var personWord = regexp.MustCompile(`(?i)\b(medewerker|medewerkster|mens|persoon|iemand|agent|human|person|someone|somebody|representative|operator)\b`)

// askPerson matches a request to talk to a person: a verb of wanting or
// talking near a person word, in either order.
var askPerson = regexp.MustCompile(`(?i)(\b(ik wil|wil ik|kan ik|mag ik|graag|liever|verbind|doorverbind|spreken|praten|bellen met|i want|i'd like|i would like|can i|could i|let me|put me through|connect me|speak|talk)\b.{0,40}` +
	personWord.String() + `)|(` + personWord.String() + `.{0,20}\b(spreken|praten|graag|alsjeblieft|please)\b)`)

// yes matches a short agreement, the answer to "shall I put you through?".
var yes = regexp.MustCompile(`(?i)^\s*(ja|jazeker|ja graag|ja, graag|graag|ok|oké|okay|prima|goed|yes|yes please|sure|please)\s*[.!]*\s*$`)

// asksForPerson reports whether a message asks for a person: a request in
// words, or a message of a few words naming one ("medewerker").
func asksForPerson(msg string) bool {
	if len(strings.Fields(msg)) <= 3 && personWord.MatchString(msg) {
		return true
	}
	return askPerson.MatchString(msg)
}
