package twiml

import "github.com/gin-gonic/gin"

// registerRelay adds the ConversationRelay webhooks.
func (h *Handler) registerRelay(g *gin.RouterGroup) {}
