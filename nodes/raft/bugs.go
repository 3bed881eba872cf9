package raft

// Bug is a set of planted bugs: ways to get Raft wrong, each of which the
// bug zoo (nodes/raftkv) shows being caught. Real servers use zero, which
// is correct Raft.
type Bug uint

// The bugs the core can carry.
const (
	// BugCommitPreviousTerm lets a leader commit an entry of an earlier
	// term by counting replicas, which §5.4.2 (Figure 8) forbids.
	BugCommitPreviousTerm Bug = 1 << iota
	// BugNoTruncateOnConflict makes a follower keep its own entry where the
	// leader's conflicts with it, instead of deleting it and everything
	// after it (§5.3).
	BugNoTruncateOnConflict
	// BugFixedElectionTimeout makes every election timeout exactly
	// ElectionTicks: nothing breaks split votes (§5.2).
	BugFixedElectionTimeout
	// BugStaleLeaderReads lets a leader serve reads at once, without
	// checking that it is still the leader (§8).
	BugStaleLeaderReads
	// BugVoteWithoutLogCheck grants votes without the election restriction
	// (§5.4.1): a candidate missing committed entries can win.
	BugVoteWithoutLogCheck
	// BugReadBeforeOwnTermCommit gives reads the leader's commit index
	// before the leader has committed an entry of its own term (§8): a new
	// leader's commit index can lag what the previous leader committed.
	BugReadBeforeOwnTermCommit
)

func (b Bug) has(bug Bug) bool { return b&bug != 0 }
