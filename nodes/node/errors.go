package node

import (
	"errors"
	"fmt"
)

// Maelstrom's error codes (0–999 are reserved for Maelstrom; 1000 and up are
// free for programs). Definite codes mean the operation certainly did not
// happen; the others leave its outcome unknown.
const (
	Timeout                = 0  // indefinite
	NodeNotFound           = 1  // definite
	NotSupported           = 10 // definite
	TemporarilyUnavailable = 11 // definite
	MalformedRequest       = 12 // definite
	Crash                  = 13 // indefinite
	Abort                  = 14 // definite
	KeyDoesNotExist        = 20 // definite
	KeyAlreadyExists       = 21 // definite
	PreconditionFailed     = 22 // definite
	TxnConflict            = 30 // definite
)

var codeNames = map[int]string{
	Timeout: "timeout", NodeNotFound: "node-not-found", NotSupported: "not-supported",
	TemporarilyUnavailable: "temporarily-unavailable", MalformedRequest: "malformed-request",
	Crash: "crash", Abort: "abort", KeyDoesNotExist: "key-does-not-exist",
	KeyAlreadyExists: "key-already-exists", PreconditionFailed: "precondition-failed",
	TxnConflict: "txn-conflict",
}

// CodeName is Maelstrom's name for an error code ("unknown" for codes it
// does not define).
func CodeName(code int) string {
	if name, ok := codeNames[code]; ok {
		return name
	}
	return "unknown"
}

// Definite reports whether an error code means the operation certainly did
// not take effect. Unknown and custom codes are indefinite.
func Definite(code int) bool {
	switch code {
	case NodeNotFound, NotSupported, TemporarilyUnavailable, MalformedRequest,
		Abort, KeyDoesNotExist, KeyAlreadyExists, PreconditionFailed, TxnConflict:
		return true
	}
	return false
}

// Error is a Maelstrom error: a code and optional text. A handler that
// returns an *Error replies with it; any other error becomes code 13 (crash).
// An RPC callback receives an *Error when the reply was an error body, and
// one with code Timeout when no reply came in time.
type Error struct {
	Code int    `json:"code"`
	Text string `json:"text,omitempty"`
}

// Errorf returns an *Error with the given code and formatted text.
func Errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Text: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	if e.Text == "" {
		return fmt.Sprintf("error %d (%s)", e.Code, CodeName(e.Code))
	}
	return fmt.Sprintf("error %d (%s): %s", e.Code, CodeName(e.Code), e.Text)
}

// ErrorCode returns the Maelstrom code of err: its own if it is (or wraps) an
// *Error, Crash otherwise, and -1 for nil.
func ErrorCode(err error) int {
	if err == nil {
		return -1
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Crash
}
