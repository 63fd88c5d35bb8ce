package voicebot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/loket/loket"
)

// phoneGuides are the guided flows of a locale marked for the phone, in the
// knowledge base's order: keys 1 to 8 start them.
func (b *Bot) phoneGuides(locale loket.Locale) []*loket.Guide {
	var out []*loket.Guide
	for _, g := range b.opts.Library.Guides(locale) {
		if g.Phone {
			out = append(out, g)
			if len(out) == 8 {
				break
			}
		}
	}
	return out
}

func (b *Bot) startGuide(ctx context.Context, c *call, g *loket.Guide) *Reply {
	c.st.Misses, c.st.Silences = 0, 0
	if c.st.Question == "" {
		c.st.Question = g.Title
	}
	c.st.Step, c.st.Guide, c.st.GuideStep, c.st.Path = stepGuide, g.ID, g.Start, []string{g.Start}
	c.say(b.t(c, "guide.start", g.Title))
	b.record(ctx, c, &loket.Event{Type: loket.EventView, ArticleID: g.ID})
	return b.stepReply(ctx, c, g, g.Step(g.Start))
}

// guideStep returns the call's guide and step, nil when the guide changed
// under the call.
func (b *Bot) guideStep(c *call) (*loket.Guide, *loket.Step) {
	g, err := b.opts.Library.Guide(c.rec.Locale, c.st.Guide)
	if err != nil || !g.Phone {
		return nil, nil
	}
	return g, g.Step(c.st.GuideStep)
}

// stepReply speaks a step with its choices, or its ending.
func (b *Bot) stepReply(ctx context.Context, c *call, g *loket.Guide, s *loket.Step) *Reply {
	c.say(speakable(strings.TrimSpace(s.Title+". "+s.Text), 2*maxSpoken))
	if s.Ending != nil {
		return b.ending(ctx, c, g, s)
	}
	hints := make([]string, 0, len(s.Choices))
	for i, ch := range s.Choices {
		c.say(b.t(c, "guide.choice", ch.Label, i+1))
		hints = append(hints, ch.Label)
	}
	return &Reply{Say: c.out, Listen: &Listen{Speech: true, Keys: true, Digits: 1, Language: c.st.Lang, Hints: hints, Timeout: 6 * time.Second}}
}

// ending closes a path through the guide: a resolved one speaks its article
// and asks whether that solved it; an escalating one goes to the team.
func (b *Bot) ending(ctx context.Context, c *call, g *loket.Guide, s *loket.Step) *Reply {
	if s.Ending.Kind == loket.EndEscalate {
		c.st.Team = s.Ending.Team
		reply, err := b.handoff(ctx, c, loket.ReasonEscalated)
		if err != nil {
			b.opts.Logger.Error("hand off from guide", "guide", g.ID, "err", err)
			c.say(b.t(c, "goodbye"))
			return &Reply{Say: c.out, Hangup: true}
		}
		return reply
	}
	if s.Ending.Article != "" {
		if a, err := b.opts.Library.Article(c.rec.Locale, s.Ending.Article); err == nil {
			c.say(b.summaryOrVoice(a))
			b.offer(c, a)
		}
	}
	c.st.Step = stepGuideEnd
	return b.confirmReply(c)
}

// guideTurn handles the caller's choice at a step.
func (b *Bot) guideTurn(ctx context.Context, c *call, in Input) (*Reply, error) {
	g, s := b.guideStep(c)
	if s == nil {
		// The guide was changed or removed while the caller was in it.
		c.st.Step = stepListen
		c.say(b.t(c, "guide.gone"))
		return b.askAgain(c), nil
	}
	again := func(c *call) *Reply { return b.stepReply(ctx, c, g, s) }
	choice := -1
	switch {
	case in.silent():
		return b.silence(ctx, c, again)
	case in.Digits == "0" || in.Digits != "" && first(in.Digits) == "0":
		return b.handoff(ctx, c, loket.ReasonAskedPerson)
	case in.Digits != "":
		if n, err := strconv.Atoi(first(in.Digits)); err == nil && n >= 1 && n <= len(s.Choices) {
			choice = n - 1
		}
	case b.unsure(in):
	case loket.AsksForPerson(in.Speech):
		return b.handoff(ctx, c, loket.ReasonAskedPerson)
	default:
		choice = matchChoice(in.Speech, s.Choices)
	}
	if choice < 0 {
		return b.miss(ctx, c, again)
	}
	c.st.Misses, c.st.Silences = 0, 0
	next := g.Step(s.Choices[choice].Next)
	if next == nil {
		return b.handoff(ctx, c, loket.ReasonNotAnswered)
	}
	c.st.GuideStep = next.ID
	c.st.Path = append(c.st.Path, next.ID)
	b.record(ctx, c, &loket.Event{Type: loket.EventGuide, ArticleID: g.ID,
		Data: map[string]string{"step": s.ID, "choice": s.Choices[choice].Label, "next": next.ID}})
	return b.stepReply(ctx, c, g, next), nil
}

// guideEnd handles "did that solve it?" after a guide's resolved ending.
func (b *Bot) guideEnd(ctx context.Context, c *call, in Input) (*Reply, error) {
	switch b.verdict(c, in) {
	case "yes":
		return b.helped(ctx, c), nil
	case "no":
		b.judge(ctx, c, false)
		return b.handoff(ctx, c, loket.ReasonNotHelped)
	case "person":
		return b.handoff(ctx, c, loket.ReasonAskedPerson)
	case "question":
		return b.answer(ctx, c, in.Speech)
	case "silence":
		return b.silence(ctx, c, b.confirmReply)
	}
	return b.miss(ctx, c, b.confirmReply)
}
