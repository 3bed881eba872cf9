// Package counter holds the g-counter and pn-counter nodes, built two ways:
// as a state-based CRDT that nodes gossip among themselves, and, as Gossip
// Glomers' challenge 4 asks, on top of Maelstrom's seq-kv service.
//
// # The CRDT (PNCounter, GCounterCRDT)
//
// The PN-counter of Shapiro et al., "A comprehensive study of Convergent
// and Commutative Replicated Data Types" (2011), §3.1.2–3.1.3. Each node
// keeps two maps from node id to a count: P[i] is the sum of the positive
// deltas node i accepted, N[i] the sum of the magnitudes of its negative
// ones. A node only ever raises its own entries; everything else it learns
// by merging a peer's state, entry by entry with max. Max is commutative,
// associative and idempotent, and every entry only grows, so states can be
// merged in any order, any number of times, however late: gossip needs no
// acknowledgements. The value is ΣP − ΣN. A g-counter is the P half alone.
//
// Every tick (500 ms) a node sends its whole state to every peer if its own
// entries changed since the last tick, and every fourth tick regardless:
// the state is one number per node, so "the full state" is as cheap as a
// delta, and the periodic round is the anti-entropy that repairs whatever a
// partition or a crash dropped. Final reads come 10 s after the network
// heals, long after every node has heard every other.
//
// A node's own entries must survive a crash. A node that restarted with
// P[me] = 0 would count its new adds from zero; its peers, merging with
// max, would keep the higher value they had from before the crash and
// ignore the new adds until the restarted count overtook it: acknowledged
// adds lost. So an add raises the entry, writes it to durable storage, and
// only then acknowledges; a starting node loads its entries back.
// BugNoPersist skips that.
//
// # On seq-kv (GCounterSeqKV)
//
// The count lives in seq-kv, one key per node, "count/<node>", written only
// by that node. An add reads the node's own key and compare-and-swaps it
// from the value read to that value plus the delta, creating it if it is
// missing; a CAS that finds another value (code 22) re-reads and retries.
// The node caches the value its last CAS wrote, so an add usually costs one
// CAS and no read. Keeping one key per node means nodes never contend, and
// since a successful CAS moves the node's position in seq-kv's history to
// the newest state, its reads of its own key are never older than its own
// last write.
//
// A read sums every node's key. seq-kv is only sequentially consistent: a
// read may be served from any state between the caller's position and the
// newest, so a plain read can miss adds that were acknowledged long ago,
// even after the system has been idle for a while. A request that changes
// the state, however, is applied to the newest state and moves the caller
// there. So a read first writes a value never written before (boot counter
// and sequence number) to the node's own scratch key, "fresh/<node>"; once
// that write is acknowledged, every read the node sends sees at least every
// add acknowledged before the read began. That is the freshness the
// counter checker's final reads need. BugStaleRead gets its freshness at
// the wrong moment: after its own adds, not at the start of each read.
//
// Errors are honest. An add whose CAS timed out may or may not have
// happened, so it is not retried (a retry could count it twice): the client
// gets an indefinite error, which Maelstrom records as info. Reads, and
// CASes refused with 22, change nothing and are retried. Services are never
// partitioned, so a partition does not touch this node at all; a crash
// loses only the cache and the in-flight requests.
package counter
