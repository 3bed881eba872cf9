package counter

import (
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// BugStaleRead knows seq-kv's reads can be stale and that a successful
// write brings the writer up to date, and draws the wrong conclusion: it
// refreshes its view of every node's count right after each of its own
// adds, when its CAS has just made it fresh, and answers reads from that
// view without asking seq-kv anything (reads, two thirds of g-counter's
// operations, become free). But the view is fresh as of the node's last
// add, not as of the read: adds made elsewhere since stay invisible until
// this node adds again — and in the final phase nobody adds. GCounterSeqKV
// does the freshness write at the start of every read instead.
//
// The plainer mistake, summing plain seq-kv reads with no freshness write
// at all, is also wrong, but a node that keeps reading drifts close to the
// newest state, so at Gossip Glomers' settings (3 nodes, rate 100, 20 s)
// only about half of the runs end with a stale final read. This one is
// caught in nearly every run.
func BugStaleRead(n *node.Node) { runSeqKV(n, seqConfig{snapshotReads: true}) }

// BugNoPersist is PNCounter keeping its own entries only in memory. After
// a crash it counts from zero, and its peers, merging with max, keep the
// higher count from before: acknowledged adds disappear.
func BugNoPersist(n *node.Node) {
	runCRDT(n, crdtConfig{tick: 500 * time.Millisecond, fullEvery: 4, noPersist: true})
}
