package host

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
)

// DropStdinFull is the trace's drop reason for a message to a node whose
// stdin queue is full (see Config and limits.stdinBytes).
const DropStdinFull = "stdin-full"

// errSkew is what SetSkew says in process mode.
var errSkew = errors.New("clock skew is not available in process mode: a real process reads the real clock")

// node is one node id of the cluster: the engine.Node that faults act on,
// backed by its current process. Everything in it belongs to the drive
// goroutine.
type node struct {
	c   *Cluster
	id  string
	log io.Writer // cfg.NodeLog(id)
	cur *proc     // the current incarnation

	down   bool
	paused bool

	// Flood detection: stdout lines seen in the current one-second window.
	window  time.Time
	lines   int
	flooded bool

	reports   map[string]int // problems of each kind so far, reported or not
	stdinFull bool           // a stdin-full problem is outstanding; reset when the queue drains
}

// ID implements engine.Node.
func (n *node) ID() string { return n.id }

// Down implements engine.Node: the process was killed or exited.
func (n *node) Down() bool { return n.down }

// Deliver implements engine.Endpoint: it queues the message for the
// process's stdin and returns at once. A node that does not read its stdin
// stalls only itself, until its queue is full; then messages to it are
// dropped, traced as dropped, and reported once per episode.
func (n *node) Deliver(pkt *engine.Packet) {
	if n.down {
		return // the world checks Down first; this is only a guard
	}
	switch res, waiting := n.cur.queue.add(pkt, n.c.lim.stdinBytes); res {
	case queued:
		if waiting == 0 {
			n.stdinFull = false // it caught up: the next overflow is news again
		}
	case full:
		n.c.w.Trace().Drop(n.c.w.Now(), pkt.ID, pkt.Src, pkt.Dest, DropStdinFull)
		if !n.stdinFull {
			n.stdinFull = true
			n.problem("stdin-full", fmt.Sprintf("is not reading its STDIN: %s of messages are waiting for it; "+
				"messages to it are dropped until it catches up", size(waiting)))
		}
	case closed:
		// The process has exited and Drive has not heard yet. Maelstrom's
		// write to a dead node's stdin fails silently too.
	}
}

// Kill implements engine.Node: SIGKILL to the whole process group. This is
// a fault, not a crash: OnCrash is not called for it. Lines the process
// printed before it died may still be in the inbox; they are routed, like
// messages already on the wire.
func (n *node) Kill() {
	if n.down {
		return
	}
	n.down, n.paused = true, false
	n.cur.end()
	n.cur.signal(sigKill)
}

// Restart implements engine.Node: a fresh process under the same id. The
// caller sends init.
func (n *node) Restart() error {
	if !n.down {
		return fmt.Errorf("node %s: restart: it is not down", n.id)
	}
	if n.c.stopped {
		return fmt.Errorf("node %s: restart: the cluster is stopped", n.id)
	}
	p, err := n.c.spawn(n)
	if err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	n.cur, n.down = p, false
	return nil
}

// Pause implements engine.Node: SIGSTOP to the process group. Messages keep
// arriving in its stdin pipe and queue; it reads them after Resume.
func (n *node) Pause() {
	if n.down || n.paused {
		return
	}
	n.paused = true
	n.cur.signal(sigStop)
}

// Resume implements engine.Node: SIGCONT to the process group.
func (n *node) Resume() {
	if !n.paused {
		return
	}
	n.paused = false
	if !n.down {
		n.cur.signal(sigCont)
	}
}

// SetSkew implements engine.Node. It always fails: the process reads the
// machine's clock, which Eddy cannot offset.
func (n *node) SetSkew(time.Duration) error { return errSkew }

// size formats a byte count for people.
func size(b int) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", b)
}

// problem reports a problem of this node through OnProblem. Only the first
// few of each kind are reported, so a node that prints garbage on every
// message does not bury everything else; the rest are counted and
// summarized by Stop.
func (n *node) problem(kind, text string) {
	n.reports[kind]++
	if n.reports[kind] > n.c.lim.reports {
		return
	}
	if n.reports[kind] == n.c.lim.reports {
		text += fmt.Sprintf(" (further %s problems of %s are counted, not reported)", kind, n.id)
	}
	n.c.cfg.OnProblem(engine.Problem{Time: n.c.w.Now(), Node: n.id, Kind: kind, Text: text})
}

// unreported returns one problem per kind that had more occurrences than
// were reported, in kind order so output does not depend on map order.
func (n *node) unreported(now time.Duration) []engine.Problem {
	var out []engine.Problem
	kinds := make([]string, 0, len(n.reports))
	for k := range n.reports {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		if extra := n.reports[k] - n.c.lim.reports; extra > 0 {
			out = append(out, engine.Problem{Time: now, Node: n.id, Kind: k,
				Text: fmt.Sprintf("%d more %s problems were not reported one by one (%d in all)", extra, k, n.reports[k])})
		}
	}
	return out
}
