package broadcast_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
)

// glomers is Gossip Glomers' efficiency run: 25 nodes, 20 s, 100 ops/s,
// 100 ms latency.
func glomers(program node.Program, seed uint64, nemesis ...string) sim.Options {
	return sim.Options{Workload: "broadcast", Node: program, Nodes: sim.NodeIDs(25), TimeLimit: 20 * time.Second,
		Rate: 100, Latency: 100 * time.Millisecond, Nemesis: nemesis, Seed: seed}
}

func run(t testing.TB, o sim.Options) (*sim.Result, checker.SetFullResult) {
	t.Helper()
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	return res, res.Workload.(checker.SetFullResult)
}

func TestGossipGlomers3d3e(t *testing.T) {
	for _, c := range []struct {
		name          string
		program       node.Program
		msgsPerOp     float64
		median, worst int64 // stable latency, ms
	}{
		{"3e", broadcast.Program, 20, 1000, 2000},
		{"3d", broadcast.Fast, 30, 400, 600},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, sf := run(t, glomers(c.program, 1))
			require.Equal(t, checker.Valid, res.Valid)
			t.Logf("servers msgs/op %.2f, stable latencies %v ms", *res.Net.Servers.MsgsPerOp, sf.StableLatencies)
			assert.Less(t, *res.Net.Servers.MsgsPerOp, c.msgsPerOp)
			assert.Less(t, sf.StableLatencies["0.5"], c.median)
			assert.Less(t, sf.StableLatencies["1"], c.worst)

			// The same node stays correct under partitions.
			res, _ = run(t, glomers(c.program, 1, "partition"))
			assert.Equal(t, checker.Valid, res.Valid)
		})
	}
}

func TestSurvivesEveryFault(t *testing.T) {
	seeds := 10
	if testing.Short() {
		seeds = 3
	}
	for seed := range uint64(seeds) {
		res, sf := run(t, sim.Options{Workload: "broadcast", Node: broadcast.Program, Nodes: sim.NodeIDs(5),
			TimeLimit: 30 * time.Second, Rate: 50, Latency: 20 * time.Millisecond, Loss: 0.1, Duplicate: 0.1,
			Nemesis: []string{"partition", "one-way", "kill", "pause", "clock-skew"}, NemesisInterval: 3 * time.Second, Seed: seed})
		assert.Equal(t, checker.Valid, res.Valid, "seed %d: lost %v", seed, sf.Lost)
	}
}

func TestNoRetryLosesValuesUnderPartition(t *testing.T) {
	_, sf := run(t, sim.Options{Workload: "broadcast", Node: broadcast.BugNoRetry, Nodes: sim.NodeIDs(5),
		TimeLimit: 30 * time.Second, Rate: 50, Latency: 20 * time.Millisecond, Nemesis: []string{"partition"}, Seed: 1})
	assert.Equal(t, checker.Invalid, sf.Verdict())
	assert.Positive(t, sf.LostCount)
}

func TestNoForwardIsInvalidOnFiveNodes(t *testing.T) {
	res, sf := run(t, sim.Options{Workload: "broadcast", Node: broadcast.BugNoForward, Nodes: sim.NodeIDs(5),
		TimeLimit: 10 * time.Second, Rate: 20, Seed: 1})
	assert.Equal(t, checker.Invalid, res.Valid)
	assert.Positive(t, sf.LostCount)
}

func TestFloodShowsInMsgsPerOp(t *testing.T) {
	ref, _ := run(t, glomers(broadcast.Program, 1))
	flood, _ := run(t, glomers(broadcast.BugFlood, 1))
	assert.Equal(t, checker.Valid, flood.Valid, "a flood is wasteful, not wrong")
	assert.Greater(t, *flood.Net.Servers.MsgsPerOp, 20**ref.Net.Servers.MsgsPerOp,
		"flood %.1f vs reference %.1f msgs/op", *flood.Net.Servers.MsgsPerOp, *ref.Net.Servers.MsgsPerOp)
}

// BenchmarkGlomers runs 3d and 3e in-process: how much faster than real
// time, and the grading figures.
func BenchmarkGlomers(b *testing.B) {
	for _, c := range []struct {
		name    string
		program node.Program
	}{{"3e", broadcast.Program}, {"3d", broadcast.Fast}} {
		b.Run(c.name, func(b *testing.B) {
			var simulated, wall time.Duration
			var res *sim.Result
			var sf checker.SetFullResult
			for i := range b.N {
				start := time.Now()
				res, sf = run(b, glomers(c.program, uint64(i+1)))
				wall += time.Since(start)
				simulated += time.Duration(res.Sim.SimulatedSeconds * float64(time.Second))
			}
			b.ReportMetric(simulated.Seconds()/wall.Seconds(), "sim-s/wall-s")
			b.ReportMetric(*res.Net.Servers.MsgsPerOp, "msgs/op")
			b.ReportMetric(float64(sf.StableLatencies["0.5"]), "p50-ms")
			b.ReportMetric(float64(sf.StableLatencies["1"]), "max-ms")
		})
	}
}

// BenchmarkThousandNodes is 1,000 nodes on tree4, 100 ops/s for 20 s.
func BenchmarkThousandNodes(b *testing.B) {
	for i := range b.N {
		res, _ := run(b, sim.Options{Workload: "broadcast", Node: broadcast.Program, Nodes: sim.NodeIDs(1000),
			Topology: "tree4", TimeLimit: 20 * time.Second, Rate: 100, Latency: 100 * time.Millisecond, Seed: uint64(i + 1)})
		if res.Valid != checker.Valid {
			b.Fatalf("invalid: %+v", res.Workload)
		}
		b.ReportMetric(*res.Net.Servers.MsgsPerOp, "msgs/op")
	}
}
