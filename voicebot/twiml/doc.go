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
//	relay/incoming, relay, relay/end
//	             the low-latency mode over ConversationRelay (relay.go)
//
// GET /voice/twilio/hold.wav is the hold audio, unsigned: it is not secret.
package twiml
