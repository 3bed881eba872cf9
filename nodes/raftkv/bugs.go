package raftkv

import (
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft"
	"github.com/eddy-sim/eddy/nodes/raft/rsm"
)

// The bug zoo: the reference node with one planted bug each. Every one is
// caught by testing the node under faults (see bugs_test.go, which names
// the seed and what catches it).

// BugNoTruncateOnConflict keeps its own log entries where the leader's
// conflict with them: replicas apply different commands at one index.
func BugNoTruncateOnConflict(n *node.Node) { run(n, variant{raft: raft.BugNoTruncateOnConflict}) }

// BugStaleLeaderReads answers reads from a leader's state without
// checking it is still the leader: a deposed leader serves stale values.
func BugStaleLeaderReads(n *node.Node) { run(n, variant{raft: raft.BugStaleLeaderReads}) }

// BugFixedElectionTimeout uses the same election timeout on every node:
// elections split their votes again and again, and nothing gets done.
func BugFixedElectionTimeout(n *node.Node) { run(n, variant{raft: raft.BugFixedElectionTimeout}) }

// BugVoteWithoutLogCheck votes for any candidate, however stale its log
// (no election restriction, §5.4.1): a leader missing committed writes
// can be elected and erase them.
func BugVoteWithoutLogCheck(n *node.Node) { run(n, variant{raft: raft.BugVoteWithoutLogCheck}) }

// BugFailOnStepDown tells clients their writes failed when it loses
// leadership with writes pending, though the next leader may commit them.
func BugFailOnStepDown(n *node.Node) { run(n, variant{replica: rsm.BugFailOnStepDown}) }

// BugReadBeforeOwnTermCommit lets a new leader serve reads before it has
// committed an entry of its own term, when its commit index may still lag.
func BugReadBeforeOwnTermCommit(n *node.Node) { run(n, variant{raft: raft.BugReadBeforeOwnTermCommit}) }

// BugLogNotPersisted keeps its log in memory only.
func BugLogNotPersisted(n *node.Node) { run(n, variant{replica: rsm.BugLogNotPersisted}) }

// BugFollowerLocalReads answers reads on followers from their own lagging
// state.
func BugFollowerLocalReads(n *node.Node) { run(n, variant{replica: rsm.BugFollowerLocalReads}) }

// BugNoDedup applies a forwarded write twice when the network duplicates it.
func BugNoDedup(n *node.Node) { run(n, variant{replica: rsm.BugNoDedup}) }
