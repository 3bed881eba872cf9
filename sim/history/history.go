package history

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
)

// Type is an operation's type.
type Type string

// The four operation types.
const (
	Invoke Type = "invoke"
	OK     Type = "ok"
	Fail   Type = "fail"
	Info   Type = "info"
)

// Op is one entry of a history: an invocation or a completion. A completion
// has the same Process and F as its invocation and follows it.
type Op struct {
	Index   int             `json:"index"`
	Time    time.Duration   `json:"time"` // since the start of the run, in nanoseconds
	Type    Type            `json:"type"`
	Process int             `json:"process"`
	F       string          `json:"f"`
	Value   json.RawMessage `json:"value"`
	Error   []string        `json:"error,omitempty"` // [name, text], Maelstrom's :error
	Final   bool            `json:"final?,omitempty"`
	Client  string          `json:"client,omitempty"` // the client id that ran it
	Node    string          `json:"node,omitempty"`   // the node it was sent to
}

// History is a run's operations in the order they happened.
type History []Op

// Pair is an invocation with its completion (nil while still open at the
// end of a run, which counts as info).
type Pair struct {
	Invoke     *Op
	Completion *Op
}

// Pairs matches each invocation with its completion, in invocation order.
func (h History) Pairs() []Pair {
	open := map[int]int{} // process → index into pairs
	var pairs []Pair
	for i := range h {
		op := &h[i]
		if op.Type == Invoke {
			open[op.Process] = len(pairs)
			pairs = append(pairs, Pair{Invoke: op})
			continue
		}
		if j, ok := open[op.Process]; ok {
			pairs[j].Completion = op
			delete(open, op.Process)
		}
	}
	return pairs
}

// Outcome is a pair's completion type, info for one that never completed.
func (p Pair) Outcome() Type {
	if p.Completion == nil {
		return Info
	}
	return p.Completion.Type
}

// AppendJSON appends op's JSON encoding, the same as encoding/json's but
// without reflection: a run records every operation twice (trace and
// history), and values such as broadcast reads grow large. Value must be
// valid JSON, which it is when it came from a workload or a checked reply.
func (op Op) AppendJSON(b []byte) []byte {
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, int64(op.Index), 10)
	b = append(b, `,"time":`...)
	b = strconv.AppendInt(b, int64(op.Time), 10)
	b = append(b, `,"type":`...)
	b = wire.AppendString(b, string(op.Type))
	b = append(b, `,"process":`...)
	b = strconv.AppendInt(b, int64(op.Process), 10)
	b = append(b, `,"f":`...)
	b = wire.AppendString(b, op.F)
	b = append(b, `,"value":`...)
	if len(op.Value) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, op.Value...)
	}
	if len(op.Error) > 0 {
		b = append(b, `,"error":[`...)
		for i, e := range op.Error {
			if i > 0 {
				b = append(b, ',')
			}
			b = wire.AppendString(b, e)
		}
		b = append(b, ']')
	}
	if op.Final {
		b = append(b, `,"final?":true`...)
	}
	if op.Client != "" {
		b = append(b, `,"client":`...)
		b = wire.AppendString(b, op.Client)
	}
	if op.Node != "" {
		b = append(b, `,"node":`...)
		b = wire.AppendString(b, op.Node)
	}
	return append(b, '}')
}
