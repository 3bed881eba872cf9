package rsm

import (
	"fmt"
	"strings"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft"
)

// The storage layout: the hard state and the snapshot under one key each,
// and one key per log entry, so that appending an entry writes one key and
// never rewrites the log. Indexes are zero-padded so that storage's sorted
// key order is log order.
const (
	stateKey    = "raft/state"
	snapshotKey = "raft/snapshot"
	logPrefix   = "raft/log/"
)

func entryKey(index uint64) string { return fmt.Sprintf("%s%020d", logPrefix, index) }

// load reads what a previous run of this node stored.
func load(s node.Storage) (raft.Persisted, error) {
	var p raft.Persisted
	if err := get(s, stateKey, &p.HardState); err != nil {
		return p, err
	}
	if err := get(s, snapshotKey, &p.Snapshot); err != nil {
		return p, err
	}
	for _, key := range s.Keys() {
		if !strings.HasPrefix(key, logPrefix) {
			continue
		}
		var e raft.Entry
		if err := get(s, key, &e); err != nil {
			return p, err
		}
		p.Entries = append(p.Entries, e)
	}
	return p, nil
}

func get(s node.Storage, key string, v any) error {
	b, ok := s.Get(key)
	if !ok {
		return nil
	}
	if err := wire.Unmarshal(b, v); err != nil {
		return fmt.Errorf("stored %s: %w", key, err)
	}
	return nil
}

// persist makes a Ready's state durable before anything is sent. A
// replica that cannot store must not go on, or it would vote or
// acknowledge on state it may forget: it crashes instead.
func (r *Replica) persist(rd raft.Ready) {
	if hs := rd.HardState; hs != nil {
		r.put(stateKey, *hs)
	}
	if s := rd.Snapshot; s != nil {
		r.storeSnapshot(*s)
	}
	if r.cfg.Bugs.has(BugLogNotPersisted) {
		return
	}
	for _, e := range rd.Entries {
		r.put(entryKey(e.Index), e)
		r.lastStored = max(r.lastStored, e.Index)
	}
	// Entries after the log's end were replaced: by a conflict (§5.3) or
	// by a snapshot that did not match the log (§7).
	for i := rd.LastIndex + 1; i <= r.lastStored; i++ {
		r.delete(entryKey(i))
	}
	r.lastStored = max(rd.LastIndex, r.snapIndex)
}

// storeSnapshot stores a snapshot, then deletes the entries it covers.
func (r *Replica) storeSnapshot(s raft.Snapshot) {
	r.put(snapshotKey, s)
	for i := r.snapIndex + 1; i <= min(s.Index, r.lastStored); i++ {
		r.delete(entryKey(i))
	}
	r.snapIndex = s.Index
	r.lastStored = max(r.lastStored, s.Index)
}

func (r *Replica) put(key string, v any) {
	if err := r.n.Save(key, v); err != nil {
		panic(fmt.Sprintf("rsm %s: %v", r.n.ID(), err))
	}
}

func (r *Replica) delete(key string) {
	if err := r.n.Storage().Delete(key); err != nil {
		panic(fmt.Sprintf("rsm %s: delete %s: %v", r.n.ID(), key, err))
	}
}
