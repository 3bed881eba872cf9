package checker

import (
	"encoding/json"

	"github.com/eddy-sim/eddy/sim/history"
)

// MaxListedErrors is how many errors a report lists; it counts them all.
const MaxListedErrors = 16

// EchoError is one echo that did not come back as sent.
type EchoError struct {
	Index    int             `json:"index"` // the invocation's index
	Process  int             `json:"process"`
	Expected json.RawMessage `json:"expected"`
	// Got is the completion's value, for an ok completion.
	Got json.RawMessage `json:"got,omitempty"`
	// Error is the completion's error, for a fail completion.
	Error []string `json:"error,omitempty"`
}

// EchoResult is the echo workload checker's report.
type EchoResult struct {
	Valid      Validity    `json:"valid?"`
	Errors     []EchoError `json:"errors"` // the first MaxListedErrors
	ErrorCount int         `json:"error-count"`
}

// Verdict is invalid if any echo came back wrong or failed.
func (r EchoResult) Verdict() Validity { return r.Valid }

// Echo is Maelstrom's echo checker: for every invocation whose completion is
// not info, the completion's value must equal the invocation's value.
// Values are compared as decoded JSON (see canonical), not as bytes. A fail
// completion, a definite error reply, counts as a mismatch; info
// completions and invocations still open at the end are skipped.
func Echo(h history.History) EchoResult {
	r := EchoResult{Errors: []EchoError{}}
	for _, p := range h.Pairs() {
		c := p.Completion
		if p.Outcome() == history.Info {
			continue
		}
		if c.Type == history.OK && sameJSON(p.Invoke.Value, c.Value) {
			continue
		}
		r.ErrorCount++
		if len(r.Errors) == MaxListedErrors {
			continue
		}
		e := EchoError{Index: p.Invoke.Index, Process: p.Invoke.Process, Expected: displayable(p.Invoke.Value)}
		if c.Type == history.OK {
			e.Got = displayable(c.Value)
			if e.Got == nil {
				e.Got = json.RawMessage("null")
			}
		} else {
			e.Error = c.Error
			if e.Error == nil {
				e.Error = []string{string(c.Type)}
			}
		}
		r.Errors = append(r.Errors, e)
	}
	r.Valid = Of(r.ErrorCount == 0)
	return r
}

// sameJSON reports whether two values are the same JSON value; invalid JSON
// equals only the same bytes (up to surrounding space).
func sameJSON(a, b json.RawMessage) bool {
	ca, okA := canonical(a)
	cb, okB := canonical(b)
	return okA == okB && ca == cb
}
