// Package voicebot is the phone call as pure code: what the voicebot says,
// what it listens for, and when it puts the caller through to a person. It
// knows nothing of any telephony provider. A provider dialect (voicebot/twiml
// for Twilio, SignalWire and Telnyx) turns the provider's webhooks into calls
// of Bot's methods and the Replies into the provider's markup.
//
// # A call
//
// Every call is a loket.Call in the database, its dialog state saved after
// every turn: a server restarted mid-call, or another replica, continues the
// call from where it was. Two webhooks of one call handled at once cannot
// overwrite each other: the second one is re-run on the saved state.
//
// The call moves through these steps:
//
//	start ──▶ listen ──▶ confirm ──▶ done (contained)
//	   │        │  ▲         │
//	   │        │  └─────────┘ a new question
//	   │        ├──▶ guide ──▶ guide-end ──▶ done (contained)
//	   ▼        ▼                  │
//	 (repeat) handoff ◀────────────┘
//	            │
//	            ├── people answer ──▶ queue ──▶ (bridged, callback, hung up)
//	            └── closed ──▶ closed menu ──▶ callback or text message
//
// start: the greeting, in the language of the number called (Line): the
// organisation's name, that the caller can say their question in a few words
// or press 0 for a person, and, in the other language and voice, the key
// that switches language (9). Outside opening hours the greeting says people
// are not available, but the voicebot still answers. A caller whose number
// was handed off in the last seven days (RepeatWindow) is greeted as such
// and goes straight to the queue, with priority.
//
// listen: the caller says their question (speech) or presses a key. Keys 1-8
// start the guided flows marked for the phone, in the order the knowledge
// base lists them; 0 asks for a person; 9 switches language, as does saying
// only the language's name ("English", "Nederlands"). Speech is searched in
// the public knowledge base of the call's locale:
//   - a phone guide as the best hit starts it (guide);
//   - an article whose confidence reaches the threshold is spoken: its voice
//     answer from the front matter, or else an answer from the answer engine
//     (or the article's summary without one), cut to a few sentences for
//     the ear; then confirm;
//   - weaker evidence is said plainly and the call is handed off.
//
// confirm: "did that answer your question?", by speech (yes, no) or key (1,
// 2). Key 3 sends the article's link by text message when the caller's
// number can receive one. Yes ends the call as contained. No offers the next
// best article once, then hands off. A longer sentence is taken as a new
// question.
//
// guide: each step is spoken with its choices ("say 'yes' or press 1"); the
// caller answers by key or by saying the choice. A resolved ending speaks
// the article it names and asks whether that solved it (guide-end); an
// escalating ending hands off to the guide's team.
//
// handoff: the caller asked for a person (in words, or key 0), was not
// understood twice in a row (ReasonNotUnderstood), said nothing twice
// (ReasonSilence), got weak evidence (ReasonNotAnswered), said no to the
// answers (ReasonNotHelped), reached an escalating guide step, or is a
// repeat caller. The handoff is keyed by the provider's call id and holds
// the transcript, the articles offered with the caller's verdicts, and the
// caller's number; it is in the agent panel's queue at once. When people
// answer, the caller is told they need not repeat themselves and is put in
// the queue (Reply.Enqueue). While waiting (Wait) they hear their position
// and the expected wait, hold audio, and may press 1 to be called back
// instead, or 2 for the link by text message.
//
// closed: outside opening hours, when the queue is closed by configuration
// or full, the caller is told when people answer again and may press 1 to
// be called back or 2 for a text message with the link; either is recorded
// as a handoff, so the team sees every caller it could not serve.
//
// Silence and speech that was not understood get one repeat of the question
// (with the key menu), then a handoff. A call that runs longer than
// MaxTurns turns is handed off, so that no caller loops.
//
// Every turn is recorded as events (answer, vote, guide, handoff, outcome)
// on the voice channel, so that containment is measured like deflection.
package voicebot
