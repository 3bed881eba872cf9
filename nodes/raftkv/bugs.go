package raftkv

import (
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft"
	"github.com/eddy-sim/eddy/nodes/raft/rsm"
)

// The bug zoo: the reference node with one planted bug each. Every one is
// caught by testing the node under faults; bugs_test.go finds the first
// seed that catches it and says what caught it.

// BugStaleLeaderReads answers reads from a leader's state without
// checking it is still the leader: a deposed leader serves stale values.
func BugStaleLeaderReads(n *node.Node) { run(n, variant{raft: raft.BugStaleLeaderReads}) }

// BugFollowerLocalReads answers reads on a follower from its own state,
// which lags the leader's.
func BugFollowerLocalReads(n *node.Node) { run(n, variant{replica: rsm.BugFollowerLocalReads}) }

// BugReadBeforeOwnTermCommit lets a new leader serve reads before it has
// committed an entry of its own term, while its commit index may still
// lag what its predecessor committed (§8).
func BugReadBeforeOwnTermCommit(n *node.Node) {
	run(n, variant{raft: raft.BugReadBeforeOwnTermCommit})
}

// BugVoteWithoutLogCheck votes for any candidate, however stale its log
// (no election restriction, §5.4.1): a leader missing committed writes
// can be elected and erase them.
func BugVoteWithoutLogCheck(n *node.Node) { run(n, variant{raft: raft.BugVoteWithoutLogCheck}) }

// BugLogNotPersisted keeps its log in memory only: after a crash it has
// forgotten entries it acknowledged, which counted towards a majority.
func BugLogNotPersisted(n *node.Node) { run(n, variant{replica: rsm.BugLogNotPersisted}) }

// BugFailOnStepDown tells clients their writes failed when it loses
// leadership with writes pending, though the next leader may commit them.
func BugFailOnStepDown(n *node.Node) { run(n, variant{replica: rsm.BugFailOnStepDown}) }

// BugNoDedup proposes a forwarded write again when the network delivers it
// twice: it is applied twice, the second time after later writes.
func BugNoDedup(n *node.Node) { run(n, variant{replica: rsm.BugNoDedup}) }

// BugNoTruncateOnConflict keeps its own log entries where the leader's
// conflict with them: replicas apply different commands at one index.
func BugNoTruncateOnConflict(n *node.Node) { run(n, variant{raft: raft.BugNoTruncateOnConflict}) }

// BugFixedElectionTimeout uses the same election timeout on every node:
// elections split their votes again and again, and nothing gets done.
func BugFixedElectionTimeout(n *node.Node) { run(n, variant{raft: raft.BugFixedElectionTimeout}) }
