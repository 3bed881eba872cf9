package raft

// Log replication (§5.3): AppendEntries, its consistency check, and the
// leader's bookkeeping of each follower.

// progress is what a leader knows of one follower (Figure 2, "Volatile
// state on leaders").
//
// Invariant: match < next ≤ leader's last index + 1.
type progress struct {
	// match is the highest index known to be replicated on the follower:
	// its log equals the leader's up to there. It only grows.
	match uint64
	// next is the index of the next entry to send. It runs ahead of what
	// the follower acknowledged: the leader sends new entries as soon as
	// it has them instead of waiting for each answer, and a rejection (or
	// the next heartbeat finding a gap a lost message left) brings it back.
	next uint64
	// ackSeq is the latest read round the follower acknowledged.
	ackSeq uint64
	// active is set by any answer, and cleared by each quorum check.
	active bool
}

// tickLeader is the leader's clock: a heartbeat every HeartbeatTicks, so
// that followers do not start elections (§5.2), and every ElectionTicks a
// check that a majority still answers. A leader cut off from the majority
// steps down rather than keep accepting commands it cannot commit
// (dissertation §6.2, "check quorum"); the majority has likely elected
// someone else by then.
func (r *Raft) tickLeader() {
	r.heartbeatElapsed++
	r.electionElapsed++
	if r.electionElapsed >= r.cfg.ElectionTicks {
		r.electionElapsed = 0
		if !r.quorumActive() {
			r.becomeFollower(r.term, "")
			return
		}
	}
	if r.heartbeatElapsed >= r.cfg.HeartbeatTicks {
		r.heartbeatElapsed = 0
		r.broadcastAppend()
	}
}

func (r *Raft) quorumActive() bool {
	active := 1 // the leader itself
	for _, p := range r.peers {
		if r.progress[p].active {
			active++
		}
		r.progress[p].active = false
	}
	return active >= r.quorum()
}

func (r *Raft) broadcastAppend() {
	for _, p := range r.peers {
		r.sendAppend(p)
	}
}

// sendAppend sends a follower the entries from its next index on (or just
// a heartbeat, if it has them all), with the index and term of the entry
// before them for the consistency check. If that entry is compacted away,
// the follower needs the snapshot instead (§7).
func (r *Raft) sendAppend(to string) {
	pr := r.progress[to]
	prev := pr.next - 1
	prevTerm, ok := r.log.term(prev)
	if !ok {
		r.sendSnapshot(to)
		return
	}
	ents := r.log.slice(pr.next, r.log.lastIndex(), r.cfg.MaxEntries)
	r.send(Message{Type: MsgApp, To: to, Index: prev, LogTerm: prevTerm, Commit: r.commit, Entries: ents, Seq: r.readSeq})
	if n := len(ents); n > 0 {
		pr.next = ents[n-1].Index + 1
	}
}

// handleAppend is a follower's side of AppendEntries (Figure 2,
// "AppendEntries RPC, receiver implementation"). The consistency check
// makes logs agree by induction: the follower accepts entries only right
// after an entry it holds with the same index and term as the leader's,
// so, once it accepts, its log equals the leader's up to the last new
// entry.
func (r *Raft) handleAppend(m Message) {
	resp := Message{Type: MsgAppResp, To: m.From, Seq: m.Seq}
	prev, prevTerm, ents := m.Index, m.LogTerm, m.Entries
	if snap := r.log.snapIndex; prev < snap {
		// The snapshot covers prev. What it covers is committed, so it is
		// in the leader's log too (Leader Completeness, §5.4): skip it.
		skip := snap - prev
		if uint64(len(ents)) <= skip {
			resp.Index = snap
			r.send(resp)
			return
		}
		ents, prev, prevTerm = ents[skip:], snap, r.log.snapTerm
	}
	if !r.log.matches(prev, prevTerm) {
		resp.Reject = true
		resp.Index, resp.LogTerm = r.log.conflictHint(prev)
		r.send(resp)
		return
	}
	r.appendEntries(ents)
	// Commit no further than the last new entry: entries after it may be
	// left over from another leader and not match this one's.
	last := prev + uint64(len(ents))
	r.commitTo(min(m.Commit, last))
	resp.Index = last
	r.send(resp)
}

// appendEntries stores the leader's entries after a successful consistency
// check. An entry already held with the same term is the same entry, so it
// stays (a late or duplicated AppendEntries must not cut off entries a
// later one added). The first that differs in term, and everything after
// it, came from a leader that lost: it is deleted and replaced (§5.3).
func (r *Raft) appendEntries(ents []Entry) {
	for i, e := range ents {
		t, ok := r.log.term(e.Index)
		switch {
		case !ok:
			r.log.append(ents[i:]...)
			return
		case t == e.Term:
			continue
		case r.cfg.Bugs.has(BugNoTruncateOnConflict):
			continue // keeps its own entry, which the leader does not have
		}
		r.log.truncate(e.Index)
		r.log.append(ents[i:]...)
		return
	}
}

// handleAppendResp is the leader's side. A success moves the follower's
// match forward, which may commit entries, and sends what the follower
// still lacks; a rejection moves next back to where the follower's hint
// says the logs may agree, and retries from there at once.
// Either way the answer acknowledges this server as leader for the read
// round it echoes.
func (r *Raft) handleAppendResp(m Message) {
	pr := r.progress[m.From]
	pr.active = true
	if m.Seq > pr.ackSeq {
		pr.ackSeq = m.Seq
		r.releaseReads()
	}
	if m.Reject {
		// Only a rejection that moves next back, and not below what the
		// follower already acknowledged, is news. Others answer messages
		// sent before an earlier answer was handled (or are duplicates):
		// resending for each would start one more chain of messages per
		// stale answer.
		if next := r.backUp(m.Index, m.LogTerm); next > pr.match && next < pr.next {
			pr.next = next
			r.sendAppend(m.From)
		}
		return
	}
	if m.Index <= pr.match || m.Index > r.log.lastIndex() {
		return // old news, or nonsense: sending again would only repeat it
	}
	pr.match = m.Index
	pr.next = max(pr.next, pr.match+1)
	r.maybeCommit()
	if pr.next <= r.log.lastIndex() {
		r.sendAppend(m.From)
	}
}

// backUp turns a follower's conflict hint into the next index to try (the
// optimization at the end of §5.3). If the leader holds entries of the
// follower's conflicting term, both logs agree up to the leader's last
// entry of that term (they came from the same leader); otherwise the whole
// term is skipped.
func (r *Raft) backUp(index, term uint64) uint64 {
	if term != 0 {
		if last, ok := r.log.lastIndexOf(term); ok {
			return last + 1
		}
	}
	return index
}
