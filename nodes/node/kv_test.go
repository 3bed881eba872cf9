package node_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/rng"
	"github.com/eddy-sim/eddy/sim/service"
	"github.com/eddy-sim/eddy/sim/trace"
)

// The KV client is tested end to end: a node program running in a simulated
// world (an engine.Server) talks to Maelstrom's services (sim/service), and
// is started by an init from a test client.

// kvInbox is an endpoint that keeps every body delivered to it.
type kvInbox struct{ bodies []string }

func (e *kvInbox) Deliver(p *engine.Packet) { e.bodies = append(e.bodies, string(p.Body)) }

// kvWorld runs program as node n1 in a world that setup has furnished and
// returns the world once n1 has answered init.
func kvWorld(t *testing.T, setup func(w *engine.World), program node.Program) *engine.World {
	t.Helper()
	net := network.New(network.Config{Latency: 2 * time.Millisecond, Dist: network.Constant}, []string{"n1"}, rng.Stream(1, "network"))
	w := engine.NewWorld(net, trace.NewWriter(io.Discard, trace.Header{Eddy: "test"}))
	setup(w)
	engine.NewServer(w, "n1", program, rng.Stream(1, "n1"), engine.ServerConfig{
		OnCrash: func(id string, err error) { t.Errorf("%s crashed: %v", id, err) },
	})
	c1 := &kvInbox{}
	w.Register("c1", c1)
	w.Send("c1", "n1", []byte(`{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}`))
	w.RunUntil(0)
	require.Len(t, c1.bodies, 1)
	require.JSONEq(t, `{"type":"init_ok","in_reply_to":1}`, c1.bodies[0])
	return w
}

// kvServices returns a setup that attaches Maelstrom's services.
func kvServices(t *testing.T) func(w *engine.World) {
	return func(w *engine.World) {
		require.NoError(t, service.Register(w, service.Names(), 1, func(src, text string) { t.Errorf("%s: %s", src, text) }))
	}
}

func kvSettle(w *engine.World) {
	for w.Step() {
	}
}

// kvScript runs steps one after another: each calls next when done.
func kvScript(steps ...func(next func())) {
	if len(steps) == 0 {
		return
	}
	steps[0](func() { kvScript(steps[1:]...) })
}

// kvOutcome describes an error the way the transcript below shows it.
func kvOutcome(err error) string {
	var e *node.Error
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &e):
		return fmt.Sprintf("error %d: %s", e.Code, e.Text)
	default:
		return "plain error: " + err.Error()
	}
}

