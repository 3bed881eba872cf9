package counter

import (
	"encoding/json"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// PNCounter is the reference pn-counter node: a PN-counter CRDT gossiped
// every 500 ms. It serves the g-counter workload as well.
func PNCounter(n *node.Node) { runCRDT(n, crdtConfig{tick: 500 * time.Millisecond, fullEvery: 4}) }

// GCounterCRDT is a g-counter CRDT: PNCounter without decrements, which it
// refuses.
func GCounterCRDT(n *node.Node) {
	runCRDT(n, crdtConfig{tick: 500 * time.Millisecond, fullEvery: 4, grow: true})
}

type crdtConfig struct {
	tick      time.Duration // how often gossip may go out
	fullEvery int           // every fullEvery-th tick sends the state even if unchanged
	grow      bool          // g-counter: refuse negative deltas
	noPersist bool          // planted bug: keep own entries only in memory
}

// counts is the CRDT state. P[i] is the sum of the positive deltas node i
// accepted, N[i] the sum of the magnitudes of its negative ones. Entries
// only grow, and only node i raises them first-hand.
type counts struct {
	P map[string]int `json:"p"`
	N map[string]int `json:"n,omitempty"`
}

func newCounts() counts { return counts{P: map[string]int{}, N: map[string]int{}} }

// merge raises every entry of c to at least the other state's, and
// reports whether anything changed.
func (c counts) merge(other counts) bool {
	changed := false
	for _, pair := range [2][2]map[string]int{{c.P, other.P}, {c.N, other.N}} {
		mine, theirs := pair[0], pair[1]
		for id, v := range theirs {
			if v > mine[id] {
				mine[id] = v
				changed = true
			}
		}
	}
	return changed
}

// add counts delta as accepted by node id.
func (c counts) add(id string, delta int) {
	if delta >= 0 {
		c.P[id] += delta
	} else {
		c.N[id] -= delta
	}
}

// value is ΣP − ΣN.
func (c counts) value() int {
	v := 0
	for _, p := range c.P {
		v += p
	}
	for _, m := range c.N {
		v -= m
	}
	return v
}

// The storage keys of a node's own entries.
const (
	keyP = "p"
	keyN = "n"
)

// crdt is one node's replica.
type crdt struct {
	n     *node.Node
	cfg   crdtConfig
	state counts
	dirty bool // own entries changed since the last gossip
	ticks int  // ticks since this start
}

func runCRDT(n *node.Node, cfg crdtConfig) {
	c := &crdt{n: n, cfg: cfg, state: newCounts()}
	if !cfg.noPersist {
		c.load()
	}
	n.Handle("add", func(msg node.Message) error {
		var body struct {
			Delta *int `json:"delta"`
		}
		if err := msg.Decode(&body); err != nil || body.Delta == nil {
			return node.Errorf(node.MalformedRequest, "add needs an integer delta")
		}
		if cfg.grow && *body.Delta < 0 {
			return node.Errorf(node.MalformedRequest, "a g-counter cannot add %d", *body.Delta)
		}
		if err := c.add(*body.Delta); err != nil {
			return err
		}
		return n.Reply(msg, map[string]any{"type": "add_ok"})
	})
	n.Handle("read", func(msg node.Message) error {
		return n.Reply(msg, map[string]any{"type": "read_ok", "value": c.state.value()})
	})
	n.Handle("counter_gossip", func(msg node.Message) error {
		var other counts
		if err := msg.Decode(&other); err != nil {
			return err
		}
		c.state.merge(other)
		return nil
	})
	n.Expose(func() any { return map[string]any{"p": c.state.P, "n": c.state.N, "value": c.state.value()} })
	n.Every(cfg.tick, c.gossip)
}

// load restores this node's own entries after a restart.
func (c *crdt) load() {
	me := c.n.ID()
	for _, e := range []struct {
		key string
		m   map[string]int
	}{{keyP, c.state.P}, {keyN, c.state.N}} {
		var v int
		if ok, err := c.n.Load(e.key, &v); err != nil {
			c.n.Logf("%v", err) // cannot happen: this program wrote it
		} else if ok {
			e.m[me] = v
		}
	}
	c.dirty = c.state.P[me] > 0 || c.state.N[me] > 0
}

// add raises this node's own entry by delta, durably, before the caller
// acknowledges it.
func (c *crdt) add(delta int) error {
	if delta == 0 {
		return nil // nothing to count, nothing to store
	}
	me := c.n.ID()
	next := newCounts()
	next.P[me], next.N[me] = c.state.P[me], c.state.N[me]
	next.add(me, delta)
	if !c.cfg.noPersist {
		key, v := keyP, next.P[me]
		if delta < 0 {
			key, v = keyN, next.N[me]
		}
		if err := c.n.Save(key, v); err != nil {
			// Not stored, so not counted: acknowledging it could lose it.
			return node.Errorf(node.TemporarilyUnavailable, "%v", err)
		}
	}
	c.state.merge(next)
	c.dirty = true
	return nil
}

// gossip sends the whole state to every peer if this node's own entries
// changed since the last tick, and on the first tick after a start and
// every fullEvery-th tick regardless.
func (c *crdt) gossip() {
	full := c.ticks%c.cfg.fullEvery == 0
	c.ticks++
	if !full && !c.dirty {
		return
	}
	c.dirty = false
	body := struct {
		Type string `json:"type"`
		counts
	}{"counter_gossip", c.state}
	b, err := json.Marshal(body) // encoding/json sorts map keys
	if err != nil {
		c.n.Logf("encoding gossip: %v", err)
		return
	}
	for _, peer := range c.n.Peers() {
		if err := c.n.Send(peer, json.RawMessage(b)); err != nil {
			c.n.Logf("gossip to %s: %v", peer, err)
		}
	}
}
