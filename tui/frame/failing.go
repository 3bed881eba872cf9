package frame

import (
	"encoding/json"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/history"
)

// FailingOps reads a workload checker's report and returns the indexes of
// the operations it blames. Reports have no common shape, so this reads
// what the known ones say: elements listed as "lost" or "unexpected"
// (set-full) and ids "duplicated" (unique-ids) blame the operations with
// that value; entries of "errors" or "anomalies" (counter, echo, txn) blame
// the operation they name by "index". A valid report blames nothing.
func FailingOps(report json.RawMessage, h history.History) map[int]bool {
	var v any
	if wire.Unmarshal(report, &v) != nil {
		return nil
	}
	if r, ok := v.(map[string]any); ok && r["valid?"] == true {
		return nil
	}
	out := map[int]bool{}
	values := map[string]bool{}
	var indexes func(v any)
	indexes = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if i, ok := v["index"].(float64); ok {
				out[int(i)] = true
			}
			for _, e := range v {
				indexes(e)
			}
		case []any:
			for _, e := range v {
				indexes(e)
			}
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				switch k {
				case "lost", "unexpected":
					list, _ := e.([]any)
					for _, x := range list {
						if b, err := json.Marshal(x); err == nil {
							if c, err := wire.Canonical(b); err == nil {
								values[c] = true
							}
						}
					}
				case "duplicated":
					m, _ := e.(map[string]any)
					for id := range m {
						values[id] = true // keys are canonical already
					}
				case "errors", "anomalies":
					indexes(e)
				default:
					walk(e)
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	for _, op := range h {
		if c, err := wire.Canonical(op.Value); err == nil && values[c] {
			out[op.Index] = true
		}
	}
	return out
}
