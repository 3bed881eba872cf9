package txn_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/txn"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	txncheck "github.com/eddy-sim/eddy/sim/checker/txn"
)

// glomers is Gossip Glomers' challenge 6 run (spec §6.3): nodes nodes,
// 2n client threads, 1000 transactions a second, every one of which must
// succeed. Tests shorten the 20 s.
func glomers(workload string, program node.Program, nodes int, model string, seed uint64, nemesis ...string) sim.Options {
	return sim.Options{Workload: workload, Node: program, Nodes: sim.NodeIDs(nodes), TimeLimit: 20 * time.Second,
		Rate: 1000, Concurrency: 2 * nodes, ConsistencyModels: []string{model}, Availability: "total",
		Nemesis: nemesis, Seed: seed}
}

func run(t testing.TB, o sim.Options) (*sim.Result, txncheck.Result) {
	t.Helper()
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	require.Empty(t, res.Problems)
	return res, res.Workload.(txncheck.Result)
}

func TestGossipGlomers6a(t *testing.T) {
	res, elle := run(t, glomers("txn-rw-register", txn.Program, 1, "read-uncommitted", 1))
	assert.Equal(t, checker.Valid, res.Valid, "%+v", elle)
	assert.Greater(t, res.Stats.OKCount, 9000)

	// The same node, strictly serializable, on lists too.
	res, elle = run(t, glomers("txn-list-append", txn.Program, 1, "strict-serializable", 1))
	assert.Equal(t, checker.Valid, res.Valid, "%+v", elle)
}

func TestGossipGlomers6b6c(t *testing.T) {
	for _, model := range []string{"read-uncommitted", "read-committed"} {
		res, elle := run(t, glomers("txn-rw-register", txn.TotallyAvailable, 2, model, 1, "partition"))
		assert.Equal(t, checker.Valid, res.Valid, "%s: %+v", model, elle)
		assert.Equal(t, res.Stats.Count, res.Stats.OKCount, "%s: total availability", model)
	}
}

// Total availability costs serializability: stale reads make
// anti-dependency cycles, which read committed allows and serializability
// does not.
func TestTotallyAvailableIsNotSerializable(t *testing.T) {
	_, elle := run(t, glomers("txn-rw-register", txn.TotallyAvailable, 2, "serializable", 1, "partition"))
	assert.Equal(t, checker.Invalid, elle.Verdict())
	assert.Contains(t, elle.AnomalyTypes, "lost-update")
	assert.Contains(t, append(elle.Not, elle.AlsoNot...), "serializable", "%+v", elle.AnomalyTypes)
	for _, a := range elle.AnomalyTypes {
		assert.NotContains(t, []string{"G0", "G1a", "G1b", "G1c"}, a, "read committed holds")
	}
}

// faults is every fault Eddy has, often, on a lossy network with latency
// that reorders.
func faults(o sim.Options) sim.Options {
	o.Nodes, o.Concurrency = sim.NodeIDs(5), 10
	o.Rate, o.Availability = 500, ""
	o.Nemesis, o.NemesisInterval = []string{"partition", "one-way", "kill", "pause", "clock-skew"}, 2*time.Second
	o.Latency, o.LatencyDist, o.Loss, o.Duplicate = 10*time.Millisecond, "exponential", 0.05, 0.05
	return o
}

func seeds() uint64 {
	if testing.Short() {
		return 2
	}
	return 5
}

func TestPrimaryIsStrictSerializableUnderEveryFault(t *testing.T) {
	for _, workload := range []string{"txn-list-append", "txn-rw-register"} {
		for seed := range seeds() {
			res, elle := run(t, faults(glomers(workload, txn.Program, 5, "strict-serializable", seed)))
			assert.Equal(t, checker.Valid, elle.Verdict(), "%s seed %d: %+v", workload, seed, elle)
			// The price: clients cut off from the primary get no answer.
			assert.Less(t, res.Stats.OKCount, res.Stats.Count, "%s seed %d", workload, seed)
		}
	}
}

func TestTotallyAvailableIsReadCommittedUnderEveryFault(t *testing.T) {
	for seed := range seeds() {
		_, elle := run(t, faults(glomers("txn-rw-register", txn.TotallyAvailable, 5, "read-committed", seed)))
		assert.Equal(t, checker.Valid, elle.Verdict(), "seed %d: %+v", seed, elle)
	}
}

func TestUnknownConsistencyModelIsRefusedBeforeTheRun(t *testing.T) {
	o := glomers("txn-rw-register", txn.Program, 1, "read-comitted", 1)
	_, err := sim.Run(context.Background(), o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `--consistency-models: unknown consistency model "read-comitted"`)
}
