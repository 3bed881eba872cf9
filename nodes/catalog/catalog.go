package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/nodes/counter"
	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/gset"
	"github.com/eddy-sim/eddy/nodes/linkvproxy"
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
	Expect      Expect // what testing it should show
}

// Expect is what a test of a program should find.
type Expect int

const (
	// Correct programs pass their workload's checkers.
	Correct Expect = iota
	// Wrong programs carry a planted bug the checkers catch.
	Wrong
	// Wasteful programs are correct but send far more messages than the
	// reference: msgs-per-op shows the bug.
	Wasteful
)

var entries = []Entry{
	{"echo", "echoes every echo request back", "echo", true, echo.Program, Correct},
	{"echo-bug-stale", "planted bug: echoes the previous request's payload", "echo", false, echo.BugStale, Wrong},
	{"broadcast", "gossip along a √n hub tree, batched every 100 ms, acked and retried (Gossip Glomers 3e)", "broadcast", true, broadcast.Program, Correct},
	{"broadcast-fast", "the same tree, batched every 50 ms: lower latency, more messages (Gossip Glomers 3d)", "broadcast", false, broadcast.Fast, Correct},
	{"broadcast-bug-no-retry", "planted bug: sends each value once, so a partition loses it", "broadcast", false, broadcast.BugNoRetry, Wrong},
	{"broadcast-bug-no-forward", "planted bug: never forwards values to other nodes", "broadcast", false, broadcast.BugNoForward, Wrong},
	{"broadcast-bug-flood", "planted bug: every node sends every value to every node (n² messages)", "broadcast", false, broadcast.BugFlood, Wasteful},
	{"g-set", "grow-only set CRDT: deltas every 500 ms, full set every 2 s, merge = union, elements persisted", "g-set", true, gset.Program, Correct},
	{"g-set-bug-delta-only", "planted bug: sends each delta once and never the full set, so a partition loses elements", "g-set", false, gset.BugDeltaOnly, Wrong},
	{"g-counter", "one seq-kv key per node, CAS adds; a read first writes a unique value to catch up with seq-kv (Gossip Glomers 4)", "g-counter", true, counter.GCounterSeqKV, Correct},
	{"g-counter-crdt", "grow-only counter CRDT: per-node counts, merge = max, gossiped every 500 ms, own count persisted", "g-counter", false, counter.GCounterCRDT, Correct},
	{"pn-counter", "PN-counter CRDT: per-node increments and decrements, merge = max, gossiped every 500 ms, own counts persisted", "pn-counter", true, counter.PNCounter, Correct},
	{"counter-bug-stale-read", "planted bug: answers reads from counts it read after its own last add, so other nodes' later adds are missing", "g-counter", false, counter.BugStaleRead, Wrong},
	{"counter-bug-no-persist", "planted bug: PN-counter that keeps its own counts only in memory; a restart loses acknowledged adds", "pn-counter", false, counter.BugNoPersist, Wrong},
	{"lin-kv-proxy", "forwards every request to the lin-kv service and relays the answer (Maelstrom's lin_kv_proxy.rb)", "lin-kv", true, linkvproxy.Program, Correct},
	{"lin-kv-bug-seq-kv", "planted bug: forwards to seq-kv, so reads can be stale", "lin-kv", false, linkvproxy.BugSeqKV, Wrong},
	{"unique-ids", "ids from node id, a durable boot counter and a sequence", "unique-ids", true, uniqueids.Program, Correct},
	{"unique-ids-bug-counter", "planted bug: in-memory counter, repeats ids after a restart", "unique-ids", false, uniqueids.BugCounter, Wrong},
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
