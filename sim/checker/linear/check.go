package linear

import (
	"encoding/json"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

// DefaultTimeout is how long the search of one key may take by default.
const DefaultTimeout = 10 * time.Second

// MaxPictures is how many invalid keys are explained and drawn; the rest
// are only listed.
const MaxPictures = 8

// Options configures a check.
type Options struct {
	// Timeout bounds the search of each key, in wall-clock time; a key
	// whose search does not finish is unknown. 0 means DefaultTimeout.
	Timeout time.Duration
}

// Result is the report of Jepsen independent's checker around a
// linearizability checker, as Maelstrom writes it for lin-kv, plus the
// key-count and unknown keys.
type Result struct {
	// Valid is invalid if any key is, else unknown if any key is (or the
	// history could not be read: see Error).
	Valid    checker.Validity `json:"valid?"`
	KeyCount int              `json:"key-count"`
	// Failures are the invalid keys and Unknown those whose search timed
	// out, in key order.
	Failures []json.RawMessage `json:"failures"`
	Unknown  []json.RawMessage `json:"unknown"`
	// Results has every key's result, by the key's JSON text.
	Results map[string]KeyResult `json:"results"`
	// Error says why the history could not be checked at all.
	Error string `json:"error,omitempty"`

	files map[string][]byte
}

// KeyResult is one key's verdict.
type KeyResult struct {
	Valid checker.Validity `json:"valid?"`
	// OpCount counts the operations checked: fails are left out. OpenCount
	// counts those among them whose outcome is unknown.
	OpCount   int `json:"op-count"`
	OpenCount int `json:"open-count"`
	*Stuck
}

// Stuck explains an invalid key: where the longest linearization porcupine
// found ends.
type Stuck struct {
	// Linearized is how many operations it orders, State the register's
	// value after them (JSON).
	Linearized int             `json:"linearized"`
	State      json.RawMessage `json:"state"`
	// Op is the completion of the operation that cannot come next: of
	// those left out, the first to complete.
	Op history.Op `json:"op"`
	// Picture is porcupine's visualization of the key, in the run's
	// directory.
	Picture string `json:"picture"`
}

// Verdict is the result's validity.
func (r Result) Verdict() checker.Validity { return r.Valid }

// Artifacts returns the visualizations of the invalid keys explained.
func (r Result) Artifacts() map[string][]byte { return r.files }

var (
	_ checker.Result    = Result{}
	_ checker.Artifacts = Result{}
)

// Check checks that every key of a history of read, write and cas
// operations on [key, value] tuples is linearizable. See the package
// documentation for the model.
func Check(h history.History, opts Options) Result {
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	res := Result{Failures: []json.RawMessage{}, Unknown: []json.RawMessage{}, Results: map[string]KeyResult{}}
	keys, err := split(h)
	if err != nil {
		res.Valid, res.Error = checker.Unknown, err.Error()
		return res
	}
	res.KeyCount = len(keys)
	for _, k := range keys {
		kr := KeyResult{OpCount: len(k.ops), OpenCount: k.open}
		m := model(k.vals)
		switch porcupine.CheckOperationsTimeout(m, k.ops, timeout) {
		case porcupine.Ok:
			kr.Valid = checker.Valid
		case porcupine.Unknown:
			kr.Valid = checker.Unknown
			res.Unknown = append(res.Unknown, json.RawMessage(k.text))
		default:
			kr.Valid = checker.Invalid
			if len(res.Failures) < MaxPictures {
				kr.Stuck = res.explain(k, m, timeout)
			}
			res.Failures = append(res.Failures, json.RawMessage(k.text))
		}
		res.Results[k.text] = kr
		res.Valid = checker.Worst(res.Valid, kr.Valid)
	}
	return res
}
