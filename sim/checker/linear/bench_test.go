package linear_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/linkvproxy"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/linear"
	"github.com/eddy-sim/eddy/sim/history"
)

// proxyHistory is a lin-kv history of about 100,000 operations from a run
// of the lin-kv proxy: 5 nodes, 100 threads (10 keys at a time), 2,000 ops/s
// for 65 s, crashes, pauses and lost messages, so that keys rotate.
func proxyHistory(b *testing.B) history.History {
	res, err := sim.Run(context.Background(), sim.Options{
		Workload: "lin-kv", Node: linkvproxy.Program, Nodes: sim.NodeIDs(5), Concurrency: 100,
		TimeLimit: 65 * time.Second, Rate: 2000, Latency: 10 * time.Millisecond, Loss: 0.02,
		Nemesis: []string{"kill", "pause"}, NemesisInterval: 2 * time.Second, Seed: 1,
	})
	require.NoError(b, err)
	require.Equal(b, checker.Valid, res.Workload.Verdict())
	return res.History
}

// BenchmarkCheck100kOps checks a 100k-operation history from the proxy.
func BenchmarkCheck100kOps(b *testing.B) {
	h := proxyHistory(b)
	var res linear.Result
	b.ResetTimer()
	for range b.N {
		res = linear.Check(h, linear.Options{})
	}
	b.ReportMetric(float64(len(h)/2), "ops")
	b.ReportMetric(float64(res.KeyCount), "keys")
}
