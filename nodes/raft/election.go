package raft

// Leader election (§5.2) and the election restriction (§5.4.1).

// randomizedTimeout draws an election timeout from [ElectionTicks,
// 2×ElectionTicks). Randomness is what breaks split votes: with equal
// timeouts every follower would time out together, vote for itself, and
// start over together, forever.
func (r *Raft) randomizedTimeout() int {
	if r.cfg.Bugs.has(BugFixedElectionTimeout) {
		return r.cfg.ElectionTicks
	}
	return r.cfg.ElectionTicks + r.cfg.Rand.IntN(r.cfg.ElectionTicks)
}

// tickElection is followers' and candidates' clock: a follower that hears
// from no leader, or a candidate whose election neither won nor lost, for
// a whole timeout starts a new election.
func (r *Raft) tickElection() {
	r.electionElapsed++
	if r.electionElapsed >= r.electionTimeout {
		r.campaign()
	}
}

// campaign starts an election: a new term, a vote for itself, and
// RequestVote to every other server, carrying the candidate's last log
// entry so that voters can apply the election restriction.
func (r *Raft) campaign() {
	r.becomeCandidate()
	if r.quorum() == 1 {
		r.becomeLeader()
		return
	}
	for _, p := range r.peers {
		r.send(Message{Type: MsgVote, To: p, Index: r.log.lastIndex(), LogTerm: r.log.lastTerm()})
	}
}

// handleVote answers RequestVote of the current term (Figure 2,
// "RequestVote RPC, receiver implementation"). A server votes at most once
// a term, first come first served, and only for a candidate whose log is
// at least as up-to-date as its own (§5.4.1): a majority holds every
// committed entry, so a candidate missing one cannot collect a majority,
// and every leader holds every committed entry (Leader Completeness).
// Granting a vote restarts the election timer: the server expects that
// candidate to win.
func (r *Raft) handleVote(m Message) {
	free := r.vote == "" || r.vote == m.From
	upToDate := r.log.upToDate(m.Index, m.LogTerm) || r.cfg.Bugs.has(BugVoteWithoutLogCheck)
	grant := free && upToDate
	if grant {
		r.vote, r.electionElapsed = m.From, 0
	}
	r.send(Message{Type: MsgVoteResp, To: m.From, Reject: !grant})
}

// handleVoteResp counts a candidate's votes: a majority makes it leader; a
// majority against it means it lost, and it waits as a follower for the
// winner or for its next timeout.
func (r *Raft) handleVoteResp(m Message) {
	r.votes[m.From] = !m.Reject
	granted, rejected := 0, 0
	for _, yes := range r.votes {
		if yes {
			granted++
		} else {
			rejected++
		}
	}
	switch {
	case granted >= r.quorum():
		r.becomeLeader()
	case rejected >= r.quorum():
		r.becomeFollower(r.term, "")
	}
}
