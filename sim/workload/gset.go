package workload

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var gsetSpec = Spec{
	Name:        "g-set",
	Description: "a grow-only set: clients add unique elements and read the set",
	New:         func(Options) (Workload, error) { return &gset{}, nil },
	HasFinal:    true,
	// Maelstrom maps no error here: every error or timeout is info.
	ErrorsIndefinite: true,
}

type gset struct{ next int }

func (g *gset) Generate(r *rand.Rand, _ int) Invocation {
	if r.IntN(2) == 0 {
		return readInvocation
	}
	v := g.next
	g.next++
	return Invocation{F: "add", Value: mustJSON(v)}
}

func (g *gset) Request(inv Invocation) ([]byte, error) {
	if inv.F == "read" {
		return []byte(`{"type":"read"}`), nil
	}
	return wire.Marshal(map[string]any{"type": "add", "element": inv.Value})
}

func (g *gset) Complete(inv Invocation, reply node.Message) (json.RawMessage, error) {
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

func (g *gset) Final(int) (Invocation, bool) { return readInvocation, true }

func (g *gset) Check(h history.History) checker.Result { return checker.SetFull(h, "add") }
