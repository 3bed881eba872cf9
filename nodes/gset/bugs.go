package gset

import (
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// BugDeltaOnly gossips only deltas, each once, and never the full set: it
// trusts the network to deliver every message. An element added while a
// partition cut its node off from others never reaches them.
func BugDeltaOnly(n *node.Node) { run(n, config{tick: 500 * time.Millisecond}) }
