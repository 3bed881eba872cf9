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
// whether the linearizability checker or the availability figures caught
// it.
package raftkv
