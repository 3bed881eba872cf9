// Package txnraft is the transactional node that is both strictly
// serializable and fault tolerant: every transaction is a command of a
// Raft-replicated log (nodes/raft/rsm) applied to package txn's Machine
// on every node.
//
// It is txn.Program with the primary's journal replaced by Raft: the
// leader plays the primary, and when it is cut off or down a majority
// elects another, so the cluster serves transactions wherever a majority
// is connected, where txn.Program serves none while its one primary is
// unreachable. Followers forward transactions to the leader. A
// transaction's request carries its client and msg_id, and Machine runs
// each request once, however often the network delivers it (Raft §8).
// Read-only transactions go through the log too: simple, and strictly
// serializable; a ReadIndex path would spare them the log.
package txnraft
