package agentdesk

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes adds the panel's pages and API to g, whose requests all have a
// signed-in agent.
func (d *Desk) routes(g *gin.RouterGroup) {
	g.GET("/", d.home)
}

type homeView struct {
	Page
}

func (d *Desk) home(c *gin.Context) {
	d.view(c, http.StatusOK, "home", homeView{Page: d.page(c, "agent.home.title")})
}
