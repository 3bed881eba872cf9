package workload

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var echoSpec = Spec{
	Name:        "echo",
	Description: "clients send messages; nodes echo them back unchanged",
	New:         func(Options) (Workload, error) { return echo{}, nil },
}

type echo struct{}

// Generate: "Please echo N", N uniform in 0…127, as Maelstrom does.
func (echo) Generate(r *rand.Rand, _ int) Invocation {
	return Invocation{F: "echo", Value: mustJSON(fmt.Sprintf("Please echo %d", r.IntN(128)))}
}

func (echo) Request(inv Invocation) ([]byte, error) {
	return json.Marshal(struct {
		Type string          `json:"type"`
		Echo json.RawMessage `json:"echo"`
	}{"echo", inv.Value})
}

func (echo) Complete(_ Invocation, reply node.Message) (json.RawMessage, error) {
	f, err := replyFields(reply, "echo_ok", "echo")
	if err != nil {
		return nil, err
	}
	return f[0], nil
}

func (echo) Final(int) (Invocation, bool) { return Invocation{}, false }

func (echo) Check(h history.History) checker.Result { return checker.Echo(h) }
