// Package raft is the Raft consensus algorithm (Ongaro and Ousterhout, "In
// Search of an Understandable Consensus Algorithm", 2014; sections cited
// as §N, Ongaro's dissertation as "dissertation §N") as a pure state
// machine: no clock, no network, no storage, no goroutines.
//
// Inputs are Step (a message from another server), Tick (a unit of time
// passed), Propose (a client command), ReadIndex (a linearizable read) and
// Compact (a snapshot was taken). The output is a Ready batch that the
// caller executes in order: persist the hard state, the snapshot and the
// entries; send the messages; apply the committed entries; serve the
// reads. nodes/raft/rsm is that caller on an Eddy node; the transcript
// tests (testdata/*.txt) are another, which a learner can read as stories.
//
// The code is split by concern, as the paper is:
//
//	raft.go         the server, its roles, Step, Tick, Ready; becomeFollower,
//	                becomeCandidate and becomeLeader reset state in one place
//	election.go     randomized timeouts, RequestVote, the election restriction (§5.2, §5.4.1)
//	replication.go  AppendEntries, the consistency check, fast back-up of conflicts (§5.3)
//	commit.go       the leader's commit rule: only entries of its own term by counting (§5.4.2)
//	log.go          the log in memory after a snapshot offset
//	snapshot.go     log compaction and InstallSnapshot (§7)
//	read.go         ReadIndex: reads confirmed by a heartbeat round (§8, dissertation §6.4)
//	bugs.go         planted bugs, for the bug zoo in nodes/raftkv
//
// Beyond the paper's Figure 2: a leader appends a no-op when elected (§8),
// steps down when a majority has not answered for an election timeout
// (check quorum, dissertation §6.2), and sends entries as soon as it has
// them rather than waiting for each acknowledgement, with rejections (or
// the gap a lost message leaves) bringing its next index back. Not
// implemented: membership changes, pre-vote, leadership transfer, chunked
// snapshots.
//
// Randomness (election timeouts) comes from Config.Rand, which a node
// fills with its own stream, so a simulated run replays exactly. Messages
// to several servers go out in Config.Peers order, never map order.
package raft
