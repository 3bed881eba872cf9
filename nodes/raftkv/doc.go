// Package raftkv is the lin-kv node: a linearizable key-value store
// (Maelstrom's read, write and cas, with errors 20 key-does-not-exist and
// 22 precondition-failed) replicated with Raft through nodes/raft/rsm.
//
// Writes and compare-and-sets are commands in the Raft log, applied in log
// order by every replica; a client gets its answer when the command is
// applied on the leader. Reads do not go through the log: rsm.Read waits
// until the local replica has applied everything committed before the
// read began (ReadIndex), then the value is read locally. Any node takes
// any request; followers forward to the leader.
//
// The bug zoo (bugs.go) plants one bug each in otherwise reference nodes,
// and bugs_test.go shows each caught by Eddy under faults: the seed, and
// whether the linearizability checker or the stats checker (no operation
// ever succeeded) caught it. Three classic bugs are not in the zoo because
// random faults do not reach them within a hundred seeds: committing an
// earlier term's entry by counting (Figure 8) and forgetting a vote in a
// crash need a precise interleaving, which nodes/raft's transcripts and
// randomized safety test produce instead; and re-applying a suffix of the
// log after a restart leaves a register where it was (any write in the
// suffix puts it back), so lin-kv cannot see it.
package raftkv
