package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/uniqueids"
)

// Entry is one built-in program.
type Entry struct {
	Name        string
	Description string
	Workload    string // the workload it is written for
	Reference   bool   // the workload's reference node
	Program     node.Program
}

var entries = []Entry{
	{"echo", "echoes every echo request back", "echo", true, echo.Program},
	{"echo-bug-stale", "planted bug: echoes the previous request's payload", "echo", false, echo.BugStale},
	{"unique-ids", "ids from node id, a durable boot counter and a sequence", "unique-ids", true, uniqueids.Program},
	{"unique-ids-bug-counter", "planted bug: in-memory counter, repeats ids after a restart", "unique-ids", false, uniqueids.BugCounter},
}

// All lists every built-in program, sorted by name.
func All() []Entry {
	all := slices.Clone(entries)
	slices.SortFunc(all, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return all
}

// Lookup returns the program called name.
func Lookup(name string) (Entry, error) {
	for _, e := range entries {
		if e.Name == name {
			return e, nil
		}
	}
	names := make([]string, 0, len(entries))
	for _, e := range All() {
		names = append(names, e.Name)
	}
	return Entry{}, fmt.Errorf("unknown node program %q (built-in: %s)", name, strings.Join(names, ", "))
}

// Reference returns the reference program of a workload.
func Reference(workload string) (Entry, error) {
	for _, e := range entries {
		if e.Reference && e.Workload == workload {
			return e, nil
		}
	}
	return Entry{}, fmt.Errorf("workload %s has no reference node yet; pass --bin or --program", workload)
}
