package counter

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
)

// The transcript tests are driven by hand: a message arrives (deliver), a
// tick fires (tick), and the test states exactly what the node put on the
// wire. The host's clock never moves; replies from seq-kv are delivered by
// the test, as the service would send them.

// host is a node.Host that records what the node sends and arms.
type host struct {
	rng    *rand.Rand
	store  *node.MemStorage
	out    []string // "dest body", in send order; drained by sent
	timers []node.TimerID
}

func newHost() *host {
	return &host{rng: rand.New(rand.NewPCG(1, 2)), store: node.NewMemStorage()}
}

func (h *host) Now() time.Time                            { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
func (h *host) Rand() *rand.Rand                          { return h.rng }
func (h *host) Send(dest string, body []byte)             { h.out = append(h.out, dest+" "+string(body)) }
func (h *host) SetTimer(_ time.Duration, id node.TimerID) { h.timers = append(h.timers, id) }
func (h *host) Log(string)                                {}
func (h *host) Storage() node.Storage                     { return h.store }

func (h *host) sent() []string {
	out := h.out
	h.out = nil
	return out
}

// start runs program as n2 of n1…n3 on h and takes init_ok off the wire.
func start(t *testing.T, h *host, program node.Program) *node.Node {
	t.Helper()
	h.timers = nil
	n := node.New(program, h)
	deliver(t, n, "c0", `{"type":"init","msg_id":1,"node_id":"n2","node_ids":["n1","n2","n3"]}`)
	require.Equal(t, []string{`c0 {"in_reply_to":1,"type":"init_ok"}`}, h.sent())
	return n
}

func deliver(t *testing.T, n *node.Node, src, body string) {
	t.Helper()
	require.NoError(t, n.Deliver(src, []byte(body)))
}
