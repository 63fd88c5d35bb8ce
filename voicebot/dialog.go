package voicebot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/loket/loket"
)

// greet opens the call: a repeat caller goes straight to a person, everyone
// else hears the greeting and the question.
func (b *Bot) greet(ctx context.Context, c *call) (*Reply, error) {
	site := b.opts.Library.Site()
	if prev := b.recentHandoff(ctx, c); prev != nil {
		c.st.Priority = 1
		c.say(b.t(c, "repeat", site.Name))
		c.st.Turns = append(c.st.Turns, b.turn("bot", b.t(c, "note.repeat", prev.ID, b.messages.For(c.rec.Locale).Date(prev.CreatedAt), prev.Question)))
		c.st.Question = prev.Question
		return b.handoff(ctx, c, loket.ReasonRepeat)
	}
	c.say(b.t(c, "greeting", site.Name))
	if !b.peopleAnswer() {
		c.say(b.t(c, "greeting.closed"))
	}
	c.say(b.t(c, "ask"))
	b.offerSwitch(c)
	return b.listenReply(c, 6*time.Second), nil
}

// recentHandoff returns the caller's latest handoff within the repeat
// window, on any channel, or nil. Withheld numbers are never repeat callers.
func (b *Bot) recentHandoff(ctx context.Context, c *call) *loket.Handoff {
	if !knownNumber(c.rec.From) {
		return nil
	}
	hs, err := b.opts.Handoffs.FindHandoffs(ctx, loket.HandoffFilter{Phone: c.rec.From, Since: b.opts.Now().Add(-b.opts.RepeatWindow)})
	if err != nil {
		b.opts.Logger.Error("find earlier handoffs", "err", err)
		return nil
	}
	var latest *loket.Handoff
	for _, h := range hs {
		if h.External != c.rec.ID && (latest == nil || h.CreatedAt.After(latest.CreatedAt)) {
			latest = h
		}
	}
	return latest
}

// offerSwitch tells the caller, in the other language and its voice, which
// key switches to it.
func (b *Bot) offerSwitch(c *call) {
	other := b.otherLanguage(c)
	if other == "" {
		return
	}
	c.out = append(c.out, Speech{Text: b.messages.For(b.locale(other)).T("switch.offer"), Language: other})
}

// otherLanguage is the speech language of the knowledge base's first locale
// in another language than the call's, or "".
func (b *Bot) otherLanguage(c *call) string {
	for _, l := range b.opts.Library.Locales() {
		if l.Language() != c.rec.Locale.Language() {
			return speechLanguage(l)
		}
	}
	return ""
}

func (b *Bot) switchLanguage(c *call, lang string) *Reply {
	c.st.Lang, c.st.Voice = lang, ""
	c.rec.Locale = b.locale(lang)
	c.st.Misses, c.st.Silences = 0, 0
	c.say(b.t(c, "switched", b.opts.Library.Site().Name))
	c.say(b.t(c, "ask"))
	b.offerSwitch(c)
	return b.listenReply(c, 6*time.Second)
}

// again asks the current question again, for a call that was interrupted.
func (b *Bot) again(ctx context.Context, c *call) *Reply {
	switch c.st.Step {
	case stepConfirm, stepGuideEnd:
		return b.confirmReply(c)
	case stepGuide:
		if g, s := b.guideStep(c); s != nil {
			return b.stepReply(ctx, c, g, s)
		}
	case stepClosed:
		return b.closedReply(c)
	case stepQueue:
		return &Reply{Enqueue: b.enqueueAgain(c)}
	case stepDone:
		return &Reply{Hangup: true}
	}
	c.st.Step = stepListen
	return b.askAgain(c)
}

// listenReply waits for the caller's question or a key.
func (b *Bot) listenReply(c *call, timeout time.Duration) *Reply {
	return &Reply{Say: c.out, Listen: &Listen{Speech: true, Keys: true, Digits: 1, Language: c.st.Lang,
		Hints: b.hintsFor(c.rec.Locale), Timeout: timeout}}
}

// askAgain asks for the question again, with the keys for the phone guides
// and for a person.
func (b *Bot) askAgain(c *call) *Reply {
	c.say(b.t(c, "ask.again"))
	for i, g := range b.phoneGuides(c.rec.Locale) {
		c.say(b.t(c, "menu.guide", g.Title, i+1))
	}
	c.say(b.t(c, "menu.person"))
	return b.listenReply(c, 6*time.Second)
}

