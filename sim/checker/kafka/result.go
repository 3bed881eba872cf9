package kafka

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

// MaxErrs is how many cases of each error type a result lists; Count says
// how many there were.
const MaxErrs = 32

// allowed are the error types that do not make a history invalid, in
// Maelstrom's configuration of Jepsen's checker.
var allowed = map[string]bool{
	"int-send-skip": true,
	"G0":            true, "G0-process": true, "G0-realtime": true,
	"PL-1-cycle-exists": true, "strong-PL-1-cycle-exists": true,
}

// Result is the kafka checker's report. Its JSON has Jepsen's keys:
// "valid?", "error-types", "bad-error-types", "info-txn-causes",
// "worst-realtime-lag", and one key per error type found.
type Result struct {
	// Valid is false if an error of a type not allowed was found; else
	// unknown if some operations could not be read (see Malformed); else
	// true.
	Valid checker.Validity
	// ErrorTypes are the types of the errors found, sorted;
	// BadErrorTypes those of them that are not allowed.
	ErrorTypes, BadErrorTypes []string
	// Errors holds, by type, the errors found, but for unseen.
	Errors map[string]Errors
	// Unseen, if any message was, describes them.
	Unseen *Unseen
	// InfoTxnCauses are the distinct errors of sends and polls whose
	// outcome is unknown, in order of appearance.
	InfoTxnCauses [][]string
	// WorstRealtimeLag is the poll that lagged most behind a key's log.
	WorstRealtimeLag Lag
	// Malformed counts operations whose value the checker could not read
	// and left out; Error describes the first.
	Malformed int
	Error     string
}

// Errors are the cases of one error type.
type Errors struct {
	Count int     `json:"count"`
	Errs  []Error `json:"errs"`
}

// Error is one case of an error. Which fields it has depends on its type,
// as in Jepsen: Values are two messages in the order they were seen, Delta
// how far the second is from the first in the key's version order (1
// means adjacent), Skipped what lies between, Index a position in the
// version order. Ops are the operations involved, as completed.
type Error struct {
	Key          json.RawMessage   `json:"key"`
	Value        json.RawMessage   `json:"value,omitempty"`
	Values       []json.RawMessage `json:"values,omitempty"`
	Offset       *int64            `json:"offset,omitempty"`
	Offsets      []int64           `json:"offsets,omitempty"`
	Index        *int              `json:"index,omitempty"`
	MaxReadIndex *int              `json:"max-read-index,omitempty"`
	Delta        *int              `json:"delta,omitempty"`
	Skipped      []json.RawMessage `json:"skipped,omitempty"`
	Count        int               `json:"count,omitempty"`
	Writer       *history.Op       `json:"writer,omitempty"`
	Reader       *history.Op       `json:"reader,omitempty"`
	MaxRead      *history.Op       `json:"max-read,omitempty"`
	Op           *history.Op       `json:"op,omitempty"`
	Ops          []*history.Op     `json:"ops,omitempty"`
}

// Unseen is Jepsen's unseen report: as of the last ok send or poll (Time,
// in nanoseconds), how many acknowledged messages of each key no ok poll
// returned, and the first MaxErrs of them, sorted.
type Unseen struct {
	Time     int64                        `json:"time"`
	Unseen   map[string]int               `json:"unseen"`
	Messages map[string][]json.RawMessage `json:"messages"`
}

// Lag is a poll's realtime lag on a key: how long before the poll began
// (Time, in seconds since the start) the key's log had already moved past
// the offset the poll's process had read up to.
type Lag struct {
	Time    float64         `json:"time"`
	Process *int            `json:"process,omitempty"`
	Key     json.RawMessage `json:"key,omitempty"`
	Lag     float64         `json:"lag"` // seconds
}

// Verdict is the result's validity.
func (r Result) Verdict() checker.Validity { return r.Valid }

// MarshalJSON writes Jepsen's keys, each error type at the top level.
func (r Result) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"valid?":             r.Valid,
		"error-types":        nonNil(r.ErrorTypes),
		"bad-error-types":    nonNil(r.BadErrorTypes),
		"info-txn-causes":    nonNil(r.InfoTxnCauses),
		"worst-realtime-lag": r.WorstRealtimeLag,
	}
	for t, e := range r.Errors {
		m[t] = e
	}
	if r.Unseen != nil {
		m["unseen"] = r.Unseen
	}
	if r.Malformed > 0 {
		m["malformed-count"], m["error"] = r.Malformed, r.Error
	}
	return json.Marshal(m)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var _ checker.Result = Result{}

// result sorts each type's errors, worst first, and trims them.
func (a *analysis) result() Result {
	r := Result{Errors: map[string]Errors{}, Unseen: a.unseen, InfoTxnCauses: a.infoCauses(),
		WorstRealtimeLag: a.worstLag(), Malformed: a.malformed, Error: a.firstMalformed}
	for t, errs := range a.errs {
		switch t {
		case "poll-skip", "int-poll-skip", "int-send-skip":
			slices.SortStableFunc(errs, func(x, y Error) int { return cmp.Compare(*y.Delta, *x.Delta) })
		case "nonmonotonic-poll", "int-nonmonotonic-poll", "nonmonotonic-send", "int-nonmonotonic-send":
			slices.SortStableFunc(errs, func(x, y Error) int { return cmp.Compare(*x.Delta, *y.Delta) })
		case "duplicate":
			slices.SortStableFunc(errs, func(x, y Error) int { return cmp.Compare(y.Count, x.Count) })
		case "inconsistent-offsets":
			slices.SortStableFunc(errs, func(x, y Error) int { return cmp.Compare(len(y.Values), len(x.Values)) })
		}
		r.Errors[t] = Errors{Count: len(errs), Errs: errs[:min(len(errs), MaxErrs)]}
		r.ErrorTypes = append(r.ErrorTypes, t)
	}
	if r.Unseen != nil {
		r.ErrorTypes = append(r.ErrorTypes, "unseen")
	}
	slices.Sort(r.ErrorTypes)
	for _, t := range r.ErrorTypes {
		if !allowed[t] {
			r.BadErrorTypes = append(r.BadErrorTypes, t)
		}
	}
	switch {
	case len(r.BadErrorTypes) > 0:
		r.Valid = checker.Invalid
	case r.Malformed > 0:
		r.Valid = checker.Unknown
	}
	return r
}

func (a *analysis) add(typ string, e Error) { a.errs[typ] = append(a.errs[typ], e) }

func (a *analysis) texts(vals []int32) []json.RawMessage {
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		out[i] = a.vals.text[v]
	}
	return out
}

func ptr[T any](v T) *T { return &v }
