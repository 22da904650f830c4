package dhakira

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes, in the manner of the standard library's sentinel errors but
// carried by one type so that every layer maps them the same way (a 404, an
// exit status, a JSON error).
const (
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
	ECONFLICT = "conflict"
	EINTERNAL = "internal"

	EUNAUTHORIZED = "unauthorized" // nobody is logged in
	EFORBIDDEN    = "forbidden"    // the user's role does not allow it
	ESTALE        = "stale"        // a write based on a revision that is no longer the current one
	ELIMIT        = "limit"        // too many attempts or requests
)

// Error is a domain error: a code the program can act on and a message a
// person can read.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var v ValidationError
	if errors.As(err, &v) {
		return EINVALID
	}
	return EINTERNAL
}

// FieldError says what is wrong with one field of a record.
type FieldError struct {
	Field   string // JSON path, e.g. "title" or "links[2].to"
	Message string
}

func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// ValidationError lists everything wrong with one record.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Fields returns the individual problems of err when it is a
// ValidationError, or err itself as one problem.
func Fields(err error) []FieldError {
	var v ValidationError
	if errors.As(err, &v) {
		return v
	}
	return []FieldError{{Message: err.Error()}}
}
