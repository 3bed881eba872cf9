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
	"github.com/eddy-sim/eddy/nodes/raftkv"
	"github.com/eddy-sim/eddy/nodes/txn"
	"github.com/eddy-sim/eddy/nodes/txnraft"
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
	// Catch, for a planted bug that needs particular faults and luck to
	// show, is the rest of an `eddy test` command line that catches it:
	// the faults and the seed. The demo runs it; tests keep it true.
	Catch string
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
	{
		Name: "echo", Workload: "echo", Program: echo.Program, Expect: Correct,
		Reference:   true,
		Description: "echoes every echo request back",
	},
	{
		Name: "echo-bug-stale", Workload: "echo", Program: echo.BugStale, Expect: Wrong,
		Description: "planted bug: echoes the previous request's payload",
	},
	{
		Name: "broadcast", Workload: "broadcast", Program: broadcast.Program, Expect: Correct,
		Reference:   true,
		Description: "gossip along a √n hub tree, batched every 100 ms, acked and retried (Gossip Glomers 3e)",
	},
	{
		Name: "broadcast-fast", Workload: "broadcast", Program: broadcast.Fast, Expect: Correct,
		Description: "the same tree, batched every 50 ms: lower latency, more messages (Gossip Glomers 3d)",
	},
	{
		Name: "broadcast-bug-no-retry", Workload: "broadcast", Program: broadcast.BugNoRetry, Expect: Wrong,
		Description: "planted bug: sends each value once, so a partition loses it",
	},
	{
		Name: "broadcast-bug-no-forward", Workload: "broadcast", Program: broadcast.BugNoForward, Expect: Wrong,
		Description: "planted bug: never forwards values to other nodes",
	},
	{
		Name: "broadcast-bug-flood", Workload: "broadcast", Program: broadcast.BugFlood, Expect: Wasteful,
		Description: "planted bug: every node sends every value to every node (n² messages)",
	},
	{
		Name: "g-set", Workload: "g-set", Program: gset.Program, Expect: Correct,
		Reference:   true,
		Description: "grow-only set CRDT: deltas every 500 ms, full set every 2 s, merge = union, elements persisted",
	},
	{
		Name: "g-set-bug-delta-only", Workload: "g-set", Program: gset.BugDeltaOnly, Expect: Wrong,
		Description: "planted bug: sends each delta once and never the full set, so a partition loses elements",
	},
	{
		Name: "g-counter", Workload: "g-counter", Program: counter.GCounterSeqKV, Expect: Correct,
		Reference:   true,
		Description: "one seq-kv key per node, CAS adds; a read first writes a unique value to catch up with seq-kv (Gossip Glomers 4)",
	},
	{
		Name: "g-counter-crdt", Workload: "g-counter", Program: counter.GCounterCRDT, Expect: Correct,
		Description: "grow-only counter CRDT: per-node counts, merge = max, gossiped every 500 ms, own count persisted",
	},
	{
		Name: "pn-counter", Workload: "pn-counter", Program: counter.PNCounter, Expect: Correct,
		Reference:   true,
		Description: "PN-counter CRDT: per-node increments and decrements, merge = max, gossiped every 500 ms, own counts persisted",
	},
	{
		Name: "counter-bug-stale-read", Workload: "g-counter", Program: counter.BugStaleRead, Expect: Wrong,
		Description: "planted bug: answers reads from counts it read after its own last add, so other nodes' later adds are missing",
	},
	{
		Name: "counter-bug-no-persist", Workload: "pn-counter", Program: counter.BugNoPersist, Expect: Wrong,
		Description: "planted bug: PN-counter that keeps its own counts only in memory; a restart loses acknowledged adds",
	},
	{
		Name: "kafka", Workload: "kafka", Program: kafka.Program, Expect: Correct,
		Reference:   true,
		Description: "logs kept in lin-kv, one array per key appended by compare-and-swap (batched), polls served from a cache, committed offsets in lin-kv (Gossip Glomers 5a/5b)",
	},
	{
		Name: "kafka-bug-blind-write", Workload: "kafka", Program: kafka.BugBlindWrite, Expect: Wrong,
		Description: "planted bug: appends by writing the log over lin-kv's instead of compare-and-swap, so concurrent appends overwrite acknowledged messages",
	},
	{
		Name: "lin-kv-proxy", Workload: "lin-kv", Program: linkvproxy.Program, Expect: Correct,
		Description: "forwards every request to the lin-kv service and relays the answer (Maelstrom's lin_kv_proxy.rb)",
	},
	{
		Name: "lin-kv-bug-seq-kv", Workload: "lin-kv", Program: linkvproxy.BugSeqKV, Expect: Wrong,
		Description: "planted bug: forwards to seq-kv, so reads can be stale",
	},
	{
		Name: "raft", Workload: "lin-kv", Program: raftkv.Program, Expect: Correct,
		Reference:   true,
		Description: "Raft: leader election, log replication with fast back-up, snapshots; ReadIndex reads; term, vote and log persisted",
	},
	{
		Name: "raft-bug-no-truncate-on-conflict", Workload: "lin-kv", Program: raftkv.BugNoTruncateOnConflict, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --seed 5",
		Description: "planted bug: keeps its own entries where the leader's log conflicts with them",
	},
	{
		Name: "raft-bug-stale-leader-reads", Workload: "lin-kv", Program: raftkv.BugStaleLeaderReads, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 11",
		Description: "planted bug: a leader answers reads without confirming it is still the leader",
	},
	{
		Name: "raft-bug-fixed-election-timeout", Workload: "lin-kv", Program: raftkv.BugFixedElectionTimeout, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition --seed 1",
		Description: "planted bug: the same election timeout on every node: split votes, no leader for long",
	},
	{
		Name: "raft-bug-vote-without-log-check", Workload: "lin-kv", Program: raftkv.BugVoteWithoutLogCheck, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 2",
		Description: "planted bug: votes for any candidate, however stale its log (§5.4.1)",
	},
	{
		Name: "raft-bug-fail-on-step-down", Workload: "lin-kv", Program: raftkv.BugFailOnStepDown, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 5",
		Description: "planted bug: tells clients their writes failed when it loses leadership, though they may still commit",
	},
	{
		Name: "raft-bug-read-before-own-term-commit", Workload: "lin-kv", Program: raftkv.BugReadBeforeOwnTermCommit, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 11",
		Description: "planted bug: a new leader serves reads before it has committed an entry of its own term",
	},
	{
		Name: "raft-bug-log-not-persisted", Workload: "lin-kv", Program: raftkv.BugLogNotPersisted, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 7",
		Description: "planted bug: keeps its log in memory only: a restart forgets acknowledged writes",
	},
	{
		Name: "raft-bug-follower-local-reads", Workload: "lin-kv", Program: raftkv.BugFollowerLocalReads, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 1",
		Description: "planted bug: followers answer reads from their own lagging state",
	},
	{
		Name: "raft-bug-no-dedup", Workload: "lin-kv", Program: raftkv.BugNoDedup, Expect: Wrong,
		Catch:       "--node-count 5 --concurrency 2n --time-limit 60 --rate 100 --latency 10 --nemesis partition,kill,pause --nemesis-interval 1 --latency-dist exponential --duplicate 0.05 --seed 1",
		Description: "planted bug: applies a forwarded write twice when the network duplicates it",
	},
	{
		Name: "txn-strict", Workload: "txn-list-append", Program: txnraft.Program, Expect: Correct,
		Description: "strict serializable and fault tolerant: transactions through Raft",
	},
	{
		Name: "txn-list-append", Workload: "txn-list-append", Program: txn.Program, Expect: Correct,
		Reference:   true,
		Description: "strict serializable: the first node runs every transaction, journaled to survive restarts; others forward to it (Gossip Glomers 6a on one node)",
	},
	{
		Name: "txn-rw-register", Workload: "txn-rw-register", Program: txn.Program, Expect: Correct,
		Reference:   true,
		Description: "strict serializable: the first node runs every transaction, journaled to survive restarts; others forward to it (Gossip Glomers 6a on one node)",
	},
	{
		Name: "txn-rw-register-ta", Workload: "txn-rw-register", Program: txn.TotallyAvailable, Expect: Correct,
		Models:      []string{"read-committed"},
		Description: "totally available, read committed: each node answers from its own copy, Lamport last-writer-wins replication (Gossip Glomers 6b/6c)",
	},
	{
		Name: "txn-bug-dirty-read", Workload: "txn-rw-register", Program: txn.BugDirtyRead, Expect: Wrong,
		Models:      []string{"read-committed"},
		Description: "planted bug: writes in place and aborts on overwriting another node's write without undoing, so others read aborted writes (G1a)",
	},
	{
		Name: "txn-bug-no-isolation", Workload: "txn-rw-register", Program: txn.BugNoIsolation, Expect: Wrong,
		Description: "planted bug: runs transactions a micro-op per ms, interleaved on live state",
	},
	{
		Name: "unique-ids", Workload: "unique-ids", Program: uniqueids.Program, Expect: Correct,
		Reference:   true,
		Description: "ids from node id, a durable boot counter and a sequence",
	},
	{
		Name: "unique-ids-bug-counter", Workload: "unique-ids", Program: uniqueids.BugCounter, Expect: Wrong,
		Description: "planted bug: in-memory counter, repeats ids after a restart",
	},
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