// listen handles the caller's question.
func (b *Bot) listen(ctx context.Context, c *call, in Input) (*Reply, error) {
	switch {
	case in.silent():
		return b.silence(ctx, c, b.askAgain)
	case in.Digits != "":
		switch d := first(in.Digits); d {
		case "0":
			return b.handoff(ctx, c, loket.ReasonAskedPerson)
		case "9":
			if other := b.otherLanguage(c); other != "" {
				return b.switchLanguage(c, other), nil
			}
		default:
			n, _ := strconv.Atoi(d)
			if guides := b.phoneGuides(c.rec.Locale); n >= 1 && n <= len(guides) {
				return b.startGuide(ctx, c, guides[n-1]), nil
			}
		}
		return b.miss(ctx, c, b.askAgain)
	case b.unsure(in):
		return b.miss(ctx, c, b.askAgain)
	case loket.AsksForPerson(in.Speech):
		if c.st.Question == "" && len(strings.Fields(in.Speech)) >= 6 {
			c.st.Question = in.Speech // "mijn factuur klopt niet, ik wil iemand spreken"
		}
		return b.handoff(ctx, c, loket.ReasonAskedPerson)
	}
	if lang := languageNamed(in.Speech); lang != "" {
		if lang != c.rec.Locale.Language() {
			for _, l := range b.opts.Library.Locales() {
				if l.Language() == lang {
					return b.switchLanguage(c, speechLanguage(l)), nil
				}
			}
		}
		return b.askAgain(c), nil
	}
	return b.answer(ctx, c, in.Speech)
}

// unsure reports whether the recogniser doubted what it heard.
func (b *Bot) unsure(in Input) bool {
	return in.Speech != "" && in.Confidence > 0 && in.Confidence < b.opts.MinConfidence
}

// silence handles a turn in which the caller said nothing: the question
// once more, then a person.
func (b *Bot) silence(ctx context.Context, c *call, again func(*call) *Reply) (*Reply, error) {
	c.st.Silences++
	if c.st.Silences >= 2 {
		return b.handoff(ctx, c, loket.ReasonSilence)
	}
	c.say(b.t(c, "silence"))
	return again(c), nil
}

// miss handles a turn the voicebot did not understand: the question once
// more, then a person.
func (b *Bot) miss(ctx context.Context, c *call, again func(*call) *Reply) (*Reply, error) {
	c.st.Misses++
	if c.st.Misses >= 2 {
		return b.handoff(ctx, c, loket.ReasonNotUnderstood)
	}
	c.say(b.t(c, "missed"))
	return again(c), nil
}

// answer searches the knowledge base for the caller's question and speaks
// the best answer, starts the best phone guide, or hands the call off when
// the evidence is weak.
func (b *Bot) answer(ctx context.Context, c *call, question string) (*Reply, error) {
	c.st.Misses, c.st.Silences = 0, 0
	if c.st.Question == "" {
		c.st.Question = question
	}
	res, err := b.opts.Library.Search(ctx, loket.Query{Text: question, Locale: c.rec.Locale, Limit: 5})
	if err != nil {
		return nil, err
	}
	var hits []loket.Hit
	for _, h := range res.Hits {
		if h.Confidence < b.opts.Threshold {
			continue
		}
		if h.Meta.Kind == loket.KindGuide {
			if g, err := b.opts.Library.Guide(h.Meta.Locale, h.Meta.ID); err != nil || !g.Phone {
				continue
			}
		}
		hits = append(hits, h)
	}
	if len(hits) == 0 {
		return b.weak(ctx, c, question, res)
	}
	if best := hits[0].Meta; best.Kind == loket.KindGuide {
		g, err := b.opts.Library.Guide(best.Locale, best.ID)
		if err != nil {
			return nil, err
		}
		b.record(ctx, c, &loket.Event{Type: loket.EventAnswer, Query: question, ArticleID: g.ID, Results: len(res.Hits),
			Data: map[string]string{"mode": "guide", "confidence": confidence(hits[0].Confidence)}})
		return b.startGuide(ctx, c, g), nil
	}
	a, err := b.opts.Library.Article(hits[0].Meta.Locale, hits[0].Meta.ID)
	if err != nil {
		return nil, err
	}
	text, a, mode, err := b.spoken(ctx, c, question, a)
	if err != nil {
		return nil, err
	}
	if text == "" {
		return b.weak(ctx, c, question, res)
	}
	b.record(ctx, c, &loket.Event{Type: loket.EventAnswer, Query: question, ArticleID: a.ID, Results: len(res.Hits),
		Data: map[string]string{"mode": mode, "confidence": confidence(hits[0].Confidence), "cited": a.ID}})
	c.st.Next = nil
	for _, h := range hits[1:] {
		if h.Meta.Kind == loket.KindArticle && h.Meta.ID != a.ID && !b.offered(c, h.Meta.ID) {
			c.st.Next = []string{h.Meta.ID}
			break
		}
	}
	b.offer(c, a)
	b.sayAnswer(c, text)
	c.st.Step = stepConfirm
	return b.confirmReply(c), nil
}

