package agentdesk

import (
	"github.com/gin-gonic/gin"
)

// knowledgeRoutes adds search, articles, guides and drafts.
func (d *Desk) knowledgeRoutes(g *gin.RouterGroup) {}

// linkRoutes adds the short links customers open: /l/{code}.
func (d *Desk) linkRoutes(r gin.IRouter) {}
