// Command eddy is Eddy's command line: run tests against node programs
// (eddy test), see every workload pass and every planted bug caught
// (eddy demo), and run a built-in node over stdin/stdout (eddy node).
//
// Built as or linked to the name of a built-in program (bin/echo, say, as
// scripts/build-nodes makes), it runs that program over stdin/stdout, so the
// real Maelstrom can take it with --bin.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/nodes/stdio"
)

// Exit codes, as Maelstrom's.
const (
	exitValid   = 0
	exitInvalid = 1
	exitUnknown = 2
	exitUsage   = 254
	exitCrash   = 255
)

const usage = `Eddy: learn and test distributed systems in a deterministic simulator.

Usage:
  eddy test  [flags] [-- args for --bin]   run a workload against nodes (Maelstrom's flags)
  eddy demo                                run every workload and planted bug, print a table
  eddy tui   [test flags] | STORE-DIR      watch a run full-screen: step, rewind, inject faults
  eddy node  NAME | --list                 run a built-in node over stdin/stdout
  eddy lesson list | COMMAND N             guided lessons, from echo to CRDTs (eddy lesson help)
  eddy version

Run 'eddy test --help' for the test flags.
`

func main() {
	if name := filepath.Base(os.Args[0]); name != "eddy" {
		if e, err := catalog.Lookup(name); err == nil {
			os.Exit(stdio.Main(e.Program))
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "test":
		return cmdTest(args[1:], stdout, stderr)
	case "demo":
		return cmdDemo(args[1:], stdout, stderr)
	case "tui":
		return cmdTUI(args[1:], stdout, stderr)
	case "node":
		return cmdNode(args[1:], stdout, stderr)
	case "lesson":
		return cmdLesson(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "eddy", version)
		return exitValid
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitValid
	}
	fmt.Fprintf(stderr, "eddy: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