func confidence(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }

// weak says there is no good answer and hands the call off.
func (b *Bot) weak(ctx context.Context, c *call, question string, res *loket.Result) (*Reply, error) {
	best := 0.0
	if len(res.Hits) > 0 {
		best = res.Hits[0].Confidence
	}
	b.record(ctx, c, &loket.Event{Type: loket.EventAnswer, Query: question, Results: len(res.Hits),
		Data: map[string]string{"mode": string(loket.ModeDeclined), "declined": "true", "confidence": confidence(best)}})
	c.say(b.t(c, "weak"))
	return b.handoff(ctx, c, loket.ReasonNotAnswered)
}

// spoken is what to say for an article: its voice answer; else the answer
// engine's answer to the question, which may come from another article;
// else the article's summary. An empty text means the engine declined.
func (b *Bot) spoken(ctx context.Context, c *call, question string, a *loket.Article) (string, *loket.Article, string, error) {
	if a.Voice != "" {
		return speakable(a.Voice, maxSpoken), a, "voice", nil
	}
	if b.opts.Answerer == nil {
		return b.summary(a), a, string(loket.ModeExtractive), nil
	}
	ans, err := b.opts.Answerer.Answer(ctx, loket.Question{Text: question, Locale: c.rec.Locale, History: history(c.st.Turns)}, b.tokens(c))
	if err != nil {
		return "", nil, "", err
	}
	if ans.Declined {
		return "", a, string(loket.ModeDeclined), nil
	}
	if len(ans.Citations) > 0 && ans.Citations[0].ID != a.ID {
		if cited, err := b.opts.Library.Article(c.rec.Locale, ans.Citations[0].ID); err == nil {
			a = cited
		}
	}
	text := speakable(ans.Text, maxSpoken)
	if text == "" {
		return b.summary(a), a, string(loket.ModeExtractive), nil
	}
	return text, a, string(ans.Mode), nil
}

// summary is the article's first paragraph, cut for the ear.
func (b *Bot) summary(a *loket.Article) string {
	text := a.Summary
	if text == "" && len(a.Sections) > 0 {
		text = a.Sections[0].Text
	}
	if text == "" {
		text = a.Title
	}
	return speakable(text, maxSpoken)
}

// history is the last turns of the call, for the answer engine's follow-ups.
func history(turns []loket.Turn) []loket.Turn {
	if len(turns) > 1 {
		turns = turns[:len(turns)-1] // the question itself is asked apart
	} else {
		return nil
	}
	if len(turns) > 6 {
		turns = turns[len(turns)-6:]
	}
	return turns
}

func (b *Bot) offer(c *call, a *loket.Article) {
	c.st.Offered = append(c.st.Offered, loket.Offer{ArticleID: a.ID, Title: a.Title, URL: a.URL})
}

func (b *Bot) offered(c *call, id string) bool {
	for _, o := range c.st.Offered {
		if o.ArticleID == id {
			return true
		}
	}
	return false
}

// confirmReply asks whether the answer helped.
func (b *Bot) confirmReply(c *call) *Reply {
	c.say(b.t(c, "confirm"))
	if c.st.Step == stepConfirm && b.canText(c) && !c.st.Texted {
		c.say(b.t(c, "confirm.text"))
	}
	return &Reply{Say: c.out, Listen: &Listen{Speech: true, Keys: true, Digits: 1, Language: c.st.Lang,
		Hints: b.yesNoHints(c), Timeout: 5 * time.Second}}
}

