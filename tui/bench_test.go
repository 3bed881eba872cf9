package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim"
)

// A 25-node broadcast run at 100 ops/s, thousands of events in.
func big(b *testing.B, w, h int) *Model {
	o := sim.Options{
		Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast", Nodes: sim.NodeIDs(25),
		TimeLimit: 60 * time.Second, Rate: 100, Latency: 10 * time.Millisecond, Seed: 1,
		Nemesis: []string{"partition"},
	}
	m := newModel(b, o, w, h)
	press(b, m, "g", "#20000", "enter")
	if m.frame.Step != 20000 {
		b.Fatalf("at step %d", m.frame.Step)
	}
	for len(m.frame.Flights) < 10 {
		press(b, m, "right")
	}
	press(b, m, "2", "down")
	return m
}

// BenchmarkView is one frame drawn, panel by panel, on a 25-node run
// 20,000 steps (tens of thousands of events) in: the budget is 50 ms.
func BenchmarkView(b *testing.B) {
	m := big(b, 160, 45)
	b.Logf("%d events, %d ops, %d in flight", len(m.frame.Events), len(m.frame.History), len(m.frame.Flights))
	for i, p := range m.panels {
		b.Run(p.name, func(b *testing.B) {
			m.tab = i
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkStep is one step and the new frame sent to every component.
func BenchmarkStep(b *testing.B) {
	m := big(b, 160, 45)
	for b.Loop() {
		press(b, m, "right")
	}
}

// BenchmarkRewind goes back to a step of a 60-simulated-second run by
// replaying it from the seed, through the model as a user would: the
// budget is 1 s to any step, the last one being the worst.
func BenchmarkRewind(b *testing.B) {
	for _, nodes := range []int{5, 25} {
		o := sim.Options{
			Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast", Nodes: sim.NodeIDs(nodes),
			TimeLimit: 60 * time.Second, Seed: 1, Nemesis: []string{"partition"},
		}
		m := newModel(b, o, 160, 45)
		press(b, m, "end")
		last := m.frame.Step
		press(b, m, "g", fmt.Sprintf("#%d", last-1), "enter")
		b.Run(fmt.Sprintf("%dnodes-%dsteps", nodes, last), func(b *testing.B) {
			for b.Loop() {
				// Back to the step before last: the whole run replayed.
				press(b, m, "g", fmt.Sprintf("#%d", last-2), "enter")
				b.StopTimer()
				press(b, m, "right")
				b.StartTimer()
			}
			if m.frame.Step != last-1 {
				b.Fatalf("at step %d, not %d", m.frame.Step, last-1)
			}
		})
	}
}
