package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
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
	fmt.Fprintf(stdout, "Every built-in node, 5 nodes, 10 clients, 30 simulated seconds, 10 ms latency, faults: %v, seed %d.\n", demoFaults, seed)
	fmt.Fprintln(stdout, "Reference nodes should be valid; planted bugs should be caught (invalid).")
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tPROGRAM\tVERDICT\tEXPECTED\tOPS\tSERVER MSGS/OP\tSIM s\tWALL s")
	failed := 0
	msgsPerOp := map[string]float64{} // the reference node's, per workload
	for _, spec := range workload.All() {
		for _, e := range byReferenceFirst(catalog.All()) {
			if e.Workload != spec.Name {
				continue
			}
			o, err := demoOptions(e, seed)
			var res *sim.Result
			if err == nil {
				res, err = sim.Run(context.Background(), o)
			}
			if err != nil {
				fmt.Fprintf(stderr, "eddy demo: %s: %v\n", e.Name, err)
				return exitCrash
			}
			want, got := expectation(e.Expect), res.Valid.String()
			if e.Expect == catalog.Wasteful {
				got = "wasteful"
				if ref, ok := msgsPerOp[spec.Name]; !ok || res.Net.Servers.MsgsPerOp == nil || *res.Net.Servers.MsgsPerOp < 3*ref {
					got = res.Valid.String() // not visibly wasteful: flagged below
				}
			}
			if e.Reference && res.Net.Servers.MsgsPerOp != nil {
				msgsPerOp[spec.Name] = *res.Net.Servers.MsgsPerOp
			}
			mark := "ok"
			if got != want {
				mark, failed = "UNEXPECTED", failed+1
			}
			name := e.Name
			if e.Catch != "" {
				name += " *"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%d\t%s\t%.0f\t%.2f\n", spec.Name, name, got, want, mark,
				res.Stats.Count, perOp(res.Net.Servers), res.Sim.SimulatedSeconds, res.Sim.WallSeconds)
		}
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nwasteful: correct, but at least 3× the reference node's server messages per operation.")
	fmt.Fprintln(stdout, "*: a bug that shows only under particular faults, run with the faults and seed that catch it (eddy node --list; nodes/catalog).")
	fmt.Fprintln(stdout, "\nTry one yourself: eddy test -w unique-ids --node-count 3 --nemesis kill --program unique-ids-bug-counter")
	if failed > 0 {
		return exitInvalid
	}
	return exitValid
}

func expectation(e catalog.Expect) string {
	switch e {
	case catalog.Wrong:
		return checker.Invalid.String()
	case catalog.Wasteful:
		return "wasteful"
	}
	return checker.Valid.String()
}

// byReferenceFirst puts each workload's reference node first, so that the
// wasteful variants can be compared with it.
func byReferenceFirst(entries []catalog.Entry) []catalog.Entry {
	slices.SortStableFunc(entries, func(a, b catalog.Entry) int {
		switch {
		case a.Reference == b.Reference:
			return 0
		case a.Reference:
			return -1
		}
		return 1
	})
	return entries
}

// demoOptions is the run the demo gives a program: the common one, or, for
// a bug that needs particular faults, the command line that catches it.
func demoOptions(e catalog.Entry, seed uint64) (sim.Options, error) {
	if e.Catch == "" {
		return sim.Options{
			Workload: e.Workload, Node: e.Program, ProgramName: e.Name,
			Nodes: sim.NodeIDs(5), Concurrency: 10, TimeLimit: 30 * time.Second, Rate: 50,
			Latency: 10 * time.Millisecond, Nemesis: demoFaults, NemesisInterval: 5 * time.Second, Seed: seed,
			ConsistencyModels: e.Models,
		}, nil
	}
	f := newTestFlags(io.Discard)
	if err := f.fs.Parse(append([]string{"-w", e.Workload, "--program", e.Name}, strings.Fields(e.Catch)...)); err != nil {
		return sim.Options{}, fmt.Errorf("its catch flags: %w", err)
	}
	return f.options()
}
