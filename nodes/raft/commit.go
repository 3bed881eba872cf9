package raft

import "slices"

// Commitment (§5.3, §5.4.2).

// maybeCommit advances the leader's commit index to the highest index
// stored on a majority, if the entry there is of the leader's own term.
//
// Counting replicas is not enough for entries of earlier terms (§5.4.2,
// Figure 8): an entry of term 2 on a majority can still be overwritten by
// a server elected in term 3 whose log lacks it but ends in a later term,
// which the voters of that majority find more up-to-date. An entry of the
// current term on a majority cannot be: every later leader needs a vote
// from that majority, and the election restriction makes it hold the
// entry. Committing it commits everything before it (Log Matching), so
// earlier terms' entries are committed indirectly.
func (r *Raft) maybeCommit() {
	matches := []uint64{r.log.lastIndex()} // the leader's own log
	for _, p := range r.peers {
		matches = append(matches, r.progress[p].match)
	}
	slices.Sort(matches)
	// The quorum-th largest: a majority stores at least this much.
	index := matches[len(matches)-r.quorum()]
	if index <= r.commit {
		return
	}
	if t, _ := r.log.term(index); t != r.term && !r.cfg.Bugs.has(BugCommitPreviousTerm) {
		return
	}
	r.commitTo(index)
}

// commitTo raises the commit index (it never goes down). A leader whose
// commit index has just reached its own term may start the reads it held
// back.
func (r *Raft) commitTo(index uint64) {
	if index <= r.commit {
		return
	}
	r.commit = index
	if r.role == Leader {
		r.startReadRound()
	}
}
