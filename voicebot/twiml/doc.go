// Package twiml is the voicebot's dialect for TwiML webhooks: Twilio, and
// SignalWire's and Telnyx's compatible markup. It verifies each webhook's
// signature, turns the provider's form fields into calls of voicebot.Bot,
// and the Bot's replies into TwiML. It holds no dialog logic of its own.
//
// The webhooks, all POST and all signed (X-Twilio-Signature), under
// /voice/twilio/:
//
//	incoming     a call comes in (the number's "A call comes in" URL)
//	turn         the caller answered a <Gather>
//	wait         the caller waits in the queue (<Enqueue waitUrl>)
//	wait-choice  a key pressed while waiting
//	queue        the caller left the queue (<Enqueue action>)
//	status       the call ended (the number's status callback URL)
//	relay/incoming, relay/end
//	             the low-latency mode over ConversationRelay (relay.go);
//	             its WebSocket, GET relay, is signed too
//
// GET /voice/twilio/hold.wav is the hold audio, unsigned: it is not secret.
//
// # The low-latency mode
//
// Over Twilio's ConversationRelay the provider recognises the caller's
// speech and speaks text, and the two talk over a WebSocket, so that an
// answer the answer engine writes is spoken sentence by sentence while it
// is being written. The dialog is the same Bot's; only the transport
// differs.
//
//	POST relay/incoming  a call comes in: the greeting, and
//	                     <Connect><ConversationRelay> to the WebSocket
//	GET  relay           the WebSocket (session.go)
//	POST relay/end       the session ended (<Connect action>)
//
// The WebSocket's opening handshake is signed like a webhook, over its
// wss:// address without parameters, and refused with 403 before the
// upgrade when it is not.
//
// The greeting is ConversationRelay's welcomeGreeting, in the call's
// language and voice. What it says in the other language (the key that
// switches to it) follows as a text message marked with that language, in
// the voice of that language's <Language> element. When the caller
// switches (key 9), the session sends a "language" message and speaks the
// new language from then on.
//
// A turn that hands off or ends the call speaks its last words, waits the
// time they take to say (Options.RelayPace), and sends "end" with handoff
// data: a JSON object with the reason ("handoff", "hangup" or "error")
// and, for a handoff, the queue and the handoff's number. The provider then
// requests relay/end, which puts the caller in the queue the call's saved
// state names (never one the handoff data names) and from there on the
// call is the TwiML mode's; or hangs up; or, when the session broke while
// the caller is still on the line, apologises and puts them in the queue,
// as the TwiML mode does when a turn fails. A caller who says nothing for
// Options.RelaySilence after the voice stopped has the silent turn a
// <Gather> that timed out gives.
package twiml
