package txn

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// Program is the reference node of both txn workloads: the first node of
// node_ids is the primary and runs every transaction, one at a time, on
// its Machine, made durable by a journal; the other nodes forward their
// clients' transactions to it and relay the answers. On a single node
// (Gossip Glomers 6a) that is simply: apply each transaction locally.
func Program(n *node.Node) { runPrimary(n, primaryConfig{}) }

type primaryConfig struct {
	// planted bug: run transactions a micro-op at a time, one step of
	// every transaction in progress each tick, on the live state
	interleave time.Duration
}

const (
	// forwardTimeout is how long a forwarding node waits for the primary,
	// well under the clients' 5 s, so that a client learns early that the
	// outcome is unknown.
	forwardTimeout = time.Second
	// snapshotEvery is how many logged transactions the journal keeps
	// before it takes a snapshot.
	snapshotEvery = 1000
)

// txnRequest is a txn message's body: a Command, to which a forwarding
// node adds the client and its msg_id.
type txnRequest struct {
	Type string `json:"type"`
	Command
}

// ParseRequest reads a txn request, from a client or forwarded by a node,
// into the Command that runs it, and checks its transaction. A client's
// request is identified by the client and its msg_id, so that Machine runs
// it once however often it arrives. Errors are *node.Error values, ready
// to reply with.
func ParseRequest(msg node.Message) (Command, []Mop, error) {
	var req txnRequest
	if err := msg.Decode(&req); err != nil {
		return Command{}, nil, err
	}
	if req.Client == "" {
		req.Client, req.Seq = msg.Src, msg.MsgID
	}
	mops, err := ParseTxn(req.Txn)
	return req.Command, mops, err
}

func writes(mops []Mop) bool {
	return slices.ContainsFunc(mops, func(m Mop) bool { return m.F != "r" })
}

type primary struct {
	n   *node.Node
	cfg primaryConfig
	j   *journal
	// running are the transactions the interleaving bug has in progress.
	running []*stepping
}

func runPrimary(n *node.Node, cfg primaryConfig) {
	leader := n.NodeIDs()[0]
	if n.ID() != leader {
		n.Handle("txn", func(msg node.Message) error { return forward(n, leader, msg) })
		return
	}
	j, err := openJournal(n.Storage(), NewMachine(), snapshotEvery)
	if err != nil {
		// Serving from a state missing committed transactions would
		// break every promise made before the crash: better to refuse.
		n.Logf("cannot recover: %v", err)
		n.Handle("txn", func(node.Message) error {
			return node.Errorf(node.TemporarilyUnavailable, "primary %s cannot recover its state", n.ID())
		})
		return
	}
	p := &primary{n: n, cfg: cfg, j: j}
	n.Handle("txn", p.txn)
}

// txn runs a transaction from a client or a forwarding node.
func (p *primary) txn(msg node.Message) error {
	c, mops, err := ParseRequest(msg)
	if err != nil {
		return err
	}
	if p.cfg.interleave > 0 {
		p.start(msg, mops)
		return nil
	}
	cmd, err := wire.Marshal(c)
	if err != nil {
		return err
	}
	res, err := p.j.apply(cmd, writes(mops))
	switch {
	case err != nil:
		return node.Errorf(node.Crash, "%v", err) // the outcome is unknown
	case res == nil:
		p.n.Logf("dropped a duplicate of %s's request %d", c.Client, c.Seq)
		return nil
	}
	return p.n.Reply(msg, json.RawMessage(res))
}

// forward sends a client's transaction to the primary and relays its
// answer, or says that none came: then the transaction may or may not
// have happened, so the error is an indefinite one.
func forward(n *node.Node, leader string, msg node.Message) error {
	c, _, err := ParseRequest(msg)
	if err != nil {
		return err // refuse what the primary would refuse, without asking it
	}
	return n.RPC(leader, txnRequest{Type: "txn", Command: c}, forwardTimeout, func(reply node.Message, _ error) {
		body := json.RawMessage(reply.Body) // the primary's txn_ok or error, relayed as it is
		if len(body) == 0 {
			body = errorBody(node.Errorf(node.Timeout, "no answer from primary %s within %v: the transaction may or may not have happened", leader, forwardTimeout))
		}
		if err := n.Reply(msg, body); err != nil {
			n.Logf("relaying to %s: %v", msg.Src, err)
		}
	})
}
