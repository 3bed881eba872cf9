package service_test

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/rng"
	"github.com/eddy-sim/eddy/sim/service"
	"github.com/eddy-sim/eddy/sim/trace"
)

// harness is a world with the four services and test callers that send
// requests and record what comes back. The network has a constant latency,
// so every call takes a round trip of virtual time.
type harness struct {
	t        *testing.T
	w        *engine.World
	problems []string // "src: text", as OnProblem was told
	callers  map[string]*caller
}

const latency = 5 * time.Millisecond

func newHarness(t *testing.T, seed uint64) *harness {
	t.Helper()
	net := network.New(network.Config{Latency: latency, Dist: network.Constant}, []string{"n1", "n2", "n3"}, rng.Stream(seed, "network"))
	h := &harness{
		t:       t,
		w:       engine.NewWorld(net, trace.NewWriter(io.Discard, trace.Header{Eddy: "test"})),
		callers: map[string]*caller{},
	}
	err := service.Register(h.w, service.Names(), seed, func(src, text string) {
		h.problems = append(h.problems, src+": "+text)
	})
	require.NoError(t, err)
	return h
}

// caller returns the test endpoint id, registering it on first use.
func (h *harness) caller(id string) *caller {
	c, ok := h.callers[id]
	if !ok {
		c = &caller{h: h, id: id}
		h.callers[id] = c
		h.w.Register(id, c)
	}
	return c
}

// settle runs the world until nothing is left to happen.
func (h *harness) settle() {
	for h.w.Step() {
	}
}

// caller is a test endpoint: it numbers its requests 1, 2, 3, … and keeps
// every packet delivered to it.
type caller struct {
	h      *harness
	id     string
	msgID  int64
	inbox  []*engine.Packet
	unread int // index of the first packet call has not returned
}

func (c *caller) Deliver(p *engine.Packet) { c.inbox = append(c.inbox, p) }

// call sends body to dest with the next msg_id, lets the world settle and
// returns the one reply body that came back.
func (c *caller) call(dest, body string) string {
	c.h.t.Helper()
	c.msgID++
	b, err := wire.SetInt([]byte(body), "msg_id", c.msgID)
	require.NoError(c.h.t, err)
	return c.send(dest, string(b))
}

// send sends body as it is, lets the world settle and returns the one reply
// body that came back.
func (c *caller) send(dest, body string) string {
	c.h.t.Helper()
	replies := c.sendAll(dest, body)
	require.Len(c.h.t, replies, 1, "replies to %s", body)
	return replies[0]
}

// sendAll sends body as it is, lets the world settle and returns every reply
// body that came back (none, for a request a service ignores).
func (c *caller) sendAll(dest, body string) []string {
	c.h.w.Send(c.id, dest, []byte(body))
	c.h.settle()
	var out []string
	for _, p := range c.inbox[c.unread:] {
		out = append(out, string(p.Body))
	}
	c.unread = len(c.inbox)
	return out
}
