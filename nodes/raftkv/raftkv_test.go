package raftkv_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raftkv"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/network"
)

// linKV is the lin-kv run every test here starts from: five nodes, ten
// clients (lin-kv wants a multiple of 2 × nodes), 10 ms links, a minute.
func linKV(program node.Program, seed uint64) sim.Options {
	return sim.Options{Workload: "lin-kv", Node: program, Nodes: sim.NodeIDs(5), Concurrency: 10,
		TimeLimit: time.Minute, Rate: 100, Latency: 10 * time.Millisecond, Seed: seed}
}

func run(t testing.TB, o sim.Options) *sim.Result {
	t.Helper()
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	return res
}

func TestHealthyClusterServesEverything(t *testing.T) {
	res := run(t, linKV(raftkv.Program, 1))
	require.Equal(t, checker.Valid, res.Valid)
	for _, f := range []string{"read", "write", "cas"} {
		assert.Positive(t, res.Stats.ByF[f].OKCount, f)
	}
	// Only the first moments, before a leader is elected, and CASes whose
	// expected value was not there (error 22) fail.
	assert.Less(t, res.Stats.ByF["read"].FailCount, res.Stats.ByF["read"].Count/20)
	assert.Less(t, res.Stats.ByF["write"].FailCount, res.Stats.ByF["write"].Count/20)
	assert.Zero(t, res.Stats.InfoCount, "nothing times out on a healthy network")
}

// TestSurvivesEveryFault is the reference under every fault Eddy has at
// once, fast: partitions (both kinds), crashes, pauses and clock skew
// every second or so, with lost, duplicated and reordered messages.
// lin-kv has no final phase, so this is about safety; availability is
// logged.
func TestSurvivesEveryFault(t *testing.T) {
	seeds := uint64(10)
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		o := linKV(raftkv.Program, seed+1)
		o.Nemesis = []string{"partition", "one-way", "kill", "pause", "clock-skew"}
		o.NemesisInterval, o.Recovery = time.Second, 5*time.Second
		o.LatencyDist, o.Loss, o.Duplicate = network.Exponential, 0.05, 0.05
		res := run(t, o)
		assert.Equal(t, checker.Valid, res.Valid, "seed %d", seed+1)
		t.Logf("seed %d: ok fraction %.2f", seed+1, res.Availability.OKFraction)
	}
}

func TestSameSeedSameRun(t *testing.T) {
	o := linKV(raftkv.Program, 7)
	o.Nemesis, o.NemesisInterval = []string{"partition", "kill", "pause"}, time.Second
	o.LatencyDist, o.Duplicate = network.Exponential, 0.05
	assert.Equal(t, run(t, o).Sim.TraceHash, run(t, o).Sim.TraceHash)
}

// BenchmarkLinKV is the reference under partitions and crashes: five
// nodes, one simulated minute, a new seed per iteration, at Maelstrom's
// default rate (5 ops/s) and at the tests' 100 ops/s. ns/op is the wall
// time of one run.
func BenchmarkLinKV(b *testing.B) {
	for _, rate := range []float64{5, 100} {
		b.Run(fmt.Sprintf("rate=%v", rate), func(b *testing.B) {
			var simulated, ok float64
			for i := range b.N {
				o := linKV(raftkv.Program, uint64(i+1))
				o.Rate, o.Nemesis = rate, []string{"partition", "kill"}
				res := run(b, o)
				if res.Valid != checker.Valid {
					b.Fatalf("seed %d: %v", i+1, res.Valid)
				}
				simulated += res.Sim.SimulatedSeconds
				ok += res.Availability.OKFraction
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "seeds/s")
			b.ReportMetric(simulated/b.Elapsed().Seconds(), "sim-s/wall-s")
			b.ReportMetric(ok/float64(b.N), "ok-fraction")
		})
	}
}
