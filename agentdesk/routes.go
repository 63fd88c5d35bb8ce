package agentdesk

import (
	"github.com/gin-gonic/gin"
)

// routes adds the panel's pages and API to g, whose requests all have a
// signed-in agent. The queue (queue.go: the live list of handoffs, a
// handoff's context, taking it, wrapping it up, flags) and the knowledge
// tools (knowledge.go: search, articles, guides, drafts, short links) add
// their own.
func (d *Desk) routes(g *gin.RouterGroup) {
	d.queueRoutes(g)
	d.knowledgeRoutes(g)
}

// publicRoutes adds the routes customers reach: short links.
func (d *Desk) publicRoutes(r gin.IRouter) {
	d.linkRoutes(r)
}
