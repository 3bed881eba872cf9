package txn

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// TotallyAvailable is Gossip Glomers 6b and 6c: every node answers every
// transaction at once from its own copy, whatever the network does, and
// the copies converge in the background. It is read committed (so also
// read uncommitted), and no more; rw-register only.
func TotallyAvailable(n *node.Node) { runAvailable(n, availableConfig{}) }

type availableConfig struct {
	// planted bug: write in place as micro-ops run, and abort on
	// overwriting another node's version without undoing earlier writes
	inPlace bool
}

const (
	// replicateEvery is how often a node sends each peer what it has not
	// yet acknowledged; replicateTimeout is when it stops waiting for an
	// acknowledgement and lets the next tick send again.
	replicateEvery   = 100 * time.Millisecond
	replicateTimeout = time.Second
	keyPrefix        = "key/" // storage: one entry per key
)

// version is a key's value as one transaction left it, stamped with that
// transaction's timestamp: a Lamport time and the node that ran it.
type version struct {
	K    json.RawMessage `json:"k"`
	V    json.RawMessage `json:"v"`
	TS   uint64          `json:"ts"`
	Node string          `json:"node"`
}

// newer orders versions by timestamp, ties broken by node: a total order
// that every node applies the same way (last writer wins).
func (a version) newer(b version) bool {
	return a.TS > b.TS || a.TS == b.TS && a.Node > b.Node
}

type available struct {
	n     *node.Node
	cfg   availableConfig
	store map[string]version // the newest version of each key seen
	// clock is at least every timestamp in store, so a transaction stamped
	// clock+1 comes after every version it can read.
	clock uint64
	links map[string]*link // by peer
	gen   uint64           // counts changes to store, to tell a re-dirtied key from an acknowledged one
}

// link is what one peer still has to be sent.
type link struct {
	pending map[string]uint64 // key → gen of its last change
	busy    bool              // a replicate is in flight
}

func runAvailable(n *node.Node, cfg availableConfig) {
	a := &available{n: n, cfg: cfg, store: map[string]version{}, links: map[string]*link{}}
	for _, p := range n.Peers() {
		a.links[p] = &link{pending: map[string]uint64{}}
	}
	a.recover()
	n.Handle("txn", a.txn)
	n.Handle("replicate", a.replicated)
	n.Every(replicateEvery, a.replicate)
}

// recover reloads every key this node stored before a crash, and offers
// them all to every peer again: what it had not yet replicated is not
// known any more.
func (a *available) recover() {
	for _, k := range a.n.Storage().Keys() {
		if !strings.HasPrefix(k, keyPrefix) {
			continue
		}
		var v version
		if _, err := a.n.Load(k, &v); err != nil {
			a.n.Logf("%v", err)
			continue
		}
		a.clock = max(a.clock, v.TS)
		a.store[string(v.K)] = v
		a.changed(string(v.K))
	}
}

// put installs a version, durably, and queues it for every peer if this
// node wrote it.
func (a *available) put(v version) error {
	k := string(v.K)
	if err := a.n.Save(keyPrefix+k, v); err != nil {
		return err
	}
	a.store[k] = v
	a.clock = max(a.clock, v.TS)
	if v.Node == a.n.ID() {
		a.changed(k)
	}
	return nil
}

func (a *available) changed(k string) {
	a.gen++
	for _, l := range a.links {
		l.pending[k] = a.gen
	}
}

// txn runs a transaction on this node's copy, all at once: reads see the
// newest version here, or the transaction's own earlier write; writes are
// installed together at the end, one version per key (the last written),
// so nobody ever sees a transaction half done or its intermediate values.
func (a *available) txn(msg node.Message) error {
	_, mops, err := ParseRequest(msg)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(mops, func(m Mop) bool { return m.F == "append" }) {
		return node.Errorf(node.NotSupported, "this node keeps registers: it runs txn-rw-register, not txn-list-append")
	}
	ts := a.clock + 1
	a.clock = ts
	own := map[string]json.RawMessage{} // this transaction's writes
	done := make([]json.RawMessage, len(mops))
	for i, m := range mops {
		k := string(m.K)
		if m.F == "r" {
			v, ok := own[k]
			if !ok {
				v = a.store[k].V
			}
			if v == nil {
				v = json.RawMessage("null")
			}
			done[i] = appendMop(nil, "r", m.K, v)
			continue
		}
		done[i] = appendMop(nil, m.F, m.K, m.V)
		if !a.cfg.inPlace {
			own[k] = m.V
			continue
		}
		if cur, ok := a.store[k]; ok && cur.Node != a.n.ID() {
			return node.Errorf(node.TxnConflict, "key %s was last written by %s", m.K, cur.Node)
		}
		if err := a.put(version{K: m.K, V: m.V, TS: ts, Node: a.n.ID()}); err != nil {
			return node.Errorf(node.Crash, "%v", err)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(own)) {
		if err := a.put(version{K: json.RawMessage(k), V: own[k], TS: ts, Node: a.n.ID()}); err != nil {
			return node.Errorf(node.Crash, "%v", err) // some writes may be durable: outcome unknown
		}
	}
	return a.n.Reply(msg, struct {
		Type string            `json:"type"`
		Txn  []json.RawMessage `json:"txn"`
	}{"txn_ok", done})
}

// replicateBody is a replicate message: versions this node wrote.
type replicateBody struct {
	Type   string    `json:"type"`
	Writes []version `json:"writes"`
}

// replicate sends each idle peer every version it has not acknowledged.
// Versions are sent as they are now: one that changed again since it was
// queued goes out once, in its newest form.
func (a *available) replicate() {
	for _, p := range a.n.Peers() {
		l := a.links[p]
		if l.busy || len(l.pending) == 0 {
			continue
		}
		keys := slices.Sorted(maps.Keys(l.pending))
		body := replicateBody{Type: "replicate", Writes: make([]version, len(keys))}
		sent := make([]uint64, len(keys))
		for i, k := range keys {
			body.Writes[i], sent[i] = a.store[k], l.pending[k]
		}
		l.busy = true
		err := a.n.RPC(p, body, replicateTimeout, func(_ node.Message, err error) {
			l.busy = false
			if err != nil {
				return // the next tick sends again
			}
			for i, k := range keys {
				if l.pending[k] == sent[i] {
					delete(l.pending, k)
				}
			}
		})
		if err != nil {
			l.busy = false
			a.n.Logf("replicate to %s: %v", p, err)
		}
	}
}

// replicated installs a peer's versions that are newer than this node's,
// then acknowledges them.
func (a *available) replicated(msg node.Message) error {
	var body replicateBody
	if err := msg.Decode(&body); err != nil {
		return err
	}
	for _, v := range body.Writes {
		if cur, ok := a.store[string(v.K)]; ok && !v.newer(cur) {
			continue
		}
		if err := a.put(v); err != nil {
			return node.Errorf(node.Crash, "%v", err) // no acknowledgement: the peer sends again
		}
	}
	return a.n.Reply(msg, map[string]string{"type": "replicate_ok"})
}
