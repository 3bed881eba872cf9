package counter

import (
	"testing"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/nodetest"
)

// The transcript tests are driven by hand: a message arrives (deliver), a
// tick fires (tick), and the test states exactly what the node put on the
// wire. The host's clock never moves; replies from seq-kv are delivered by
// the test, as the service would send them.

type host = nodetest.Host

func newHost() *host { return nodetest.NewHost() }

var deliver = nodetest.Deliver

// start runs program as n2 of n1…n3 on h and takes init_ok off the wire.
func start(t *testing.T, h *host, program node.Program) *node.Node {
	t.Helper()
	return h.Boot(t, program, "n2", "n1", "n2", "n3")
}