// confirm handles the caller's verdict on an answer.
func (b *Bot) confirm(ctx context.Context, c *call, in Input) (*Reply, error) {
	switch b.verdict(c, in) {
	case "yes":
		return b.helped(ctx, c), nil
	case "no":
		b.judge(ctx, c, false)
		if len(c.st.Next) > 0 {
			a, err := b.opts.Library.Article(c.rec.Locale, c.st.Next[0])
			c.st.Next = nil
			if err == nil {
				c.say(b.t(c, "next"))
				c.say(b.summaryOrVoice(a))
				b.offer(c, a)
				b.record(ctx, c, &loket.Event{Type: loket.EventAnswer, Query: c.st.Question, ArticleID: a.ID,
					Data: map[string]string{"mode": "next", "cited": a.ID}})
				return b.confirmReply(c), nil
			}
		}
		return b.handoff(ctx, c, loket.ReasonNotHelped)
	case "text":
		if b.canText(c) && len(c.st.Offered) > 0 {
			b.sendLink(ctx, c, c.st.Offered[len(c.st.Offered)-1].ArticleID)
			return b.confirmReply(c), nil
		}
		return b.miss(ctx, c, b.confirmReply)
	case "person":
		return b.handoff(ctx, c, loket.ReasonAskedPerson)
	case "question":
		return b.answer(ctx, c, in.Speech)
	case "silence":
		return b.silence(ctx, c, b.confirmReply)
	}
	return b.miss(ctx, c, b.confirmReply)
}

func (b *Bot) summaryOrVoice(a *loket.Article) string {
	if a.Voice != "" {
		return speakable(a.Voice, maxSpoken)
	}
	return b.summary(a)
}

// verdict reads a reply to "did that help?": yes, no, text, person,
// question (a new one), silence, or "" for not understood.
func (b *Bot) verdict(c *call, in Input) string {
	switch {
	case in.silent():
		return "silence"
	case in.Digits != "":
		return map[string]string{"1": "yes", "2": "no", "3": "text", "0": "person"}[first(in.Digits)]
	case b.unsure(in):
		return ""
	case loket.AsksForPerson(in.Speech):
		return "person"
	case loket.SaysYes(in.Speech):
		return "yes"
	case loket.SaysNo(in.Speech):
		return "no"
	case wantsText(in.Speech):
		return "text"
	}
	// A longer reply that starts with yes or no ("ja, dank je wel", "nee,
	// dat bedoel ik niet") is that; any other is a new question.
	words := strings.Fields(normal(in.Speech))
	switch {
	case len(words) < 3:
		return ""
	case loket.SaysYes(words[0]) && words[1] != "maar" && words[1] != "but":
		return "yes"
	case loket.SaysNo(words[0]):
		return "no"
	}
	return "question"
}

// helped ends a call the voicebot settled.
func (b *Bot) helped(ctx context.Context, c *call) *Reply {
	b.judge(ctx, c, true)
	c.say(b.t(c, "goodbye.helped"))
	c.st.Step = stepDone
	b.outcome(ctx, c, loket.OutcomeResolved)
	return &Reply{Say: c.out, Hangup: true}
}

// judge records the caller's verdict on the last article offered.
func (b *Bot) judge(ctx context.Context, c *call, helped bool) {
	if len(c.st.Offered) == 0 {
		return
	}
	o := &c.st.Offered[len(c.st.Offered)-1]
	o.Helped = &helped
	b.record(ctx, c, &loket.Event{Type: loket.EventVote, ArticleID: o.ArticleID, Data: map[string]string{"helpful": strconv.FormatBool(helped)}})
}

// handoff passes the call to a person: into the queue when people answer,
// else to the callback offer.
func (b *Bot) handoff(ctx context.Context, c *call, reason string) (*Reply, error) {
	c.st.Reason = reason
	if !b.peopleAnswer() {
		return b.closed(ctx, c), nil
	}
	h, err := b.makeHandoff(ctx, c, reason)
	if err != nil {
		return nil, err
	}
	if reason != loket.ReasonRepeat {
		c.say(b.t(c, "handoff"))
	}
	c.st.Step = stepQueue
	return &Reply{Say: c.out, Enqueue: b.enqueueAgain(c), Handoff: h}, nil
}

