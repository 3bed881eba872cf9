package rsm

// Bug is a set of planted bugs in the replica, as raft.Bug is in the core.
// Real replicas use zero.
type Bug uint

// The bugs a replica can carry.
const (
	// BugFailOnStepDown answers error 11 (a definite failure) to every
	// pending proposal when the replica stops being leader. But an entry a
	// deposed leader appended may still be committed by the next leader:
	// the client is told a write failed that then takes effect.
	BugFailOnStepDown Bug = 1 << iota
	// BugLogNotPersisted keeps log entries in memory only (term, vote and
	// snapshots are stored): a replica that restarts has forgotten entries
	// it acknowledged, which the leader counted towards commitment.
	BugLogNotPersisted
	// BugFollowerLocalReads lets a follower answer reads from its own
	// state machine, which lags the leader's.
	BugFollowerLocalReads
	// BugNoDedup proposes a forwarded command every time it arrives: when
	// the network delivers it twice, it is applied twice, the second time
	// after writes that followed the first.
	BugNoDedup
)

func (b Bug) has(bug Bug) bool { return b&bug != 0 }
