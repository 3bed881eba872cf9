// Package txn holds the transactional nodes: key-value stores that run
// Maelstrom's txn-rw-register and txn-list-append transactions (Gossip
// Glomers challenge 6) at two points of the consistency–availability
// trade-off, plus two planted bugs.
//
// A transaction is a list of micro-ops run in order: ["r", k, null] reads
// k, ["w", k, v] sets it, ["append", k, v] appends to its list. Machine
// runs them, all at once, as a deterministic state machine (StateMachine:
// Apply, Snapshot, Restore), the shape a replicated log such as Raft
// drives.
//
// # Program: strict serializable, available where the primary is
//
// Program serves both workloads. The first node of node_ids is the
// primary: it alone runs transactions, one at a time, so every
// transaction takes effect at one instant between its request and its
// answer — strict serializability, the workloads' default model, with no
// locks or aborts. Its journal makes it durable: each transaction that
// writes is logged to storage before it runs, and every 1000 a snapshot
// replaces the log, so a restarted primary recovers every transaction it
// answered. The other nodes forward their clients' transactions to the
// primary and relay the answer; with none within a second they answer
// timeout (code 0), which leaves the outcome unknown, as it is. A
// forwarded transaction carries its client and msg_id, which Machine
// remembers (as Raft's §8 prescribes), so one the network delivers twice
// still runs once. On a single node (6a) all this reduces to: apply each
// transaction locally.
//
// The price is availability. Clients whose node cannot reach the primary
// get no transactions at all, and while the primary is down or paused
// nobody does; it is also a bottleneck. Replicating the log with Raft lets
// the cluster fail over to a new primary while a majority is connected:
// package txnraft runs the same Machine on nodes/raft. For this package,
// which has no consensus of its own, two alternatives were considered.
// Maelstrom's single_key_txn demo keeps the whole database in one lin-kv
// key and commits by compare-and-swap: as strict, and available while the
// lin-kv service is, but every transaction reads and rewrites the whole
// database, hopeless at 1000 transactions a second. Two-phase commit over
// shards spreads the load, but blocks on a lost coordinator and needs the
// same durable, recoverable state on every shard, at many times the code.
//
// # TotallyAvailable: read committed, always available
//
// TotallyAvailable (Gossip Glomers 6b and 6c, rw-register) answers every
// transaction from the receiving node's own copy, whatever the network
// does. Each transaction gets a Lamport timestamp above every version the
// node holds and runs at once; its writes — only the last per key — are
// installed together at the end, stored durably, then sent to every peer
// in the background, in batches every 100 ms, resent until acknowledged.
// A node keeps, per key, the version with the highest (timestamp, node),
// so the copies converge. This is read committed: nothing reads an
// aborted write (nothing aborts), or an intermediate one (only final
// writes leave a transaction), and every write or read dependency goes
// from a lower timestamp to a higher, so they cannot form a cycle (G0,
// G1c). It is no more: a node reads stale values, so anti-dependency
// cycles (G-single, G2) and lost updates abound, and with them
// serializability is gone.
//
// # Planted bugs
//
// BugNoIsolation runs transactions a micro-op at a time, interleaved, on
// the live state; BugDirtyRead writes in place and aborts without undoing,
// so others read writes of transactions that failed.
package txn
