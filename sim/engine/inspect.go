package engine

import (
	"cmp"
	"slices"
	"time"
)

// This file is for tools that watch a run between steps (the terminal
// visualizer): read-only views of what is pending, and the two manual
// interventions on a message that no fault model makes.

// Flight is a packet on its way: delivery event Seq hands it to Dest at At.
// A duplicated message is two flights with the same packet ID.
type Flight struct {
	Packet
	Seq uint64        // the delivery event's sequence number, unique in a run
	At  time.Duration // when it arrives
}

// InFlight lists the packets that were sent and are neither delivered nor
// dropped yet, in the order they will arrive. Their bodies are shared with
// the world: read them, never write them.
func (w *World) InFlight() []Flight {
	var out []Flight
	for i := range w.q {
		if e := &w.q[i]; e.kind == evDeliver {
			out = append(out, Flight{Packet: *e.pkt, Seq: e.seq, At: e.at})
		}
	}
	slices.SortFunc(out, func(a, b Flight) int { return byTime(a.At, b.At, a.Seq, b.Seq) })
	return out
}

// byTime orders events as the queue runs them: by time, then sequence.
func byTime(at1, at2 time.Duration, seq1, seq2 uint64) int {
	return cmp.Or(cmp.Compare(at1, at2), cmp.Compare(seq1, seq2))
}

// take removes the pending delivery seq from the queue.
func (w *World) take(seq uint64) (*Packet, bool) {
	for i := range w.q {
		if e := &w.q[i]; e.seq == seq && e.kind == evDeliver {
			return w.q.remove(i).pkt, true
		}
	}
	return nil, false
}

// DropInFlight drops the pending delivery seq now, tracing it with reason.
// It reports false if no such delivery is pending.
func (w *World) DropInFlight(seq uint64, reason string) bool {
	p, ok := w.take(seq)
	if ok {
		w.trace.Drop(w.now, p.ID, p.Src, p.Dest, reason)
	}
	return ok
}

// DeliverNow delivers the pending delivery seq at once, ahead of its turn,
// as if the network had been that fast. It reports false if no such
// delivery is pending. It is not a step: Events does not count it.
func (w *World) DeliverNow(seq uint64) bool {
	p, ok := w.take(seq)
	if ok {
		w.deliver(p)
	}
	return ok
}

// Timer is a timer armed by a server's running instance.
type Timer struct {
	ID uint64
	At time.Duration // when it fires
}

// Timers lists the timers the running instance has armed and that have not
// fired yet, in firing order. A cancelled timer stays listed until its time
// comes: the engine learns of a cancel only when the node ignores it.
func (s *Server) Timers() []Timer {
	var ts []event
	for _, e := range s.world.q {
		if e.kind == evTimer && e.srv == s && e.inc == s.incarnation {
			ts = append(ts, e)
		}
	}
	slices.SortFunc(ts, func(a, b event) int { return byTime(a.at, b.at, a.seq, b.seq) })
	out := make([]Timer, len(ts))
	for i, e := range ts {
		out[i] = Timer{ID: e.arg, At: e.at}
	}
	return out
}

// Paused reports whether the node is frozen by Pause.
func (s *Server) Paused() bool { return s.paused }

// Skew is the node's clock offset from true time.
func (s *Server) Skew() time.Duration { return s.skew }
