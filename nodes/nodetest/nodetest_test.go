package nodetest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/nodetest"
	"github.com/eddy-sim/eddy/nodes/uniqueids"
)

func TestEchoTranscript(t *testing.T) {
	h := nodetest.NewHost()
	n := h.Boot(t, echo.Program, "n1", "n1", "n2")
	nodetest.Deliver(t, n, "c1", `{"type":"echo","echo":"hi","msg_id":2}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":2,"echo":"hi","type":"echo_ok"}`}, h.Sent())
	assert.Empty(t, h.Sent(), "Sent drains")
}

func TestBootAgainIsARestartThatKeepsStorage(t *testing.T) {
	h := nodetest.NewHost()
	n := h.Boot(t, uniqueids.Program, "n1", "n1")
	nodetest.Deliver(t, n, "c1", `{"type":"generate","msg_id":2}`)
	first := h.Sent()
	n = h.Boot(t, uniqueids.Program, "n1", "n1")
	nodetest.Deliver(t, n, "c1", `{"type":"generate","msg_id":2}`)
	assert.NotEqual(t, first, h.Sent(), "the durable boot counter moved on")
}

func TestTimersFireByHand(t *testing.T) {
	h := nodetest.NewHost()
	fired := 0
	n := h.Boot(t, func(n *node.Node) { n.After(time.Second, func() { fired++ }) }, "n1", "n1")
	require.Equal(t, []nodetest.Armed{{After: time.Second, ID: 1}}, h.Timers)
	require.NoError(t, n.Fire(h.Timers[0].ID))
	assert.Equal(t, 1, fired)
}
