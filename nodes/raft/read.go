package raft

// Linearizable reads without writing to the log: ReadIndex (§8; Ongaro's
// dissertation, §6.4).
//
// A leader may only answer a read with what it has applied if two things
// hold when the read arrives. Its commit index must be current: a new
// leader knows its log holds every committed entry, but not which ones
// are committed until it commits an entry of its own term (the no-op of
// §8). And it must still be the leader: another may have been elected
// behind its back and committed writes it has never seen. So the leader
// notes its commit index as the read's index, then sends a round of
// heartbeats; once a majority has answered that round it knows no other
// leader existed when the read arrived, and the read can be served as soon
// as the state machine has applied the read's index.

// ReadState is the outcome of a ReadIndex request.
type ReadState struct {
	Ctx uint64 // the caller's name for the read
	// Index is the commit index when the read arrived: serve the read once
	// the state machine has applied it.
	Index uint64
	// Lost is set when the server stopped being leader before it could
	// confirm the read; nothing was read, ask again.
	Lost bool
}

type pendingRead struct {
	ctx   uint64
	index uint64
	seq   uint64 // the heartbeat round confirming it; 0 until one starts
}

// ReadIndex asks the leader for a safe point to serve a read; the answer
// comes in a later Ready's Reads, under ctx. Followers return ErrNotLeader;
// they can forward the request to the leader and wait for the index to be
// applied locally (dissertation §6.4.1).
func (r *Raft) ReadIndex(ctx uint64) error {
	if r.role != Leader {
		return ErrNotLeader
	}
	if r.cfg.Bugs.has(BugStaleLeaderReads) {
		r.readStates = append(r.readStates, ReadState{Ctx: ctx, Index: r.commit})
		return nil
	}
	r.reads = append(r.reads, pendingRead{ctx: ctx})
	r.startReadRound()
	return nil
}

// startReadRound starts a heartbeat round for the reads that wait for
// one, once the leader has committed an entry of its own term.
func (r *Raft) startReadRound() {
	if t, _ := r.log.term(r.commit); t != r.term && !r.cfg.Bugs.has(BugReadBeforeOwnTermCommit) {
		return
	}
	waiting := false
	for i := range r.reads {
		if r.reads[i].seq == 0 {
			if !waiting {
				r.readSeq++
				waiting = true
			}
			r.reads[i].index, r.reads[i].seq = r.commit, r.readSeq
		}
	}
	if waiting {
		r.broadcastAppend()
		r.releaseReads() // a single server is its own majority
	}
}

// releaseReads hands out the reads whose round a majority acknowledged.
// Rounds are numbered in order, so these are a prefix of the queue.
func (r *Raft) releaseReads() {
	done := 0
	for _, rd := range r.reads {
		if rd.seq == 0 || !r.acknowledged(rd.seq) {
			break
		}
		r.readStates = append(r.readStates, ReadState{Ctx: rd.ctx, Index: rd.index})
		done++
	}
	r.reads = r.reads[done:]
}

func (r *Raft) acknowledged(seq uint64) bool {
	acks := 1 // the leader
	for _, p := range r.peers {
		if r.progress[p].ackSeq >= seq {
			acks++
		}
	}
	return acks >= r.quorum()
}

// dropReads gives up on every pending read: the server is no longer the
// leader of the term they arrived in.
func (r *Raft) dropReads() {
	for _, rd := range r.reads {
		r.readStates = append(r.readStates, ReadState{Ctx: rd.ctx, Lost: true})
	}
	r.reads = nil
}
