package counter

import (
	"fmt"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// GCounterSeqKV is the reference g-counter node, Gossip Glomers' way: one
// key per node in seq-kv, updated by compare-and-swap; reads force
// freshness with a write before summing. (It also counts negative deltas
// correctly, so it passes pn-counter too.)
func GCounterSeqKV(n *node.Node) { runSeqKV(n, seqConfig{}) }

type seqConfig struct {
	// planted bug: answer reads from a view of every node's count taken
	// after this node's own last add, never forcing freshness at read time
	snapshotReads bool
}

const (
	kvTimeout   = time.Second // well under the clients' 5 s
	maxAttempts = 10          // reads and refused CASes tried per add
	bootKey     = "boot"      // durable count of this node's starts
)

func countKey(id string) string { return "count/" + id }
func freshKey(id string) string { return "fresh/" + id }

// seqCounter is one node's client of the counter kept in seq-kv.
type seqCounter struct {
	n   *node.Node
	cfg seqConfig
	kv  *node.KV
	// cache is the value this node last wrote to its own key, if cached:
	// the likely from of the next CAS. Only a hint; the CAS checks it.
	cache  int
	cached bool
	// boot and seq make every freshness write's value one never written
	// before, even across restarts.
	boot, seq int
	view      map[string]int // planted bug: counts as read after the last add
}

func runSeqKV(n *node.Node, cfg seqConfig) {
	c := &seqCounter{n: n, cfg: cfg, kv: node.NewKV(n, node.SeqKV, kvTimeout), view: map[string]int{}}
	if _, err := n.Load(bootKey, &c.boot); err != nil {
		n.Logf("%v", err)
	}
	c.boot++
	if err := n.Save(bootKey, c.boot); err != nil {
		n.Logf("%v; freshness values now rely on their random part", err)
	}
	n.Handle("add", func(msg node.Message) error {
		var body struct {
			Delta *int `json:"delta"`
		}
		if err := msg.Decode(&body); err != nil || body.Delta == nil {
			return node.Errorf(node.MalformedRequest, "add needs an integer delta")
		}
		if *body.Delta == 0 {
			return n.Reply(msg, map[string]any{"type": "add_ok"})
		}
		c.add(*body.Delta, 1, func(err error) {
			if err != nil {
				logError(n, n.ReplyError(msg, err))
				return
			}
			_ = n.Reply(msg, map[string]any{"type": "add_ok"})
		})
		return nil
	})
	n.Handle("read", func(msg node.Message) error {
		c.read(func(v int, err error) {
			if err != nil {
				logError(n, n.ReplyError(msg, err))
				return
			}
			_ = n.Reply(msg, map[string]any{"type": "read_ok", "value": v})
		})
		return nil
	})
	n.Expose(func() any { return map[string]any{"cache": c.cache, "cached": c.cached, "boot": c.boot} })
}

// add adds delta to this node's key: read it unless cached, then CAS from
// that value to value+delta. done gets nil once the CAS succeeded, a
// definite error if the add certainly did not happen, or an indefinite one
// if it may have.
func (c *seqCounter) add(delta, attempt int, done func(error)) {
	if c.cached {
		c.cas(delta, attempt, done)
		return
	}
	c.kv.ReadInt(countKey(c.n.ID()), func(v int, err error) {
		if node.ErrorCode(err) == node.KeyDoesNotExist {
			v, err = 0, nil // the CAS creates it
		}
		if err != nil {
			if attempt < maxAttempts {
				c.add(delta, attempt+1, done) // a read changes nothing: safe to retry
				return
			}
			done(node.Errorf(node.TemporarilyUnavailable, "cannot read %s: %v", countKey(c.n.ID()), err))
			return
		}
		c.cache, c.cached = v, true
		c.cas(delta, attempt, done)
	})
}

func (c *seqCounter) cas(delta, attempt int, done func(error)) {
	from := c.cache
	c.kv.CAS(countKey(c.n.ID()), from, from+delta, true, func(err error) {
		switch node.ErrorCode(err) {
		case -1:
			c.cache, c.cached = from+delta, true
			if c.cfg.snapshotReads {
				c.snapshot()
			}
			done(nil)
		case node.PreconditionFailed:
			// Another add of this node got there first, or the value
			// read was stale. Nothing changed: read again and retry.
			c.cached = false
			if attempt < maxAttempts {
				c.add(delta, attempt+1, done)
				return
			}
			done(node.Errorf(node.TemporarilyUnavailable, "%d compare-and-swaps refused; nothing added", attempt))
		default:
			// Most likely a timeout: the CAS may have been applied.
			// Retrying could count the delta twice, so tell the client
			// the truth: outcome unknown.
			c.cached = false
			done(node.Errorf(node.Crash, "add %d: compare-and-swap on %s: %v; it may or may not have happened", delta, node.SeqKV, err))
		}
	})
}

// read sums every node's key, after a write that brings this node up to
// date with seq-kv's newest state.
func (c *seqCounter) read(done func(int, error)) {
	if c.cfg.snapshotReads {
		total := 0
		for _, v := range c.view {
			total += v
		}
		done(total, nil)
		return
	}
	c.seq++
	// boot and seq make the value new; the random part only matters if the
	// boot counter could not be stored.
	value := fmt.Sprintf("%d.%d.%x", c.boot, c.seq, c.n.Rand().Uint32())
	c.kv.Write(freshKey(c.n.ID()), value, func(err error) {
		if err != nil {
			done(0, node.Errorf(node.TemporarilyUnavailable, "freshness write: %v", err))
			return
		}
		c.sum(done)
	})
}

// sum reads every node's key at once and adds them up; a missing key counts
// as zero.
func (c *seqCounter) sum(done func(int, error)) {
	ids := c.n.NodeIDs()
	total, pending, failed := 0, len(ids), false
	for _, id := range ids {
		c.kv.ReadInt(countKey(id), func(v int, err error) {
			if failed {
				return
			}
			if node.ErrorCode(err) == node.KeyDoesNotExist {
				v, err = 0, nil
			}
			if err != nil {
				failed = true
				done(0, node.Errorf(node.TemporarilyUnavailable, "reading %s: %v", countKey(id), err))
				return
			}
			total += v
			if pending--; pending == 0 {
				done(total, nil)
			}
		})
	}
}

func logError(n *node.Node, err error) {
	if err != nil {
		n.Logf("%v", err)
	}
}

// snapshot is the planted bug's view refresh, run after each add's CAS
// succeeded: this node's position in seq-kv is then the newest state, so
// the reads it sends now see every add so far. The view is fresh — as of
// this add.
func (c *seqCounter) snapshot() {
	c.view[c.n.ID()] = c.cache
	for _, id := range c.n.Peers() {
		c.kv.ReadInt(countKey(id), func(v int, err error) {
			if err == nil && v > c.view[id] {
				c.view[id] = v
			}
		})
	}
}
