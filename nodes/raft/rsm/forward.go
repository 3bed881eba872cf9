package rsm

import (
	"encoding/json"
	"errors"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft"
)

// Followers forward what clients ask them to the leader, one hop: the
// leader proposes the command, or confirms a read index, and answers when
// that is done. A node that is not the leader answers error 11 (it did
// nothing: definite), and the follower passes that on.
//
// Every request carries a random id, which every answer, error or not,
// repeats. Replies are matched to requests by msg_id, and a node's msg_ids
// start again from 1 when it restarts: the late answer to a request of the
// previous run can reach a callback of this one. A callback that finds
// another id in its answer knows nothing of its own request's fate.

// dedupTicks is how long a leader remembers a forwarded proposal's id.
// The network may deliver a message twice; proposing the command again
// would apply it twice (a write nobody asked for, landing later than its
// own). Duplicates arrive within a few latencies; a hundred seconds of
// ticks is far more than that.
const dedupTicks = 2000

type request struct {
	Type string          `json:"type"`
	ID   uint64          `json:"id"`
	Cmd  json.RawMessage `json:"cmd,omitempty"`
}

// answer is any reply to a request: raft_forward_ok with Result,
// raft_read_index_ok with Index, or an error with Code and Text.
type answer struct {
	Type   string          `json:"type"`
	ID     uint64          `json:"id"`
	Result json.RawMessage `json:"result,omitempty"`
	Index  uint64          `json:"index,omitempty"`
	Code   int             `json:"code,omitempty"`
	Text   string          `json:"text,omitempty"`
}

// ask sends a request to the leader and calls back with its answer; err
// is set when there was none (a timeout), when it was an error, or when it
// answered another request.
func (r *Replica) ask(leader, typ string, cmd json.RawMessage, cb func(answer, error)) {
	req := request{Type: typ, ID: r.n.Rand().Uint64(), Cmd: cmd}
	err := r.n.RPC(leader, req, r.cfg.Timeout, func(reply node.Message, err error) {
		var a answer
		if reply.Body != nil {
			if derr := reply.Decode(&a); derr != nil || a.ID != req.ID {
				cb(a, node.Errorf(node.Crash, "outcome unknown: %s answered another request", leader))
				return
			}
		}
		cb(a, err)
	})
	if err != nil {
		cb(answer{}, node.Errorf(node.Crash, "%s to %s: %v", typ, leader, err))
	}
}

func (r *Replica) forward(leader string, cmd json.RawMessage, done ProposeFunc) {
	r.ask(leader, "raft_forward", cmd, func(a answer, err error) { done(a.Result, err) })
}

func (r *Replica) forwardRead(leader string, done func(error)) {
	r.ask(leader, "raft_read_index", nil, func(a answer, err error) {
		if err != nil {
			done(err)
			return
		}
		r.whenApplied(a.Index, done)
	})
}

func (r *Replica) handleForward(msg node.Message) error {
	var req request
	if err := msg.Decode(&req); err != nil {
		return err
	}
	if r.seen[req.ID] && !r.cfg.Bugs.has(BugNoDedup) {
		return nil // a duplicate: the original has been, or will be, answered
	}
	r.seen[req.ID] = true
	r.seenOrder = append(r.seenOrder, seenID{id: req.ID, tick: r.ticks})
	if r.core.Status().Role != raft.Leader {
		r.answer(msg, answer{ID: req.ID}, r.notLeader())
		return nil
	}
	r.proposeLocal(req.Cmd, func(result json.RawMessage, err error) {
		r.answer(msg, answer{Type: "raft_forward_ok", ID: req.ID, Result: result}, err)
	})
	return nil
}

func (r *Replica) handleReadIndex(msg node.Message) error {
	var req request
	if err := msg.Decode(&req); err != nil {
		return err
	}
	if r.core.Status().Role != raft.Leader {
		r.answer(msg, answer{ID: req.ID}, r.notLeader())
		return nil
	}
	r.readIndex(func(index uint64, err error) {
		r.answer(msg, answer{Type: "raft_read_index_ok", ID: req.ID, Index: index}, err)
	})
	return nil
}

func (r *Replica) notLeader() error {
	return node.Errorf(node.TemporarilyUnavailable, "%s is not the leader", r.n.ID())
}

// answer replies a, or, if err is set, an error with a's id.
func (r *Replica) answer(req node.Message, a answer, err error) {
	if err != nil {
		var e *node.Error
		if !errors.As(err, &e) {
			e = &node.Error{Code: node.Crash, Text: err.Error()}
		}
		a = answer{Type: "error", ID: a.ID, Code: e.Code, Text: e.Text}
	}
	if err := r.n.Reply(req, a); err != nil {
		r.n.Logf("raft: %v", err)
	}
}

// forgetSeen drops the ids of forwarded proposals older than dedupTicks.
func (r *Replica) forgetSeen() {
	old := 0
	for _, s := range r.seenOrder {
		if r.ticks-s.tick < dedupTicks {
			break
		}
		delete(r.seen, s.id)
		old++
	}
	r.seenOrder = r.seenOrder[old:]
}
