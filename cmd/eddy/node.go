package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/nodes/stdio"
)

func cmdNode(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: eddy node NAME   (eddy node --list shows the names)")
		return exitUsage
	}
	if args[0] == "--list" || args[0] == "-l" {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, e := range catalog.All() {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, e.Workload, e.Description)
			if e.Catch != "" {
				fmt.Fprintf(tw, "\t\t  caught by: eddy test -w %s --program %s %s\n", e.Workload, e.Name, e.Catch)
			}
		}
		tw.Flush()
		return exitValid
	}
	e, err := catalog.Lookup(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "eddy node:", err)
		return exitUsage
	}
	return stdio.Main(e.Program)
}
