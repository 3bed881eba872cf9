package sim

import (
	"context"
	"testing"
	"time"

	"github.com/eddy-sim/eddy/nodes/uniqueids"
)

// BenchmarkUniqueIDs25 is a 25-node unique-ids run at 1,000 ops/s for 60
// simulated seconds, with partitions: it reports how many simulated seconds
// pass per wall-clock second.
func BenchmarkUniqueIDs25(b *testing.B) {
	var simulated, wall time.Duration
	for i := range b.N {
		start := time.Now()
		res, err := Run(context.Background(), Options{
			Workload: "unique-ids", Node: uniqueids.Program, Nodes: NodeIDs(25),
			TimeLimit: 60 * time.Second, Rate: 1000, Latency: 10 * time.Millisecond,
			Nemesis: []string{"partition"}, Seed: uint64(i + 1),
		})
		if err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start)
		simulated += time.Duration(res.Sim.SimulatedSeconds * float64(time.Second))
	}
	b.ReportMetric(simulated.Seconds()/wall.Seconds(), "sim-s/wall-s")
}
