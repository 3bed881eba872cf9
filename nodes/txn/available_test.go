package txn_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/nodetest"
	"github.com/eddy-sim/eddy/nodes/txn"
)

// tick fires the replication timer, armed first at boot.
func tick(t *testing.T, h *nodetest.Host, n *node.Node) {
	t.Helper()
	require.Equal(t, 100*time.Millisecond, h.Timers[0].After)
	require.NoError(t, n.Fire(h.Timers[0].ID))
}

// rpcTimeout is the last RPC timeout armed: replication waits a second.
func rpcTimeout(t *testing.T, h *nodetest.Host) node.TimerID {
	t.Helper()
	for i := len(h.Timers) - 1; i >= 0; i-- {
		if h.Timers[i].After == time.Second {
			return h.Timers[i].ID
		}
	}
	t.Fatal("no RPC in flight")
	return 0
}

func TestTotallyAvailableTranscript(t *testing.T) {
	h := nodetest.NewHost()
	n0 := h.Boot(t, txn.TotallyAvailable, "n0", "n0", "n1")

	// Answered at once, from the node's own copy, reads seeing the
	// transaction's own writes.
	nodetest.Deliver(t, n0, "c1", `{"type":"txn","msg_id":2,"txn":[["r",1,null],["w",1,5],["w",1,6],["r",1,null]]}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":2,"type":"txn_ok","txn":[["r",1,null],["w",1,5],["w",1,6],["r",1,6]]}`}, h.Sent())

	// Replicated on the next tick: only the final write of the key, with
	// the transaction's timestamp.
	tick(t, h, n0)
	assert.Equal(t, []string{`n1 {"msg_id":1,"type":"replicate","writes":[{"k":1,"v":6,"ts":1,"node":"n0"}]}`}, h.Sent())
	tick(t, h, n0)
	assert.Empty(t, h.Sent(), "one batch in flight per peer")

	// Unacknowledged within a second: sent again, with what changed since.
	require.NoError(t, n0.Fire(rpcTimeout(t, h)))
	nodetest.Deliver(t, n0, "c1", `{"type":"txn","msg_id":3,"txn":[["w",2,1]]}`)
	h.Sent()
	tick(t, h, n0)
	assert.Equal(t, []string{`n1 {"msg_id":2,"type":"replicate","writes":[{"k":1,"v":6,"ts":1,"node":"n0"},{"k":2,"v":1,"ts":2,"node":"n0"}]}`}, h.Sent())
	nodetest.Deliver(t, n0, "n1", `{"type":"replicate_ok","in_reply_to":2}`)
	tick(t, h, n0)
	assert.Empty(t, h.Sent(), "acknowledged: nothing left to send")

	// The peer keeps the newest version of each key, and stamps its own
	// transactions after every version it has.
	p := nodetest.NewHost()
	n1 := p.Boot(t, txn.TotallyAvailable, "n1", "n0", "n1")
	nodetest.Deliver(t, n1, "n0", `{"type":"replicate","writes":[{"k":1,"v":6,"ts":1,"node":"n0"},{"k":2,"v":1,"ts":2,"node":"n0"}],"msg_id":2}`)
	assert.Equal(t, []string{`n0 {"in_reply_to":2,"type":"replicate_ok"}`}, p.Sent())
	nodetest.Deliver(t, n1, "n0", `{"type":"replicate","writes":[{"k":1,"v":5,"ts":1,"node":"a"}],"msg_id":3}`)
	p.Sent()
	nodetest.Deliver(t, n1, "c2", `{"type":"txn","msg_id":2,"txn":[["r",1,null],["r",2,null],["w",2,7]]}`)
	assert.Equal(t, []string{`c2 {"in_reply_to":2,"type":"txn_ok","txn":[["r",1,6],["r",2,1],["w",2,7]]}`}, p.Sent(), "(1, a) is older than (1, n0)")
	tick(t, p, n1)
	assert.Equal(t, []string{`n0 {"msg_id":1,"type":"replicate","writes":[{"k":2,"v":7,"ts":3,"node":"n1"}]}`}, p.Sent(),
		"only what n1 wrote: n0 sends its own")

	// After a crash every stored key is offered again.
	n1 = p.Boot(t, txn.TotallyAvailable, "n1", "n0", "n1")
	nodetest.Deliver(t, n1, "c2", `{"type":"txn","msg_id":3,"txn":[["r",2,null],["w",3,1]]}`)
	assert.Equal(t, []string{`c2 {"in_reply_to":3,"type":"txn_ok","txn":[["r",2,7],["w",3,1]]}`}, p.Sent())
	tick(t, p, n1)
	assert.Equal(t, []string{`n0 {"msg_id":1,"type":"replicate","writes":[{"k":1,"v":6,"ts":1,"node":"n0"},{"k":2,"v":7,"ts":3,"node":"n1"},{"k":3,"v":1,"ts":4,"node":"n1"}]}`}, p.Sent())
}

func TestTotallyAvailableRefusesAppends(t *testing.T) {
	h := nodetest.NewHost()
	n := h.Boot(t, txn.TotallyAvailable, "n0", "n0")
	nodetest.Deliver(t, n, "c1", `{"type":"txn","msg_id":2,"txn":[["w",1,1],["append",2,1]]}`)
	assert.Regexp(t, `"code":10,"text":"this node keeps registers`, h.Sent()[0])
	nodetest.Deliver(t, n, "c1", `{"type":"txn","msg_id":3,"txn":[["r",1,null]]}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":3,"type":"txn_ok","txn":[["r",1,null]]}`}, h.Sent(), "nothing of it happened")
}
