package sim

import (
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// chatter is a test program that uses every part of the node contract, so
// that determinism and fault tests exercise all of it: it answers echo,
// gossips RPCs to random peers on a random timer, logs its clock, and keeps
// a boot counter in storage and a message counter in memory.
func chatter(n *node.Node) {
	var boots int
	_, _ = n.Load("boots", &boots)
	boots++
	_ = n.Save("boots", boots)
	seen := 0
	n.Logf("boot disk=%d mem=%d", boots, seen)
	n.Handle("echo", func(msg node.Message) error {
		var body map[string]any
		if err := msg.Decode(&body); err != nil {
			return err
		}
		body["type"] = "echo_ok"
		return n.Reply(msg, body)
	})
	n.Handle("ping", func(msg node.Message) error {
		seen++
		return n.Reply(msg, map[string]any{"type": "pong", "seen": seen})
	})
	n.Every(time.Duration(50+n.Rand().IntN(100))*time.Millisecond, func() {
		peers := n.Peers()
		if len(peers) == 0 {
			return
		}
		peer := peers[n.Rand().IntN(len(peers))]
		_ = n.RPC(peer, map[string]any{"type": "ping"}, 200*time.Millisecond, func(node.Message, error) {})
	})
	n.Every(time.Second, func() { n.Logf("clock %d", n.Now().UnixNano()) })
}
