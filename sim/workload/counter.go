package workload

import (
	"math/rand/v2"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

var gCounterSpec = Spec{
	Name:             "g-counter",
	Description:      "a grow-only counter: clients add deltas 0…4 and read the total",
	New:              func(Options) (Workload, error) { return counter{readAdd: counterShape, grow: true}, nil },
	HasFinal:         true,
	ErrorsIndefinite: true,
}

var pnCounterSpec = Spec{
	Name:             "pn-counter",
	Description:      "a counter: clients add deltas −5…4 and read the total",
	New:              func(Options) (Workload, error) { return counter{readAdd: counterShape}, nil },
	HasFinal:         true,
	ErrorsIndefinite: true,
}

var counterShape = readAdd{add: "add", addKey: "delta", readsKey: "value"}

// counter is both counter workloads. As in Maelstrom, g-counter's stream is
// pn-counter's with the negative adds left out, so about two thirds of its
// operations are reads.
type counter struct {
	readAdd
	grow bool
}

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

func (counter) Check(h history.History) checker.Result { return checker.Counter(h) }
