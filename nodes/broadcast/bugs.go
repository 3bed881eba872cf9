package broadcast

import (
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// BugNoRetry sends each value to each neighbour once and never again: a
// partition or a lost message loses it for good.
func BugNoRetry(n *node.Node) {
	run(n, config{tick: 100 * time.Millisecond, retry: time.Second, noRetry: true})
}

// BugNoForward keeps every value to itself: only the node a client told
// ever knows it.
func BugNoForward(n *node.Node) {
	run(n, config{tick: 100 * time.Millisecond, retry: time.Second, noSend: true})
}

// BugFlood sends every new value to every other node, at once and on its
// own, from every node that learns it: correct on a reliable network, but
// about n² messages a value instead of n.
func BugFlood(n *node.Node) {
	run(n, config{tick: 100 * time.Millisecond, retry: time.Second, flood: true})
}
