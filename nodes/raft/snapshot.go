package raft

import (
	"encoding/json"
	"fmt"
)

// Log compaction (§7).

// Compact records a snapshot of the state machine taken after applying
// every entry up to index, and drops the log up to there. It returns the
// snapshot, which the caller stores before deleting the stored entries it
// covers; the server keeps it to send to followers whose next entries it
// no longer has.
func (r *Raft) Compact(index uint64, data json.RawMessage) (Snapshot, error) {
	if index > r.applied {
		return Snapshot{}, fmt.Errorf("raft %s: compact to %d: only %d entries are applied", r.cfg.ID, index, r.applied)
	}
	if index <= r.log.snapIndex {
		return Snapshot{}, fmt.Errorf("raft %s: compact to %d: already compacted to %d", r.cfg.ID, index, r.log.snapIndex)
	}
	term, _ := r.log.term(index)
	r.snapshot = Snapshot{Index: index, Term: term, Data: data}
	r.log.compact(index)
	return r.snapshot, nil
}

// sendSnapshot sends the leader's snapshot in one message (InstallSnapshot
// without its chunking). As with entries, next moves on at once; if the
// snapshot is lost, the next heartbeat is rejected and brings it back.
func (r *Raft) sendSnapshot(to string) {
	snap := r.snapshot
	r.send(Message{Type: MsgSnap, To: to, Snapshot: &snap, Seq: r.readSeq})
	r.progress[to].next = snap.Index + 1
}

// handleSnapshot is a follower's side of InstallSnapshot (Figure 13). A
// snapshot covering no more than the follower has committed is old news.
// Otherwise, if the follower's log holds the snapshot's last entry, the
// entries after it stay (they match the leader's, by Log Matching); if
// not, the whole log is discarded. Either way the state machine is to be
// reset from the snapshot, which Ready hands to the caller.
func (r *Raft) handleSnapshot(m Message) {
	s := *m.Snapshot
	resp := Message{Type: MsgAppResp, To: m.From, Seq: m.Seq, Index: r.commit}
	if s.Index > r.commit {
		if r.log.matches(s.Index, s.Term) {
			r.log.compact(s.Index)
		} else {
			r.log.reset(s)
		}
		r.snapshot, r.newSnapshot = s, &s
		r.commit, r.applied = s.Index, s.Index
		resp.Index = s.Index
	}
	r.send(resp)
}
