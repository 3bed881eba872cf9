package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/workload"
)

// demoFaults is what every demo run suffers.
var demoFaults = []string{"partition", "kill", "pause"}

// cmdDemo runs every workload that has a reference node, and every planted
// bug, in the simulator under faults, and prints what each got.
func cmdDemo(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: eddy demo")
		return exitUsage
	}
	const seed = 1
	fmt.Fprintf(stdout, "Every built-in node, 5 nodes, 30 simulated seconds, 10 ms latency, faults: %v, seed %d.\n", demoFaults, seed)
	fmt.Fprintln(stdout, "Reference nodes should be valid; planted bugs should be caught (invalid).")
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tPROGRAM\tVERDICT\tEXPECTED\tOPS\tMSGS/OP\tSIM s\tWALL s")
	failed := 0
	for _, spec := range workload.All() {
		for _, e := range catalog.All() {
			if e.Workload != spec.Name {
				continue
			}
			res, err := sim.Run(context.Background(), sim.Options{
				Workload: spec.Name, Node: e.Program, ProgramName: e.Name,
				Nodes: sim.NodeIDs(5), TimeLimit: 30 * time.Second, Rate: 50,
				Latency: 10 * time.Millisecond, Nemesis: demoFaults, NemesisInterval: 5 * time.Second, Seed: seed,
			})
			if err != nil {
				fmt.Fprintf(stderr, "eddy demo: %s: %v\n", e.Name, err)
				return exitCrash
			}
			want := checker.Valid
			if !e.Reference {
				want = checker.Invalid
			}
			mark := "ok"
			if res.Valid != want {
				mark, failed = "UNEXPECTED", failed+1
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%d\t%s\t%.0f\t%.2f\n", spec.Name, e.Name, res.Valid, want, mark,
				res.Stats.Count, perOp(res.Net.All), res.Sim.SimulatedSeconds, res.Sim.WallSeconds)
		}
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nTry one yourself: eddy test -w unique-ids --node-count 3 --nemesis kill --program unique-ids-bug-counter")
	if failed > 0 {
		return exitInvalid
	}
	return exitValid
}
