package gset

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/nodetest"
)

// The transcript below is driven by hand: a message arrives (deliver), a
// tick fires (n.Fire), and the test states exactly what the node put on
// the wire. The host's clock never moves.

type host = nodetest.Host

func newHost() *host { return nodetest.NewHost() }

var deliver = nodetest.Deliver

// start runs Program as n2 of n1…n3 on h and takes init_ok off the wire.
func start(t *testing.T, h *host) *node.Node {
	t.Helper()
	return h.Boot(t, Program, "n2", "n1", "n2", "n3")
}

func TestTranscript(t *testing.T) {
	h := newHost()
	n := start(t, h)
	tick := func() {
		t.Helper()
		require.NoError(t, n.Fire(h.Timers[len(h.Timers)-1].ID))
	}

	// An add is stored, then acknowledged. Whitespace does not make a
	// new element.
	deliver(t, n, "c1", `{"type":"add","element":1,"msg_id":2}`)
	deliver(t, n, "c1", `{"type":"add","element":[1, 2],"msg_id":3}`)
	deliver(t, n, "c1", `{"type":"add","element":[1,2],"msg_id":4}`)
	assert.Equal(t, []string{
		`c1 {"in_reply_to":2,"type":"add_ok"}`,
		`c1 {"in_reply_to":3,"type":"add_ok"}`,
		`c1 {"in_reply_to":4,"type":"add_ok"}`,
	}, h.Sent())
	assert.Equal(t, []string{"element/1", "element/[1,2]"}, h.Storage().Keys())

	// The first tick after a start is a full round: the whole set, to
	// every peer, no acknowledgement expected.
	tick()
	assert.Equal(t, []string{
		`n1 {"type":"gset_gossip","elements":[1,[1,2]]}`,
		`n3 {"type":"gset_gossip","elements":[1,[1,2]]}`,
	}, h.Sent())

	// Merge is union: a peer's state adds what was missing, and the same
	// state again (a duplicate, a retry, a later full round) changes
	// nothing.
	deliver(t, n, "n1", `{"type":"gset_gossip","elements":[1,5]}`)
	deliver(t, n, "n1", `{"type":"gset_gossip","elements":[1,5]}`)
	assert.Empty(t, h.Sent())
	deliver(t, n, "c1", `{"type":"read","msg_id":5}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":5,"type":"read_ok","value":[1,[1,2],5]}`}, h.Sent())

	// Other ticks send only the delta: what clients added here since the
	// last tick. Elements learned from peers are not forwarded, and a
	// tick with no delta sends nothing.
	deliver(t, n, "c1", `{"type":"add","element":"x","msg_id":6}`)
	h.Sent()
	tick()
	assert.Equal(t, []string{
		`n1 {"type":"gset_gossip","elements":["x"]}`,
		`n3 {"type":"gset_gossip","elements":["x"]}`,
	}, h.Sent())
	tick()
	tick()
	assert.Empty(t, h.Sent())

	// Every fourth tick is a full round again: the anti-entropy that
	// repairs whatever deltas a partition dropped.
	tick()
	assert.Equal(t, []string{
		`n1 {"type":"gset_gossip","elements":[1,[1,2],5,"x"]}`,
		`n3 {"type":"gset_gossip","elements":[1,[1,2],5,"x"]}`,
	}, h.Sent())

	// A restarted node finds every element in storage (in storage's key
	// order) and offers them all on its first tick.
	h.Timers = nil
	n = start(t, h)
	deliver(t, n, "c1", `{"type":"read","msg_id":7}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":7,"type":"read_ok","value":["x",1,5,[1,2]]}`}, h.Sent())
	tick()
	assert.Equal(t, []string{
		`n1 {"type":"gset_gossip","elements":["x",1,5,[1,2]]}`,
		`n3 {"type":"gset_gossip","elements":["x",1,5,[1,2]]}`,
	}, h.Sent())
}

func TestBugDeltaOnlyNeverSendsTheFullSet(t *testing.T) {
	h := newHost()
	n := node.New(BugDeltaOnly, h)
	deliver(t, n, "c0", `{"type":"init","msg_id":1,"node_id":"n2","node_ids":["n1","n2"]}`)
	deliver(t, n, "c1", `{"type":"add","element":1,"msg_id":2}`)
	h.Sent()
	for range 8 {
		require.NoError(t, n.Fire(h.Timers[0].ID))
	}
	assert.Equal(t, []string{`n1 {"type":"gset_gossip","elements":[1]}`}, h.Sent(), "one delta, then silence")
}
