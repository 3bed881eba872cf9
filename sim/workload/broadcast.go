package workload

import (
	"math/rand/v2"

	"github.com/eddy-sim/eddy/internal/wire"
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
	readAdd
	topology map[string][]string
}

func newBroadcast(o Options) (Workload, error) {
	top, err := Topology(o.Topology, o.Nodes)
	if err != nil {
		return nil, err
	}
	return &broadcast{readAdd: readAdd{add: "broadcast", addKey: "message", readsKey: "messages"}, topology: top}, nil
}

// Setup sends each node the whole topology before any operation.
func (b *broadcast) Setup(string) []byte {
	body, _ := wire.Marshal(map[string]any{"type": "topology", "topology": b.topology})
	return body
}

// Generate: half broadcasts of 0, 1, 2, …, half reads.
func (b *broadcast) Generate(r *rand.Rand, _ int) Invocation { return b.uniqueAdd(r) }

func (b *broadcast) Check(h history.History) checker.Result { return checker.SetFull(h, "broadcast") }
