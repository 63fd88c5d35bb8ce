package loket

import "html/template"

// Guide is a guided flow: a decision tree that walks a customer or an agent
// through a problem one step at a time. Every step is reachable from the
// first, every choice leads to a step, and every step can reach an ending.
type Guide struct {
	Meta
	Phone bool          // the flow may be walked on the phone
	Intro template.HTML // rendered text before the first step
	Text  string        // plain text of intro and steps, for indexing
	Start string        // ID of the first step
	Steps []*Step       // in the order written

	steps map[string]*Step
}

// Step returns the step with the given ID, or nil.
func (g *Guide) Step(id string) *Step {
	return g.steps[id]
}

// IndexSteps builds the lookup used by Step. Loaders call it once after
// filling Steps.
func (g *Guide) IndexSteps() {
	g.steps = make(map[string]*Step, len(g.Steps))
	for _, s := range g.Steps {
		g.steps[s.ID] = s
	}
}

// Step is one question or instruction in a guide. It has either choices or
// an ending.
type Step struct {
	ID      string
	Title   string
	HTML    template.HTML // rendered body, without the choices
	Text    string        // plain text of the body
	Choices []Choice
	Ending  *Ending
}

// Choice is one answer to a step, leading to the step with ID Next.
type Choice struct {
	Label string
	Next  string
}

// EndingKind says how a guide ends.
type EndingKind string

const (
	// EndResolved means the problem is solved, optionally with an article.
	EndResolved EndingKind = "resolved"
	// EndEscalate means a person must take over: the named team.
	EndEscalate EndingKind = "escalate"
)

// Ending closes a path through a guide.
type Ending struct {
	Kind    EndingKind
	Article string // resolved: the ID of the article that holds the answer, if any
	Team    string // escalate: the team that takes over
}
