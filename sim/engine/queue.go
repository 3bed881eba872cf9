package engine

import "time"

type eventKind uint8

const (
	evFunc eventKind = iota
	evDeliver
	evTimer
)

// event is one scheduled thing. It is a value, not a closure, for the common
// kinds (deliveries and timers), so scheduling them does not allocate.
type event struct {
	at   time.Duration
	seq  uint64
	kind eventKind
	pkt  *Packet
	srv  *Server
	arg  uint64 // timer id
	inc  uint64 // server incarnation the timer belongs to
	fn   func()
}

func (a *event) before(b *event) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

// queue is a binary min-heap of events.
type queue []event

func (q *queue) push(e event) {
	*q = append(*q, e)
	h := *q
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *queue) pop() event {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = event{}
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		m := l
		if r := l + 1; r < len(h) && h[r].before(&h[l]) {
			m = r
		}
		if !h[m].before(&h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}
