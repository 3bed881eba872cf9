package linkvproxy

import "github.com/eddy-sim/eddy/nodes/node"

// BugSeqKV is the proxy pointed at seq-kv: planted bug, reads may be stale.
func BugSeqKV(n *node.Node) { proxy(n, node.SeqKV) }
