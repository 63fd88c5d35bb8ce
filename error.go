package loket

import (
	"errors"
	"fmt"
)

// Error codes. Every method in this package's interfaces documents which of
// these it returns; the web package maps each to one HTTP status.
const (
	ECONFLICT     = "conflict"     // the action conflicts with current state
	EINTERNAL     = "internal"     // a bug or an unexpected failure
	EINVALID      = "invalid"      // the input is malformed or out of range
	ENOTFOUND     = "not_found"    // the entity does not exist or is not visible
	EUNAUTHORIZED = "unauthorized" // the caller is not signed in
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	ETOOLARGE     = "too_large"    // the input exceeds a size limit
	ERATELIMIT    = "rate_limited" // the caller sent too many requests
	EUNAVAILABLE  = "unavailable"  // a dependency is down or not ready
)

// Error is a domain error: a code for programs and a message for people.
// The message is safe to show to a user; wrapped causes are not.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("loket: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic message for any other error, so that internal details
// never reach a user.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "Internal error."
}
