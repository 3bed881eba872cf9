package raftkv

import (
	"encoding/json"
	"fmt"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft"
	"github.com/eddy-sim/eddy/nodes/raft/rsm"
)

// Program is the reference lin-kv node.
func Program(n *node.Node) { run(n, variant{}) }

// variant is a way to build the node: the reference, or one with planted
// bugs.
type variant struct {
	raft    raft.Bug
	replica rsm.Bug
}

func run(n *node.Node, v variant) {
	s := newKV()
	cfg := rsm.DefaultConfig()
	cfg.RaftBugs, cfg.Bugs = v.raft, v.replica
	rep, err := rsm.Start(n, s, cfg)
	if err != nil {
		// Storage this program wrote cannot be read back: nothing safe
		// is left to do.
		panic(fmt.Sprintf("raftkv: %v", err))
	}
	n.Handle("read", func(msg node.Message) error {
		var req command
		if err := msg.Decode(&req); err != nil {
			return err
		}
		rep.Read(func(err error) {
			if err != nil {
				reply(n, msg, nil, err)
				return
			}
			v, ok, err := s.get(req.Key)
			switch {
			case err != nil:
				reply(n, msg, nil, node.Errorf(node.MalformedRequest, "%v", err))
			case !ok:
				reply(n, msg, nil, node.Errorf(node.KeyDoesNotExist, "key %s does not exist", req.Key))
			default:
				reply(n, msg, struct {
					Type  string          `json:"type"`
					Value json.RawMessage `json:"value"`
				}{"read_ok", v}, nil)
			}
		})
		return nil
	})
	update := func(msg node.Message) error {
		var c command
		if err := msg.Decode(&c); err != nil {
			return err
		}
		c.Op = msg.Type
		rep.Propose(mustJSON(c), func(out json.RawMessage, err error) {
			var res result
			if err == nil {
				if err = json.Unmarshal(out, &res); err == nil && res.Code != 0 {
					err = &node.Error{Code: res.Code, Text: res.Text}
				}
			}
			reply(n, msg, map[string]string{"type": msg.Type + "_ok"}, err)
		})
		return nil
	}
	n.Handle("write", update)
	n.Handle("cas", update)
}

// reply answers a client: with body, or with err if there is one.
func reply(n *node.Node, req node.Message, body any, err error) {
	if err != nil {
		err = n.ReplyError(req, err)
	} else {
		err = n.Reply(req, body)
	}
	if err != nil {
		n.Logf("raftkv: %v", err)
	}
}
