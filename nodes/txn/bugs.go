package txn

import (
	"encoding/json"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// BugNoIsolation is Program without isolation, like Maelstrom's
// txn_rw_register_no_isolation demo: the primary runs a transaction one
// micro-op per millisecond, each as a transaction of its own, and every
// transaction in progress takes a step each millisecond. Transactions
// interleave, each seeing others half done: dirty and intermediate reads,
// lost updates, cycles. Every micro-op is still durable.
func BugNoIsolation(n *node.Node) { runPrimary(n, primaryConfig{interleave: time.Millisecond}) }

// BugDirtyRead is TotallyAvailable with its writes done in place: each
// write is installed (and queued for replication) as its micro-op runs.
// It also aborts, with txn-conflict, a transaction about to overwrite a
// version another node wrote — a crude write-write conflict rule — but
// without undoing the writes the transaction already made. Those stay,
// and everyone may read them: writes of a transaction that failed (G1a,
// aborted read), which read committed forbids. On one node nothing
// conflicts, so it takes two.
func BugDirtyRead(n *node.Node) { runAvailable(n, availableConfig{inPlace: true}) }

// stepping is a transaction the interleaving bug has in progress.
type stepping struct {
	msg  node.Message
	mops []Mop
	done []json.RawMessage // completed micro-ops so far
}

// start queues a transaction; the first step comes at the next tick.
func (p *primary) start(msg node.Message, mops []Mop) {
	p.running = append(p.running, &stepping{msg: msg, mops: mops})
	if len(p.running) == 1 {
		p.n.After(p.cfg.interleave, p.tick)
	}
}

// tick advances every transaction in progress by one micro-op and answers
// those that are done.
func (p *primary) tick() {
	still := p.running[:0]
	for _, s := range p.running {
		if s.step(p) {
			still = append(still, s)
		}
	}
	clear(p.running[len(still):])
	p.running = still
	if len(p.running) > 0 {
		p.n.After(p.cfg.interleave, p.tick)
	}
}

// step applies the next micro-op, as a transaction of its own, and
// reports whether more remain. A failed step answers with its error and
// drops the rest.
func (s *stepping) step(p *primary) bool {
	mop := s.mops[len(s.done)]
	cmd, _ := wire.Marshal(Command{Txn: append(appendMop([]byte{'['}, mop.F, mop.K, mop.V), ']')})
	res, err := p.j.apply(cmd, mop.F != "r")
	var ok struct {
		Type string            `json:"type"`
		Txn  []json.RawMessage `json:"txn"`
	}
	if err == nil && (wire.Unmarshal(res, &ok) != nil || ok.Type != "txn_ok" || len(ok.Txn) != 1) {
		err = node.Errorf(node.Crash, "step %d: %s", len(s.done)+1, res)
	}
	if err != nil {
		s.reply(p.n, errorBody(err))
		return false
	}
	s.done = append(s.done, ok.Txn[0])
	if len(s.done) < len(s.mops) {
		return true
	}
	body, _ := wire.Marshal(map[string]any{"type": "txn_ok", "txn": s.done})
	s.reply(p.n, body)
	return false
}

func (s *stepping) reply(n *node.Node, body []byte) {
	if err := n.Reply(s.msg, json.RawMessage(body)); err != nil {
		n.Logf("%v", err)
	}
}
