package host

import (
	"sync"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/engine"
)

// stdinQueue holds the lines waiting for a process's stdin writer. Deliver
// appends (drive goroutine), the writer takes everything at once (its own
// goroutine). It is bounded in bytes, so a node that never reads cannot make
// Eddy run out of memory.
type stdinQueue struct {
	mu      sync.Mutex
	buf     []byte
	writing int           // bytes the writer took and has not written yet
	closed  bool          // stdin is closed or broken: drop everything
	wake    chan struct{} // capacity 1: "there is something to write"
}

type addResult uint8

const (
	queued addResult = iota
	full
	closed
)

// add appends the message as one envelope line, unless more than limit
// bytes would then be waiting (queued or being written). It also returns
// how many bytes were waiting before: 0 means the process had caught up. A
// message larger than the limit is still accepted when nothing waits, so
// one big message is never refused just for its size.
func (q *stdinQueue) add(p *engine.Packet, limit int) (addResult, int) {
	q.mu.Lock()
	waiting := len(q.buf) + q.writing
	switch {
	case q.closed:
		q.mu.Unlock()
		return closed, waiting
	case waiting > 0 && waiting+len(p.Body)+len(p.Src)+len(p.Dest)+64 > limit:
		q.mu.Unlock()
		return full, waiting
	}
	q.buf = wire.AppendEnvelope(q.buf, p.ID, p.Src, p.Dest, p.Body)
	q.buf = append(q.buf, '\n')
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default: // a wake-up is already pending; it will take this line too
	}
	return queued, waiting
}

// take returns everything queued and leaves spare (emptied) in its place,
// so the writer and the queue swap two buffers instead of allocating.
func (q *stdinQueue) take(spare []byte) []byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.buf
	q.buf = spare[:0]
	q.writing = len(out)
	return out
}

// written records that what take returned is in the pipe.
func (q *stdinQueue) written() {
	q.mu.Lock()
	q.writing = 0
	q.mu.Unlock()
}

// close drops what is queued and refuses what comes.
func (q *stdinQueue) close() {
	q.mu.Lock()
	q.closed, q.buf = true, nil
	q.mu.Unlock()
}
