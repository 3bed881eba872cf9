package kafka

import "github.com/eddy-sim/eddy/nodes/node"

// BugBlindWrite appends by writing the cached log plus the new messages
// over lin-kv's, instead of compare-and-swapping it: when another node
// appended meanwhile, or the cache is empty after a restart, those
// messages vanish, and their offsets are handed out again.
func BugBlindWrite(n *node.Node) { run(n, true) }
