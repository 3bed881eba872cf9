package workload

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var broadcastSpec = Spec{
	Name:        "broadcast",
	Description: "clients broadcast unique values and read them back; every node must end up with every value",
	New:         newBroadcast,
	Idempotent:  map[string]bool{"read": true},
	HasFinal:    true,
}

type broadcast struct {
	topology map[string][]string
	next     int // the next value to broadcast: 0, 1, 2, … across the run
}

func newBroadcast(o Options) (Workload, error) {
	top, err := Topology(o.Topology, o.Nodes)
	if err != nil {
		return nil, err
	}
	return &broadcast{topology: top}, nil
}

// Setup sends each node the whole topology before any operation.
func (b *broadcast) Setup(string) []byte {
	body, _ := wire.Marshal(map[string]any{"type": "topology", "topology": b.topology})
	return body
}

// Generate: half broadcasts of 0, 1, 2, …, half reads.
func (b *broadcast) Generate(r *rand.Rand, _ int) Invocation {
	if r.IntN(2) == 0 {
		return readInvocation
	}
	v := b.next
	b.next++
	return Invocation{F: "broadcast", Value: mustJSON(v)}
}

var readInvocation = Invocation{F: "read", Value: json.RawMessage("null")}

func (b *broadcast) Request(inv Invocation) ([]byte, error) {
	if inv.F == "read" {
		return []byte(`{"type":"read"}`), nil
	}
	return wire.Marshal(map[string]any{"type": "broadcast", "message": inv.Value})
}

func (b *broadcast) Complete(inv Invocation, reply node.Message) (json.RawMessage, error) {
	if inv.F == "read" {
		f, err := replyFields(reply, "read_ok", "messages")
		if err != nil {
			return nil, err
		}
		return f[0], nil
	}
	_, err := replyFields(reply, "broadcast_ok")
	return inv.Value, err
}

func (b *broadcast) Final(int) (Invocation, bool) { return readInvocation, true }

func (b *broadcast) Check(h history.History) checker.Result { return checker.SetFull(h, "broadcast") }
