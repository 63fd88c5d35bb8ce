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
	yes         = regexp.MustCompile(`^(ja( hoor| graag| zeker| wel| zeker weten)?( dank je( wel)?| dank u( wel)?| bedankt| top| prima)?|jazeker|jawel|graag|zeker|klopt|dat klopt|ok|oke|oké|okay|prima|goed|top|yes( please| thanks| thank you| it did| that helped)?|yeah|yep|sure|please|correct|that's right|it did)$`)
	no          = regexp.MustCompile(`^(nee( hoor| helaas| niet echt)?( dank je( wel)?| dank u( wel)?| bedankt)?|neen|helaas niet|niet echt|niet|no( thanks| thank you| it didn't| it did not| not really)?|nope|not really|it didn't)$`)
	punctuation = regexp.MustCompile(`[\s,.!?;:…]+`)
)

// bare lowers a short reply and drops its punctuation: "Ja, dank je!"
// becomes "ja dank je".
func bare(msg string) string {
	return strings.TrimSpace(punctuation.ReplaceAllString(strings.ToLower(msg), " "))
}

// SaysYes reports whether a message is a short agreement: the answer to
// "shall I put you through?" or "did that answer your question?".
func SaysYes(msg string) bool { return yes.MatchString(bare(msg)) }

// SaysNo reports whether a message is a short refusal.
func SaysNo(msg string) bool { return no.MatchString(bare(msg)) }
