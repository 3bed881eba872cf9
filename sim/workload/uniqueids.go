package workload

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var uniqueIDsSpec = Spec{
	Name:        "unique-ids",
	Description: "clients ask for ids; every id handed out must be unique, across crashes too",
	New:         func(Options) (Workload, error) { return uniqueIDs{}, nil },
	Reusable:    true,
}

type uniqueIDs struct{}

func (uniqueIDs) Generate(*rand.Rand, int) Invocation {
	return Invocation{F: "generate", Value: []byte("null")}
}

func (uniqueIDs) Request(Invocation) ([]byte, error) { return []byte(`{"type":"generate"}`), nil }

func (uniqueIDs) Complete(_ Invocation, reply node.Message) (json.RawMessage, error) {
	f, err := replyFields(reply, "generate_ok", "id")
	if err != nil {
		return nil, err
	}
	return f[0], nil
}

func (uniqueIDs) Final(int) (Invocation, bool) { return Invocation{}, false }

func (uniqueIDs) Check(h history.History) checker.Result { return checker.UniqueIDs(h) }
