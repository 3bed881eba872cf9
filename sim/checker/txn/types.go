package txn

import (
	"encoding/json"

	"github.com/eddy-sim/eddy/sim/history"
)

// Anomaly is one explained anomaly: a cycle of dependencies, or a single
// impossible observation. Which of the optional fields are set depends on
// the type; Explanation always is, and names transactions T1, T2, … as
// listed in Txns.
type Anomaly struct {
	Type        string `json:"type"`
	Explanation string `json:"explanation"`
	// Txns are the transactions involved, named T1, T2, … in the order
	// the explanation introduces them. For a cycle, T1 is the transaction
	// of the cycle that comes first in the history.
	Txns []Txn `json:"txns,omitempty"`
	// Steps is a cycle's edges, from T1 round to T1 again.
	Steps []Step `json:"steps,omitempty"`
	// Key is the key concerned, for anomalies about one key.
	Key json.RawMessage `json:"key,omitempty"`
	// Value is what was read (or, for lost-update, read by every
	// transaction listed).
	Value json.RawMessage `json:"value,omitempty"`
	// Expected is what an internal read should have observed; for a list
	// whose prefix is unknown it starts with "...".
	Expected json.RawMessage `json:"expected,omitempty"`
	// Element is the element (list-append) or value (rw-register) at fault.
	Element json.RawMessage `json:"element,omitempty"`
	// Values are versions: the two incompatible reads of incompatible-order,
	// the run of versions of dirty-update, the cycle of cyclic-versions.
	Values []json.RawMessage `json:"values,omitempty"`
	// Sources are the version-order inferences that made cyclic-versions.
	Sources []string `json:"sources,omitempty"`
}

// Txn identifies a transaction in an anomaly.
type Txn struct {
	Name    string       `json:"name"`    // T1, T2, …
	Index   int          `json:"index"`   // the completion's index (the invocation's if none)
	Process int          `json:"process"` //
	Type    history.Type `json:"type"`    // ok, info or fail
	// Value is the transaction as completed (as invoked, for info and
	// fail).
	Value json.RawMessage `json:"value"`
}

// Step is one edge of a cycle: From must precede To, for the reason given.
type Step struct {
	From        string `json:"from"` // a Txn's Name
	To          string `json:"to"`
	Kind        string `json:"kind"` // ww, wr, rw, process or realtime
	Explanation string `json:"explanation"`
}

// kind is a set of dependency kinds, as a bit mask.
type kind uint8

// Dependency kinds. ww, wr and rw are Adya's write, read and anti
// dependencies; process and realtime are session and real-time order.
const (
	ww kind = 1 << iota
	wr
	rw
	process
	realtime

	data    = ww | wr | rw
	variant = process | realtime
)

func (k kind) String() string {
	switch k {
	case ww:
		return "ww"
	case wr:
		return "wr"
	case rw:
		return "rw"
	case process:
		return "process"
	case realtime:
		return "realtime"
	}
	return "?"
}
