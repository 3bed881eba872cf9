package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/eddy-sim/eddy/nodes/broadcast"
)

// BenchmarkSessionReplay is a session's rewind without a viewer: a
// 60-simulated-second broadcast run replayed from its seed to its end,
// decoding the trace as it goes.
func BenchmarkSessionReplay(b *testing.B) {
	for _, nodes := range []int{5, 25} {
		o := Options{Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast",
			Nodes: NodeIDs(nodes), TimeLimit: 60 * time.Second, Seed: 1, Nemesis: []string{"partition"}}
		b.Run(fmt.Sprintf("%dnodes", nodes), func(b *testing.B) {
			var steps int64
			for b.Loop() {
				s, err := NewSession(o)
				if err != nil {
					b.Fatal(err)
				}
				for s.Step() {
				}
				steps = s.Steps()
			}
			b.ReportMetric(float64(steps), "steps")
			b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}