// peopleAnswer reports whether callers can be put through now.
func (b *Bot) peopleAnswer() bool {
	return !b.opts.QueueClosed && b.opts.Library.Site().Hours.Open(b.opts.Now())
}

func (b *Bot) enqueueAgain(c *call) *Enqueue {
	if c.st.Step != stepQueue {
		return nil
	}
	q := b.opts.Queue + "-" + c.rec.Locale.Language()
	if c.st.Priority > 0 {
		q += "-priority"
	}
	return &Enqueue{Queue: q, Priority: c.st.Priority}
}

// makeHandoff creates the call's handoff, or returns the one it has.
func (b *Bot) makeHandoff(ctx context.Context, c *call, reason string, notes ...string) (*loket.Handoff, error) {
	for _, n := range notes {
		b.note(ctx, c, n)
	}
	if c.rec.HandoffID != 0 {
		return b.opts.Handoffs.FindHandoff(ctx, c.rec.HandoffID)
	}
	h := &loket.Handoff{
		Channel: loket.ChannelVoice, Locale: c.rec.Locale, Question: c.st.Question, Transcript: c.st.Turns,
		Offered: c.st.Offered, Reason: reason, Team: c.st.Team, Priority: c.st.Priority,
		External: c.rec.ID, Session: c.rec.ID,
	}
	if h.Question == "" {
		h.Question = b.t(c, "question.none")
	}
	if knownNumber(c.rec.From) {
		h.Contact.Phone = c.rec.From
	}
	err := b.opts.Handoffs.CreateHandoff(ctx, h)
	if loket.ErrorCode(err) == loket.ECONFLICT {
		hs, ferr := b.opts.Handoffs.FindHandoffs(ctx, loket.HandoffFilter{Channel: loket.ChannelVoice, External: c.rec.ID, Limit: 1})
		if ferr != nil || len(hs) == 0 {
			return nil, err
		}
		h = hs[0]
	} else if err != nil {
		return nil, err
	} else {
		b.record(ctx, c, &loket.Event{Type: loket.EventHandoff, Query: h.Question,
			Data: map[string]string{"handoff": strconv.FormatInt(h.ID, 10), "reason": reason}})
	}
	c.rec.HandoffID = h.ID
	b.outcome(ctx, c, loket.OutcomeHandedOff)
	return h, nil
}

// closed offers a callback or a text message to a caller who needs a person
// when nobody can answer: outside opening hours, or the queue is closed or
// full.
func (b *Bot) closed(ctx context.Context, c *call) *Reply {
	c.st.Step = stepClosed
	c.st.Misses, c.st.Silences = 0, 0
	now := b.opts.Now()
	hours := b.opts.Library.Site().Hours
	if c.st.Busy || b.opts.QueueClosed && hours.Open(now) {
		c.say(b.t(c, "closed.busy"))
	} else {
		c.say(b.t(c, "closed"))
		if next := hours.NextOpen(now); !next.IsZero() {
			c.say(b.t(c, "closed.next", b.messages.For(c.rec.Locale).When(now, next)))
		}
	}
	return b.closedReply(c)
}

func (b *Bot) closedReply(c *call) *Reply {
	if knownNumber(c.rec.From) {
		c.say(b.t(c, "closed.callback"))
	}
	if b.canText(c) {
		c.say(b.t(c, "closed.text"))
	}
	c.say(b.t(c, "closed.hangup"))
	return &Reply{Say: c.out, Listen: &Listen{Speech: true, Keys: true, Digits: 1, Language: c.st.Lang,
		Hints: b.yesNoHints(c), Timeout: 5 * time.Second}}
}

