package uniqueids

import (
	"fmt"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Program generates ids that stay unique across crashes.
func Program(n *node.Node) {
	var boot int
	if _, err := n.Load("boot", &boot); err != nil {
		n.Logf("reading boot counter: %v", err)
	}
	boot++
	if err := n.Save("boot", boot); err != nil {
		// Without a durable boot counter ids could repeat: refuse to serve.
		n.Handle("generate", func(node.Message) error {
			return node.Errorf(node.TemporarilyUnavailable, "cannot persist boot counter: %v", err)
		})
		return
	}
	seq := 0
	n.Handle("generate", func(msg node.Message) error {
		seq++
		return n.Reply(msg, map[string]any{"type": "generate_ok", "id": fmt.Sprintf("%s-%d-%d", n.ID(), boot, seq)})
	})
}

// BugCounter keeps its counter only in memory, so after a restart it hands
// out the same ids again.
func BugCounter(n *node.Node) {
	seq := 0
	n.Handle("generate", func(msg node.Message) error {
		seq++
		return n.Reply(msg, map[string]any{"type": "generate_ok", "id": fmt.Sprintf("%s-%d", n.ID(), seq)})
	})
}
