package linkvproxy

import (
	"encoding/json"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Program is the lin-kv proxy: every read, write and cas goes to lin-kv.
func Program(n *node.Node) { proxy(n, node.LinKV) }

// kvTimeout is how long the node waits for the service. The client gives
// up after max(10 × latency, 1 s) anyway; an answer after that helps no one.
const kvTimeout = time.Second

// request is a client's read {key}, write {key, value} or cas {key, from,
// to, create_if_not_exists}.
type request struct {
	Key    json.RawMessage `json:"key"`
	Value  json.RawMessage `json:"value"`
	From   json.RawMessage `json:"from"`
	To     json.RawMessage `json:"to"`
	Create bool            `json:"create_if_not_exists"`
}

// proxy forwards every request to service and relays the outcome.
func proxy(n *node.Node, service string) {
	kv := node.NewKV(n, service, kvTimeout)
	n.Handle("read", func(msg node.Message) error {
		req, err := decode(msg, "key")
		if err != nil {
			return err
		}
		kv.Read(req.Key, func(value json.RawMessage, err error) {
			relay(n, msg, err, map[string]any{"type": "read_ok", "value": value})
		})
		return nil
	})
	n.Handle("write", func(msg node.Message) error {
		req, err := decode(msg, "key", "value")
		if err != nil {
			return err
		}
		kv.Write(req.Key, req.Value, func(err error) {
			relay(n, msg, err, map[string]any{"type": "write_ok"})
		})
		return nil
	})
	n.Handle("cas", func(msg node.Message) error {
		req, err := decode(msg, "key", "from", "to")
		if err != nil {
			return err
		}
		kv.CAS(req.Key, req.From, req.To, req.Create, func(err error) {
			relay(n, msg, err, map[string]any{"type": "cas_ok"})
		})
		return nil
	})
}

// decode reads a request and checks that it has the keys its type needs.
func decode(msg node.Message, keys ...string) (request, error) {
	var req request
	if err := msg.Decode(&req); err != nil {
		return req, err
	}
	present := map[string]bool{"key": req.Key != nil, "value": req.Value != nil, "from": req.From != nil, "to": req.To != nil}
	for _, k := range keys {
		if !present[k] {
			return req, node.Errorf(node.MalformedRequest, "%s needs %q", msg.Type, k)
		}
	}
	return req, nil
}

// relay answers the client's request with ok, or with the service's error,
// its code kept: definite stays definite, a timeout stays indefinite.
func relay(n *node.Node, req node.Message, err error, ok any) {
	var rerr error
	if err != nil {
		rerr = n.ReplyError(req, err)
	} else {
		rerr = n.Reply(req, ok)
	}
	if rerr != nil {
		n.Logf("%v", rerr)
	}
}
