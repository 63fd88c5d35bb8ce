package loket

import (
	"regexp"
	"strings"
)

// The customer's intents that every conversational channel (the bot, the
// voicebot) recognises the same way, in Dutch and English.

// personWord names a person to talk to.
var personWord = regexp.MustCompile(`(?i)\b(medewerker|medewerkster|mens|persoon|iemand|agent|human|person|someone|somebody|representative|operator)\b`)

// askPerson matches a request to talk to a person: a verb of wanting or
// talking near a person word, in either order.
var askPerson = regexp.MustCompile(`(?i)(\b(ik wil|wil ik|kan ik|mag ik|graag|liever|verbind|doorverbind|spreken|praten|bellen met|i want|i'd like|i would like|can i|could i|let me|put me through|connect me|speak|talk)\b.{0,40}` +
	personWord.String() + `)|(` + personWord.String() + `.{0,20}\b(spreken|praten|graag|alsjeblieft|alstublieft|please)\b)`)

// AsksForPerson reports whether a message asks for a person: a request in
// words, or a message of a few words naming one ("medewerker").
func AsksForPerson(msg string) bool {
	if len(strings.Fields(msg)) <= 3 && personWord.MatchString(msg) {
		return true
	}
	return askPerson.MatchString(msg)
}

var (
	yes = regexp.MustCompile(`(?i)^\s*(ja|jazeker|jawel|ja hoor|ja graag|ja, graag|ja dank je|ja dank u|ja bedankt|graag|zeker|klopt|dat klopt|ok|oké|okay|prima|goed|yes|yes please|yes thanks|yes it did|yeah|yep|sure|please|correct|that's right)\s*[.!]*\s*$`)
	no  = regexp.MustCompile(`(?i)^\s*(nee|neen|nee hoor|nee dank je|nee dank u|nee bedankt|helaas niet|niet echt|niet|no|nope|no thanks|no it didn't|no it did not|not really)\s*[.!]*\s*$`)
)

// SaysYes reports whether a message is a short agreement: the answer to
// "shall I put you through?" or "did that answer your question?".
func SaysYes(msg string) bool { return yes.MatchString(msg) }

// SaysNo reports whether a message is a short refusal.
func SaysNo(msg string) bool { return no.MatchString(msg) }
