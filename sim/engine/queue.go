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
	q.up(len(*q) - 1)
}

func (q *queue) pop() event { return q.remove(0) }

// remove takes out the event at index i, moving the last event into its
// place and sifting it up or down to where it belongs.
func (q *queue) remove(i int) event {
	h := *q
	top := h[i]
	last := len(h) - 1
	h[i] = h[last]
	h[last] = event{}
	h = h[:last]
	*q = h
	switch {
	case i == last:
	case i > 0 && h[i].before(&h[(i-1)/2]):
		q.up(i)
	default:
		q.down(i)
	}
	return top
}

func (q *queue) up(i int) {
	h := *q
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *queue) down(i int) {
	h := *q
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
}
