package txn

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// journal makes a StateMachine durable on one node, the way a Raft log
// does on each replica: every command that changes the state is written
// to storage before its result goes out, and now and then a snapshot
// replaces the commands it covers. After a crash, recover restores the
// snapshot and replays the commands logged since.
//
// Storage keys: "snapshot" holds {"index": i, "state": …}, the state after
// command i; "log/<index>" (zero-padded, so that Storage's sorted Keys
// list them in order) holds command index itself.
type journal struct {
	store node.Storage
	sm    StateMachine
	every uint64 // snapshot after this many logged commands
	// snap is the index of the last command the snapshot covers; next is
	// the index the next command gets.
	snap, next uint64
}

const (
	snapshotKey = "snapshot"
	logPrefix   = "log/"
)

type snapshotRecord struct {
	Index uint64          `json:"index"`
	State json.RawMessage `json:"state"`
}

func logKey(i uint64) string { return fmt.Sprintf("%s%016d", logPrefix, i) }

// openJournal recovers sm from store: the snapshot, then every command
// logged after it, in order.
func openJournal(store node.Storage, sm StateMachine, every uint64) (*journal, error) {
	j := &journal{store: store, sm: sm, every: every, next: 1}
	if b, ok := store.Get(snapshotKey); ok {
		var rec snapshotRecord
		if err := wire.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("journal: reading the snapshot: %w", err)
		}
		if err := sm.Restore(rec.State); err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
		j.snap, j.next = rec.Index, rec.Index+1
	}
	for _, k := range store.Keys() {
		rest, ok := strings.CutPrefix(k, logPrefix)
		if !ok {
			continue
		}
		i, err := strconv.ParseUint(rest, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("journal: log key %q: %w", k, err)
		}
		if i <= j.snap {
			// Covered by the snapshot; a crash interrupted the clean-up.
			if err := store.Delete(k); err != nil {
				return nil, fmt.Errorf("journal: %w", err)
			}
			continue
		}
		if i != j.next {
			return nil, fmt.Errorf("journal: command %d follows %d: the log has a hole", i, j.next-1)
		}
		cmd, _ := store.Get(k)
		sm.Apply(cmd)
		j.next++
	}
	return j, nil
}

// apply logs cmd, if it may change the state, then applies it and
// returns the result. Logging comes first, as in Raft: a command is
// applied only once it will survive a crash.
func (j *journal) apply(cmd []byte, changes bool) ([]byte, error) {
	if !changes {
		return j.sm.Apply(cmd), nil
	}
	if err := j.store.Put(logKey(j.next), cmd); err != nil {
		return nil, fmt.Errorf("journal: logging command %d: %w", j.next, err)
	}
	j.next++
	res := j.sm.Apply(cmd)
	if j.next-1-j.snap >= j.every {
		if err := j.compact(); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// compact writes a snapshot of the state after the last logged command,
// then deletes the commands it covers.
func (j *journal) compact() error {
	last := j.next - 1
	b, err := wire.Marshal(snapshotRecord{Index: last, State: j.sm.Snapshot()})
	if err == nil {
		err = j.store.Put(snapshotKey, b)
	}
	if err != nil {
		return fmt.Errorf("journal: snapshot at %d: %w", last, err)
	}
	for i := j.snap + 1; i <= last; i++ {
		if err := j.store.Delete(logKey(i)); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	j.snap = last
	return nil
}
