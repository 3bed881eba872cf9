package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/nodes/counter"
	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/gset"
	"github.com/eddy-sim/eddy/nodes/kafka"
	"github.com/eddy-sim/eddy/nodes/linkvproxy"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/txn"
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
	// Models are the consistency models a transactional program promises,
	// checked when the user names none (the default is strict-serializable).
	Models []string
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
	{"echo", "echoes every echo request back", "echo", true, echo.Program, Correct, nil},
	{"echo-bug-stale", "planted bug: echoes the previous request's payload", "echo", false, echo.BugStale, Wrong, nil},
	{"broadcast", "gossip along a √n hub tree, batched every 100 ms, acked and retried (Gossip Glomers 3e)", "broadcast", true, broadcast.Program, Correct, nil},
	{"broadcast-fast", "the same tree, batched every 50 ms: lower latency, more messages (Gossip Glomers 3d)", "broadcast", false, broadcast.Fast, Correct, nil},
	{"broadcast-bug-no-retry", "planted bug: sends each value once, so a partition loses it", "broadcast", false, broadcast.BugNoRetry, Wrong, nil},
	{"broadcast-bug-no-forward", "planted bug: never forwards values to other nodes", "broadcast", false, broadcast.BugNoForward, Wrong, nil},
	{"broadcast-bug-flood", "planted bug: every node sends every value to every node (n² messages)", "broadcast", false, broadcast.BugFlood, Wasteful, nil},
	{"g-set", "grow-only set CRDT: deltas every 500 ms, full set every 2 s, merge = union, elements persisted", "g-set", true, gset.Program, Correct, nil},
	{"g-set-bug-delta-only", "planted bug: sends each delta once and never the full set, so a partition loses elements", "g-set", false, gset.BugDeltaOnly, Wrong, nil},
	{"g-counter", "one seq-kv key per node, CAS adds; a read first writes a unique value to catch up with seq-kv (Gossip Glomers 4)", "g-counter", true, counter.GCounterSeqKV, Correct, nil},
	{"g-counter-crdt", "grow-only counter CRDT: per-node counts, merge = max, gossiped every 500 ms, own count persisted", "g-counter", false, counter.GCounterCRDT, Correct, nil},
	{"pn-counter", "PN-counter CRDT: per-node increments and decrements, merge = max, gossiped every 500 ms, own counts persisted", "pn-counter", true, counter.PNCounter, Correct, nil},
	{"counter-bug-stale-read", "planted bug: answers reads from counts it read after its own last add, so other nodes' later adds are missing", "g-counter", false, counter.BugStaleRead, Wrong, nil},
	{"counter-bug-no-persist", "planted bug: PN-counter that keeps its own counts only in memory; a restart loses acknowledged adds", "pn-counter", false, counter.BugNoPersist, Wrong, nil},
	{"kafka", "logs kept in lin-kv, one array per key appended by compare-and-swap (batched), polls served from a cache, committed offsets in lin-kv (Gossip Glomers 5a/5b)", "kafka", true, kafka.Program, Correct, nil},
	{"kafka-bug-blind-write", "planted bug: appends by writing the log over lin-kv's instead of compare-and-swap, so concurrent appends overwrite acknowledged messages", "kafka", false, kafka.BugBlindWrite, Wrong, nil},
	{"lin-kv-proxy", "forwards every request to the lin-kv service and relays the answer (Maelstrom's lin_kv_proxy.rb)", "lin-kv", true, linkvproxy.Program, Correct, nil},
	{"lin-kv-bug-seq-kv", "planted bug: forwards to seq-kv, so reads can be stale", "lin-kv", false, linkvproxy.BugSeqKV, Wrong, nil},
	{"txn-list-append", "strict serializable: the first node runs every transaction, journaled to survive restarts; others forward to it (Gossip Glomers 6a on one node)", "txn-list-append", true, txn.Program, Correct, nil},
	{"txn-rw-register", "strict serializable: the first node runs every transaction, journaled to survive restarts; others forward to it (Gossip Glomers 6a on one node)", "txn-rw-register", true, txn.Program, Correct, nil},
	{"txn-rw-register-ta", "totally available, read committed: each node answers from its own copy, Lamport last-writer-wins replication (Gossip Glomers 6b/6c)", "txn-rw-register", false, txn.TotallyAvailable, Correct, []string{"read-committed"}},
	{"txn-bug-dirty-read", "planted bug: writes in place and aborts on overwriting another node's write without undoing, so others read aborted writes (G1a)", "txn-rw-register", false, txn.BugDirtyRead, Wrong, []string{"read-committed"}},
	{"txn-bug-no-isolation", "planted bug: runs transactions a micro-op per ms, interleaved on live state", "txn-rw-register", false, txn.BugNoIsolation, Wrong, nil},
	{"unique-ids", "ids from node id, a durable boot counter and a sequence", "unique-ids", true, uniqueids.Program, Correct, nil},
	{"unique-ids-bug-counter", "planted bug: in-memory counter, repeats ids after a restart", "unique-ids", false, uniqueids.BugCounter, Wrong, nil},
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
