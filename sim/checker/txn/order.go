package txn

import (
	"slices"

	"github.com/eddy-sim/eddy/sim/history"
)

// event is an invocation or a completion of a transaction, at a history
// position.
type event struct {
	pos      int
	t        int32
	complete bool
}

// events lists the invocations and completions of committed (ok and info)
// transactions in history order.
func events(txns []txn) []event {
	var evs []event
	for i := range txns {
		t := &txns[i]
		if !t.committed() {
			continue
		}
		evs = append(evs, event{pos: t.invPos, t: int32(i)})
		if t.compPos >= 0 {
			evs = append(evs, event{pos: t.compPos, t: int32(i), complete: true})
		}
	}
	slices.SortFunc(evs, func(a, b event) int { return a.pos - b.pos })
	return evs
}

// processEdges links each ok transaction to the transactions its process
// invoked next, up to and including its next ok one: a process is
// single-threaded, so it ran them in that order. Info transactions get
// edges in but none out, as they may have taken effect at any later time.
func processEdges(txns []txn, b *edgeBuilder) {
	last := map[int]int32{} // process → its latest ok transaction
	for i := range txns {
		t := &txns[i]
		if !t.committed() {
			continue
		}
		if prev, ok := last[t.process]; ok {
			b.add(prev, int32(i), process)
		}
		if t.typ == history.OK {
			last[t.process] = int32(i)
		}
	}
}

// realtimeEdges links T1 to T2 when T1 completed (ok) before T2 was
// invoked, keeping only a transitive reduction's worth of edges, as Elle
// does: a frontier holds the ok transactions not yet known to precede
// another completed one. Each invocation is linked from the whole
// frontier; when a transaction completes, it replaces in the frontier
// every member it was linked from (those that completed before it was
// invoked), since it now stands for them. Edges are O(n × concurrency).
func realtimeEdges(txns []txn, evs []event, b *edgeBuilder) {
	var frontier []int32
	for _, e := range evs {
		t := &txns[e.t]
		if !e.complete {
			for _, f := range frontier {
				b.add(f, e.t, realtime)
			}
			continue
		}
		if t.typ != history.OK {
			continue
		}
		kept := frontier[:0]
		for _, f := range frontier {
			if txns[f].compPos > t.invPos {
				kept = append(kept, f)
			}
		}
		frontier = append(kept, e.t)
	}
}
