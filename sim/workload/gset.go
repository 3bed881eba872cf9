package workload

import (
	"math/rand/v2"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var gsetSpec = Spec{
	Name:        "g-set",
	Description: "a grow-only set: clients add unique elements and read the set",
	New: func(Options) (Workload, error) {
		return &gset{readAdd: readAdd{add: "add", addKey: "element", readsKey: "value"}}, nil
	},
	HasFinal: true,
	// Maelstrom maps no error here: every error or timeout is info.
	ErrorsIndefinite: true,
}

type gset struct{ readAdd }

func (g *gset) Generate(r *rand.Rand, _ int) Invocation { return g.uniqueAdd(r) }

func (g *gset) Check(h history.History) checker.Result { return checker.SetFull(h, "add") }
