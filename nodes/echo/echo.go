package echo

import "github.com/eddy-sim/eddy/nodes/node"

// Program answers every echo request with the same body, typed echo_ok.
func Program(n *node.Node) {
	n.Handle("echo", func(msg node.Message) error {
		var body map[string]any
		if err := msg.Decode(&body); err != nil {
			return err
		}
		body["type"] = "echo_ok"
		delete(body, "msg_id") // a reply needs only in_reply_to
		return n.Reply(msg, body)
	})
}

// BugStale echoes the payload of the previous request instead of this one:
// a node that mixes up its requests.
func BugStale(n *node.Node) {
	var last any = "nothing yet"
	n.Handle("echo", func(msg node.Message) error {
		var body struct {
			Echo any `json:"echo"`
		}
		if err := msg.Decode(&body); err != nil {
			return err
		}
		reply := map[string]any{"type": "echo_ok", "echo": last}
		last = body.Echo
		return n.Reply(msg, reply)
	})
}
