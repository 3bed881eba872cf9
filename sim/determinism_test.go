package sim

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/trace"
)

// everything is a run with every fault and every source of randomness on.
func everything(seed uint64) Options {
	return Options{
		Workload: "echo", Node: chatter, ProgramName: "chatter", Nodes: NodeIDs(5),
		TimeLimit: 5 * time.Second, Rate: 50, Latency: 20 * time.Millisecond, LatencyDist: network.Uniform,
		Loss: 0.05, Duplicate: 0.05, NemesisInterval: time.Second,
		Nemesis: []string{"partition", "one-way", "kill", "pause", "clock-skew"}, Seed: seed,
	}
}

func runTrace(t testing.TB, o Options) (*Result, []byte) {
	t.Helper()
	var buf bytes.Buffer
	o.Trace = &buf
	res, err := Run(context.Background(), o)
	require.NoError(t, err)
	return res, buf.Bytes()
}

func TestSameSeedSameTrace(t *testing.T) {
	seeds := 100
	if testing.Short() {
		seeds = 10
	}
	hashes := map[string]uint64{}
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		a, traceA := runTrace(t, everything(seed))
		b, traceB := runTrace(t, everything(seed))
		require.Equal(t, a.Sim.TraceHash, b.Sim.TraceHash, "seed %d replayed differently", seed)
		require.True(t, bytes.Equal(traceA, traceB), "seed %d: traces differ byte for byte", seed)
		prev, dup := hashes[a.Sim.TraceHash]
		require.False(t, dup, "seeds %d and %d gave the same trace", prev, seed)
		hashes[a.Sim.TraceHash] = seed
		require.NotEqual(t, checker.Invalid, a.Workload.Verdict(), "seed %d", seed)
	}
}

func TestTraceHashIndependentOfGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	one, _ := runTrace(t, everything(7))
	runtime.GOMAXPROCS(4)
	four, _ := runTrace(t, everything(7))
	assert.Equal(t, one.Sim.TraceHash, four.Sim.TraceHash)
}

func TestTraceReadsBackAndVerifies(t *testing.T) {
	res, raw := runTrace(t, everything(3))
	tr, err := trace.Read(bytes.NewReader(raw))
	require.NoError(t, err)
	assert.Equal(t, res.Sim.TraceHash, tr.Hash)
	assert.Equal(t, uint64(3), tr.Header.Seed)
	assert.Equal(t, "in-process", tr.Header.Mode)
	assert.NotEmpty(t, tr.Events)
}
