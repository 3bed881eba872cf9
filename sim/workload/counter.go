package workload

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var gCounterSpec = Spec{
	Name:             "g-counter",
	Description:      "a grow-only counter: clients add deltas 0…4 and read the total",
	New:              func(Options) (Workload, error) { return counter{grow: true}, nil },
	HasFinal:         true,
	ErrorsIndefinite: true,
}

var pnCounterSpec = Spec{
	Name:             "pn-counter",
	Description:      "a counter: clients add deltas −5…4 and read the total",
	New:              func(Options) (Workload, error) { return counter{}, nil },
	HasFinal:         true,
	ErrorsIndefinite: true,
}

// counter is both counter workloads. As in Maelstrom, g-counter's stream is
// pn-counter's with the negative adds left out, so about two thirds of its
// operations are reads.
type counter struct{ grow bool }

func (c counter) Generate(r *rand.Rand, _ int) Invocation {
	for {
		if r.IntN(2) == 0 {
			return readInvocation
		}
		delta := r.IntN(10) - 5
		if c.grow && delta < 0 {
			continue
		}
		return Invocation{F: "add", Value: mustJSON(delta)}
	}
}

func (counter) Request(inv Invocation) ([]byte, error) {
	if inv.F == "read" {
		return []byte(`{"type":"read"}`), nil
	}
	return wire.Marshal(map[string]any{"type": "add", "delta": inv.Value})
}

func (counter) Complete(inv Invocation, reply node.Message) (json.RawMessage, error) {
	if inv.F == "read" {
		f, err := replyFields(reply, "read_ok", "value")
		if err != nil {
			return nil, err
		}
		return f[0], nil
	}
	_, err := replyFields(reply, "add_ok")
	return inv.Value, err
}

func (counter) Final(int) (Invocation, bool) { return readInvocation, true }

func (counter) Check(h history.History) checker.Result { return checker.Counter(h) }
