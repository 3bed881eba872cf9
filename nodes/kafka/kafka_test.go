package kafka_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/kafka"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	kafkachecker "github.com/eddy-sim/eddy/sim/checker/kafka"
	"github.com/eddy-sim/eddy/sim/history"
)

// glomers is Gossip Glomers' 5a (one node) and 5b (two) run:
// --concurrency 2n --time-limit 20 --rate 1000.
func glomers(program node.Program, nodes int, seed uint64, nemesis ...string) sim.Options {
	return sim.Options{Workload: "kafka", Node: program, Nodes: sim.NodeIDs(nodes), Concurrency: 2 * nodes,
		TimeLimit: 20 * time.Second, Rate: 1000, Nemesis: nemesis, Seed: seed}
}

func run(t testing.TB, o sim.Options) (*sim.Result, kafkachecker.Result) {
	t.Helper()
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	return res, res.Workload.(kafkachecker.Result)
}

// latencies are the median and worst latencies of the ok operations of f.
func latencies(h history.History, f string) (median, worst time.Duration) {
	var ls []time.Duration
	for _, p := range h.Pairs() {
		if p.Invoke.F == f && p.Outcome() == history.OK {
			ls = append(ls, p.Completion.Time-p.Invoke.Time)
		}
	}
	if len(ls) == 0 {
		return 0, 0
	}
	slices.Sort(ls)
	return ls[len(ls)/2], ls[len(ls)-1]
}

func TestGossipGlomers5a5b(t *testing.T) {
	for _, c := range []struct {
		name  string
		nodes int
	}{{"5a", 1}, {"5b", 2}} {
		t.Run(c.name, func(t *testing.T) {
			for _, latency := range []time.Duration{0, 10 * time.Millisecond} {
				o := glomers(kafka.Program, c.nodes, 1)
				o.Latency = latency
				res, kr := run(t, o)
				require.Equal(t, checker.Valid, res.Valid, "%v", kr.BadErrorTypes)
				assert.Greater(t, res.Stats.OKCount, 1000)
				sendMedian, sendWorst := latencies(res.History, "send")
				pollMedian, pollWorst := latencies(res.History, "poll")
				t.Logf("latency %v: %d ops, servers msgs/op %.2f, send median %v max %v, poll median %v max %v, %.2f s wall",
					latency, res.Stats.Count, *res.Net.Servers.MsgsPerOp, sendMedian, sendWorst, pollMedian, pollWorst, res.Sim.WallSeconds)
			}
		})
	}
}

func TestSurvivesPartitionsAndKills(t *testing.T) {
	seeds := 5
	if testing.Short() {
		seeds = 2
	}
	for seed := range uint64(seeds) {
		o := glomers(kafka.Program, 3, seed, "partition", "kill", "pause")
		o.Rate, o.Latency, o.NemesisInterval = 200, 10*time.Millisecond, 3*time.Second
		res, kr := run(t, o)
		assert.Equal(t, checker.Valid, res.Valid, "seed %d: %v", seed, kr.BadErrorTypes)
		assert.Positive(t, res.Stats.InfoCount, "seed %d: faults made some operations indefinite", seed)
	}
}

// Writing the log instead of swapping it loses messages to concurrent
// appends and hands their offsets out again.
func TestBlindWriteIsCaught(t *testing.T) {
	res, kr := run(t, glomers(kafka.BugBlindWrite, 2, 1))
	assert.Equal(t, checker.Invalid, res.Valid)
	assert.Subset(t, kr.BadErrorTypes, []string{"inconsistent-offsets", "lost-write", "unseen"})

	// On one node, a restart's empty cache does the same.
	o := glomers(kafka.BugBlindWrite, 1, 1, "kill")
	o.Rate, o.NemesisInterval = 100, 2*time.Second
	res, _ = run(t, o)
	assert.Equal(t, checker.Invalid, res.Valid)
}
