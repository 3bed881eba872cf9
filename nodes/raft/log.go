package raft

import "slices"

// raftLog is a server's log in memory (§5.3) after compaction (§7): the
// entries after a snapshot, plus the index and term of the last entry the
// snapshot replaced, which AppendEntries' consistency check still needs.
//
// Invariant: entries[i].Index == snapIndex+1+i, and terms never decrease
// along the log.
type raftLog struct {
	snapIndex uint64 // last index the snapshot covers; 0 without one
	snapTerm  uint64 // term of the entry at snapIndex
	entries   []Entry

	// dirty is the first index changed since the last Ready: everything
	// from it on must be written to storage again.
	dirty uint64
}

func newLog(snap Snapshot, entries []Entry) *raftLog {
	l := &raftLog{snapIndex: snap.Index, snapTerm: snap.Term, entries: slices.Clone(entries)}
	l.dirty = l.lastIndex() + 1 // what we were given is already stored
	return l
}

func (l *raftLog) firstIndex() uint64 { return l.snapIndex + 1 }

func (l *raftLog) lastIndex() uint64 { return l.snapIndex + uint64(len(l.entries)) }

func (l *raftLog) lastTerm() uint64 {
	t, _ := l.term(l.lastIndex())
	return t
}

// term is the term of the entry at index i. It is known for the entries in
// memory and for snapIndex; ok is false for an index compacted away or
// beyond the end.
func (l *raftLog) term(i uint64) (t uint64, ok bool) {
	switch {
	case i == l.snapIndex:
		return l.snapTerm, true
	case i < l.snapIndex || i > l.lastIndex():
		return 0, false
	}
	return l.entries[i-l.firstIndex()].Term, true
}

// matches reports whether the log holds an entry at index i with term t,
// the consistency check of AppendEntries (§5.3).
func (l *raftLog) matches(i, t uint64) bool {
	got, ok := l.term(i)
	return ok && got == t
}

// slice returns a copy of the entries in [lo, hi], clipped to the log and
// to at most limit entries (0 for no limit).
func (l *raftLog) slice(lo, hi uint64, limit int) []Entry {
	lo, hi = max(lo, l.firstIndex()), min(hi, l.lastIndex())
	if lo > hi {
		return nil
	}
	if limit > 0 && hi-lo+1 > uint64(limit) {
		hi = lo + uint64(limit) - 1
	}
	return slices.Clone(l.entries[lo-l.firstIndex() : hi-l.firstIndex()+1])
}

// append adds entries that directly follow the last one.
func (l *raftLog) append(ents ...Entry) {
	if len(ents) == 0 {
		return
	}
	l.dirty = min(l.dirty, ents[0].Index)
	l.entries = append(l.entries, ents...)
}

// truncate deletes every entry from index i on: they conflict with the
// leader's (§5.3, AppendEntries receiver step 3).
func (l *raftLog) truncate(i uint64) {
	if i <= l.snapIndex || i > l.lastIndex() {
		return
	}
	l.entries = l.entries[:i-l.firstIndex()]
	l.dirty = min(l.dirty, i)
}

// compact drops the entries up to index i, which a snapshot now covers.
func (l *raftLog) compact(i uint64) {
	t, ok := l.term(i)
	if !ok || i <= l.snapIndex {
		return
	}
	l.entries = slices.Clone(l.entries[i-l.snapIndex:])
	l.snapIndex, l.snapTerm = i, t
}

// reset replaces the whole log by a snapshot: the log held nothing the
// snapshot's last entry agrees with (§7, InstallSnapshot receiver step 7).
func (l *raftLog) reset(s Snapshot) {
	l.entries = nil
	l.snapIndex, l.snapTerm = s.Index, s.Term
	l.dirty = s.Index + 1
}

// unstable returns the entries changed since the last call, to persist.
func (l *raftLog) unstable() []Entry {
	ents := l.slice(l.dirty, l.lastIndex(), 0)
	l.dirty = l.lastIndex() + 1
	return ents
}

// upToDate reports whether a log ending at (index, term) is at least as
// up-to-date as this one (§5.4.1): a later last term wins; with equal last
// terms, the longer log does.
func (l *raftLog) upToDate(index, term uint64) bool {
	last := l.lastTerm()
	return term > last || (term == last && index >= l.lastIndex())
}

// conflictHint is a follower's answer to a consistency check that failed
// at index i: where the leader should try next (the optimization at the end
// of §5.3). If the follower's log is shorter, the hint is its end; else it
// is the first index of the term the follower has at i, so the leader skips
// the whole term in one round trip instead of one entry per round trip.
func (l *raftLog) conflictHint(i uint64) (index, term uint64) {
	if i > l.lastIndex() {
		return l.lastIndex() + 1, 0
	}
	term, _ = l.term(i)
	for i > l.firstIndex() {
		if t, _ := l.term(i - 1); t != term {
			break
		}
		i--
	}
	return i, term
}

// lastIndexOf returns the last index holding an entry of term t, if any:
// the leader's side of the fast back-up.
func (l *raftLog) lastIndexOf(t uint64) (uint64, bool) {
	for i := len(l.entries) - 1; i >= 0; i-- {
		switch e := l.entries[i]; {
		case e.Term == t:
			return e.Index, true
		case e.Term < t:
			return 0, false
		}
	}
	return 0, false
}
