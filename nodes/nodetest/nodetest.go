// Package nodetest drives one node by hand, for transcript tests that read
// like a story: a message arrives, and the test states exactly what the
// node put on the wire, logged, or armed.
//
//	h := nodetest.NewHost()
//	n := h.Boot(t, echo.Program, "n1", "n1", "n2")
//	nodetest.Deliver(t, n, "c1", `{"type":"echo","echo":"hi","msg_id":2}`)
//	assert.Equal(t, []string{`c1 {"in_reply_to":2,"echo":"hi","type":"echo_ok"}`}, h.Sent())
//
// The host's clock moves only when a test sets Clock, and timers fire only
// when a test calls n.Fire with an id from Timers. For whole clusters under
// faults, use package sim instead.
package nodetest

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Host is a node.Host that records everything the node asks of it.
type Host struct {
	Clock  time.Time
	Logs   []string
	Timers []Armed // every SetTimer call, in order
	rng    *rand.Rand
	store  *node.MemStorage
	out    []string // "dest body", in send order; drained by Sent
}

// Armed is one SetTimer call.
type Armed struct {
	After time.Duration
	ID    node.TimerID
}

// NewHost returns a host at 2025-01-01 UTC with a fixed random stream and
// empty storage.
func NewHost() *Host {
	return &Host{
		Clock: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		rng:   rand.New(rand.NewPCG(1, 2)),
		store: node.NewMemStorage(),
	}
}

func (h *Host) Now() time.Time                            { return h.Clock }
func (h *Host) Rand() *rand.Rand                          { return h.rng }
func (h *Host) Send(dest string, body []byte)             { h.out = append(h.out, dest+" "+string(body)) }
func (h *Host) SetTimer(d time.Duration, id node.TimerID) { h.Timers = append(h.Timers, Armed{d, id}) }
func (h *Host) Log(line string)                           { h.Logs = append(h.Logs, line) }
func (h *Host) Storage() node.Storage                     { return h.store }

// Sent returns what the node sent since the last call, as "dest body".
func (h *Host) Sent() []string {
	out := h.out
	h.out = nil
	return out
}

// Boot starts program on this host as node id of a cluster of ids, answers
// its init and takes the init_ok off the wire. Booting again on the same
// host is a restart: memory is new, storage is kept.
func (h *Host) Boot(t testing.TB, program node.Program, id string, ids ...string) *node.Node {
	t.Helper()
	h.Timers = nil
	n := node.New(program, h)
	body, err := json.Marshal(struct {
		Type    string   `json:"type"`
		MsgID   int      `json:"msg_id"`
		NodeID  string   `json:"node_id"`
		NodeIDs []string `json:"node_ids"`
	}{"init", 1, id, ids})
	require.NoError(t, err)
	Deliver(t, n, "c0", string(body))
	require.Equal(t, []string{`c0 {"in_reply_to":1,"type":"init_ok"}`}, h.Sent())
	return n
}

// Deliver hands n one message and requires that the runtime has nothing to
// report (no malformed body, no panic).
func Deliver(t testing.TB, n *node.Node, src, body string) {
	t.Helper()
	require.NoError(t, n.Deliver(src, []byte(body)))
}
