package web

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/loket/loket"
)

// statuses maps each error code to its HTTP status. It is the only place
// where this translation happens.
var statuses = map[string]int{
	loket.ECONFLICT:     http.StatusConflict,
	loket.EINTERNAL:     http.StatusInternalServerError,
	loket.EINVALID:      http.StatusBadRequest,
	loket.ENOTFOUND:     http.StatusNotFound,
	loket.EUNAUTHORIZED: http.StatusUnauthorized,
	loket.EFORBIDDEN:    http.StatusForbidden,
	loket.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	loket.ERATELIMIT:    http.StatusTooManyRequests,
	loket.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// Status returns the HTTP status for an error.
func Status(err error) int {
	if s, ok := statuses[loket.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func errorBody(code, msg string) ErrorBody {
	var b ErrorBody
	b.Error.Code, b.Error.Message = code, msg
	return b
}

// Error answers a JSON API request with err: the status from the table, the
// code and the user-facing message. Internal errors are logged here, once,
// with the request; the client sees a generic message.
func Error(c *gin.Context, logger *slog.Logger, err error) {
	code := loket.ErrorCode(err)
	if code == loket.EINTERNAL {
		logger.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	c.AbortWithStatusJSON(Status(err), errorBody(code, loket.ErrorMessage(err)))
}
