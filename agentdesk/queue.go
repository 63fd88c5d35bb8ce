package agentdesk

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// queueRoutes adds the queue: the panel's home page.
func (d *Desk) queueRoutes(g *gin.RouterGroup) {
	g.GET("/", d.home)
}

type homeView struct {
	Page
}

func (d *Desk) home(c *gin.Context) {
	d.view(c, http.StatusOK, "home", homeView{Page: d.page(c, "agent.home.title")})
}
