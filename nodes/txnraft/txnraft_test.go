package txnraft_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/raft/rsm"
	"github.com/eddy-sim/eddy/nodes/txn"
	"github.com/eddy-sim/eddy/nodes/txnraft"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	txncheck "github.com/eddy-sim/eddy/sim/checker/txn"
)

var _ rsm.StateMachine = txn.NewMachine()

func run(t *testing.T, o sim.Options) (*sim.Result, txncheck.Result) {
	t.Helper()
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	require.Empty(t, res.Problems)
	return res, res.Workload.(txncheck.Result)
}

// Strictly serializable through partitions, crashes and pauses, on a
// lossy, duplicating network.
func TestStrictSerializableUnderFaults(t *testing.T) {
	seeds := uint64(5)
	if testing.Short() {
		seeds = 2
	}
	for _, workload := range []string{"txn-list-append", "txn-rw-register"} {
		for seed := range seeds {
			res, elle := run(t, sim.Options{Workload: workload, Node: txnraft.Program, Nodes: sim.NodeIDs(5),
				TimeLimit: 30 * time.Second, Rate: 200, Concurrency: 10, Latency: 10 * time.Millisecond,
				LatencyDist: "exponential", Loss: 0.05, Duplicate: 0.05,
				Nemesis: []string{"partition", "kill", "pause"}, NemesisInterval: 5 * time.Second, Seed: seed})
			assert.Equal(t, checker.Valid, elle.Verdict(), "%s seed %d: %+v", workload, seed, elle)
			assert.Positive(t, res.Stats.OKCount, "%s seed %d", workload, seed)
		}
	}
}

// Gossip Glomers 6a's settings, strictly serializable, on one node: a
// cluster of one elects itself, after a first election timeout during
// which transactions fail (so --availability total does not hold).
func TestSingleNode(t *testing.T) {
	res, elle := run(t, sim.Options{Workload: "txn-rw-register", Node: txnraft.Program, Nodes: sim.NodeIDs(1),
		TimeLimit: 20 * time.Second, Rate: 1000, Concurrency: 2, Seed: 1})
	assert.Equal(t, checker.Valid, elle.Verdict(), "%+v", elle)
	assert.Greater(t, res.Stats.OKCount, res.Stats.Count*9/10, "after the first election, everything succeeds")
}