func TestKVClientAgainstLinKV(t *testing.T) {
	var log []string
	var done time.Duration
	record := func(format string, args ...any) { log = append(log, fmt.Sprintf(format, args...)) }
	program := func(n *node.Node) {
		start := n.Now()
		kv := node.NewKV(n, node.LinKV, time.Second)
		tso := node.NewTSO(n, time.Second)
		kvScript(
			func(next func()) {
				kv.Read("x", func(v json.RawMessage, err error) { record("read x: %s %s", v, kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.Write("x", 1, func(err error) { record("write x 1: %s", kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.ReadInt("x", func(v int, err error) { record("read-int x: %d %s", v, kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.CAS("x", 2, 3, false, func(err error) { record("cas x 2→3: %s", kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.CAS("x", 1, 2, false, func(err error) { record("cas x 1→2: %s", kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.CAS("y", 0, 7, false, func(err error) { record("cas y 0→7: %s", kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.CAS("y", 0, 7, true, func(err error) { record("cas y 0→7 create: %s", kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.Write(map[string]int{"k": 1}, []any{"a", nil}, func(err error) { record("write {k:1}: %s", kvOutcome(err)); next() })
			},
			func(next func()) {
				kv.Read(json.RawMessage(`{ "k" : 1 }`), func(v json.RawMessage, err error) {
					record("read {k:1}: %s %s", v, kvOutcome(err))
					next()
				})
			},
			func(next func()) {
				kv.ReadInt("y", func(v int, err error) { record("read-int y: %d %s", v, kvOutcome(err)); next() })
			},
			func(next func()) {
				tso.Timestamp(func(ts int64, err error) { record("ts: %d %s", ts, kvOutcome(err)); next() })
			},
			func(next func()) {
				tso.Timestamp(func(ts int64, err error) { record("ts: %d %s", ts, kvOutcome(err)); next() })
			},
			func(func()) { done = n.Now().Sub(start) },
		)
	}
	w := kvWorld(t, kvServices(t), program)
	kvSettle(w)
	assert.Equal(t, []string{
		`read x:  error 20: key does not exist`,
		`write x 1: ok`,
		`read-int x: 1 ok`,
		`cas x 2→3: error 22: current value 1 is not 2`,
		`cas x 1→2: ok`,
		`cas y 0→7: error 20: key does not exist`,
		`cas y 0→7 create: ok`,
		`write {k:1}: ok`,
		`read {k:1}: ["a",null] ok`,
		`read-int y: 7 ok`,
		`ts: 0 ok`,
		`ts: 1 ok`,
	}, log)
	assert.Equal(t, 12*2*2*time.Millisecond, done, "one round trip per request, one after the other")
}

func TestKVErrorsAreTypedNodeErrors(t *testing.T) {
	var readErr, casErr error
	kvSettle(kvWorld(t, kvServices(t), func(n *node.Node) {
		kv := node.NewKV(n, node.SeqKV, time.Second)
		kv.Read("missing", func(_ json.RawMessage, err error) { readErr = err })
		kv.CAS("missing", 1, 2, false, func(err error) { casErr = err })
	}))
	var e *node.Error
	require.ErrorAs(t, readErr, &e)
	assert.Equal(t, node.KeyDoesNotExist, e.Code)
	assert.Equal(t, node.KeyDoesNotExist, node.ErrorCode(casErr))
	assert.True(t, node.Definite(node.ErrorCode(casErr)))
}

func TestKVTimeoutIsCodeZero(t *testing.T) {
	var got error
	w := kvWorld(t, func(*engine.World) {}, func(n *node.Node) { // no services in this world
		node.NewKV(n, node.LinKV, 300*time.Millisecond).Write("x", 1, func(err error) { got = err })
	})
	kvSettle(w)
	assert.Equal(t, node.Timeout, node.ErrorCode(got))
	assert.Equal(t, 300*time.Millisecond, w.Now())
}

func TestKVReadIntOfANonInteger(t *testing.T) {
	var log []string
	kvSettle(kvWorld(t, kvServices(t), func(n *node.Node) {
		kv := node.NewKV(n, node.LinKV, time.Second)
		kv.Write("s", "three", nil)
		kv.Write("f", 1.5, nil)
		kv.Write("z", nil, nil)
		for _, k := range []string{"s", "f", "z"} {
			kv.ReadInt(k, func(v int, err error) { log = append(log, fmt.Sprintf("%d %s", v, kvOutcome(err))) })
		}
		kv.Read("z", func(v json.RawMessage, err error) { log = append(log, fmt.Sprintf("%s %s", v, kvOutcome(err))) })
	}))
	assert.Equal(t, []string{
		`0 plain error: lin-kv: value of "s" is "three", not an integer`,
		`0 plain error: lin-kv: value of "f" is 1.5, not an integer`,
		`0 plain error: lin-kv: value of "z" is null, not an integer`,
		`null ok`,
	}, log)
}

// The requests are what Maelstrom's library sends; create_if_not_exists
// only when true.
func TestKVRequestBodies(t *testing.T) {
	svc := &kvInbox{}
	w := kvWorld(t, func(w *engine.World) {
		w.Register("lin-kv", svc)
		w.Register("lin-tso", svc)
	}, func(n *node.Node) {
		kv := node.NewKV(n, node.LinKV, 0)
		kv.Read("k", nil)
		kv.Write("k", []int{1}, nil)
		kv.CAS("k", 1, 2, false, nil)
		kv.CAS(3, "a", nil, true, nil)
		node.NewTSO(n, 0).Timestamp(nil)
	})
	kvSettle(w)
	assert.Equal(t, []string{
		`{"msg_id":1,"type":"read","key":"k"}`,
		`{"msg_id":2,"type":"write","key":"k","value":[1]}`,
		`{"msg_id":3,"type":"cas","key":"k","from":1,"to":2}`,
		`{"msg_id":4,"type":"cas","key":3,"from":"a","to":null,"create_if_not_exists":true}`,
		`{"msg_id":5,"type":"ts"}`,
	}, svc.bodies)
}

// A key that cannot be encoded fails through the callback, as a later event
// rather than inside the call.
func TestKVUnencodableKeyFailsLater(t *testing.T) {
	var during, after error
	called := false
	kvSettle(kvWorld(t, kvServices(t), func(n *node.Node) {
		node.NewKV(n, node.LinKV, time.Second).Write(make(chan int), 1, func(err error) { called, after = true, err })
		during = fmt.Errorf("called: %v", called)
	}))
	assert.EqualError(t, during, "called: false")
	assert.True(t, called)
	assert.ErrorContains(t, after, "rpc to lin-kv")
}