// closedMenu handles the choice between a callback and a text message.
func (b *Bot) closedMenu(ctx context.Context, c *call, in Input) (*Reply, error) {
	reason := loket.ReasonAfterHours
	if c.st.Busy || b.opts.QueueClosed {
		reason = c.st.Reason
	}
	choice := ""
	switch {
	case in.silent():
		choice = "silence"
	case in.Digits != "":
		choice = map[string]string{"1": "callback", "2": "text"}[first(in.Digits)]
	case wantsCallback(in.Speech) || loket.SaysYes(in.Speech):
		choice = "callback"
	case wantsText(in.Speech):
		choice = "text"
	}
	if choice == "callback" && !knownNumber(c.rec.From) || choice == "text" && !b.canText(c) {
		choice = ""
	}
	switch choice {
	case "callback":
		c.st.Callback = true
		if _, err := b.makeHandoff(ctx, c, reason, b.t(c, "note.callback")); err != nil {
			return nil, err
		}
		c.say(b.t(c, "callback.closed"))
	case "text":
		article := ""
		if len(c.st.Offered) > 0 {
			article = c.st.Offered[len(c.st.Offered)-1].ArticleID
		}
		b.sendLink(ctx, c, article)
		if _, err := b.makeHandoff(ctx, c, reason, b.t(c, "note.nocallback")); err != nil {
			return nil, err
		}
		c.say(b.t(c, "goodbye"))
	default:
		c.st.Misses++
		if c.st.Misses < 2 {
			if choice == "silence" {
				c.say(b.t(c, "silence"))
			} else {
				c.say(b.t(c, "missed"))
			}
			return b.closedReply(c), nil
		}
		c.say(b.t(c, "goodbye"))
		if c.rec.Outcome == loket.OutcomeOpen {
			b.outcome(ctx, c, loket.OutcomeAbandoned)
		}
	}
	c.st.Step = stepDone
	return &Reply{Say: c.out, Hangup: true}, nil
}

// canText reports whether the caller can get a link by text message.
func (b *Bot) canText(c *call) bool {
	return b.opts.Texts != nil && b.opts.Links != nil && b.opts.PublicURL != "" && mobileNumber(c.rec.From)
}

// sendLink texts the caller a short link to an article, or to the help
// site's home without one, and says whether it was sent.
func (b *Bot) sendLink(ctx context.Context, c *call, articleID string) {
	site := b.opts.Library.Site()
	title, url := site.Name, b.opts.PublicURL+"/"+string(c.rec.Locale)
	if articleID != "" {
		if a, err := b.opts.Library.Article(c.rec.Locale, articleID); err == nil {
			l := &loket.ShortLink{Locale: c.rec.Locale, ArticleID: a.ID, HandoffID: c.rec.HandoffID}
			if err := b.opts.Links.CreateShortLink(ctx, l); err != nil {
				b.opts.Logger.Error("short link", "err", err)
				url = b.opts.PublicURL + a.URL
			} else {
				url = b.opts.PublicURL + "/l/" + l.Code
			}
			title = a.Title
		}
	}
	err := b.opts.Texts.SendText(ctx, c.rec.To, c.rec.From, b.t(c, "text.body", site.Name, title, url))
	if err != nil {
		b.opts.Logger.Error("send text message", "call", c.rec.ID, "err", err)
		c.say(b.t(c, "text.failed"))
		return
	}
	c.st.Texted = true
	b.note(ctx, c, b.t(c, "note.text", title))
	c.say(b.t(c, "text.sent"))
}

// tokens returns the answer engine's token function for a streaming turn:
// it gathers text into sentences and streams each, made speakable, until
// the spoken answer is long enough. Nil for a turn that does not stream.
func (b *Bot) tokens(c *call) func(string) {
	if c.stream == nil {
		return nil
	}
	var pending strings.Builder
	return func(tok string) {
		pending.WriteString(tok)
		text := pending.String()
		end := -1
		for _, loc := range sentence.FindAllStringIndex(text, -1) {
			end = loc[0] + 1
		}
		if end < 0 {
			return
		}
		pending.Reset()
		pending.WriteString(text[end:])
		s := speakable(text[:end], maxSpoken)
		if s == "" || len(c.streamed)+len(s) > maxSpoken {
			return
		}
		if c.streamed != "" {
			s = " " + s
		}
		c.streamed += s
		c.stream(Speech{Text: strings.TrimSpace(s), Language: c.st.Lang, Voice: c.st.Voice})
	}
}

// sayAnswer says the answer, less what was already streamed. When the
// engine replaced a streamed answer (the model failed half-way), the whole
// final answer follows.
func (b *Bot) sayAnswer(c *call, text string) {
	if c.streamed == "" {
		c.say(text)
		return
	}
	c.out = append(c.out, Speech{Text: c.streamed, Language: c.st.Lang, Voice: c.st.Voice, Streamed: true})
	if rest, ok := strings.CutPrefix(text, c.streamed); ok {
		c.say(strings.TrimSpace(rest))
		return
	}
	c.say(text)
}
