package engine_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/trace"
)

const ms = time.Millisecond

// world is a World over nodes n1 and n2 with a constant 1 ms latency, whose
// trace is kept in memory so tests can read it back.
type world struct {
	*engine.World
	buf bytes.Buffer
	tr  *trace.Writer
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{}
	w.tr = trace.NewWriter(&w.buf, trace.Header{Eddy: "test"})
	net := network.New(network.Config{Latency: ms, Dist: network.Constant}, []string{"n1", "n2"}, rand.New(rand.NewPCG(1, 2)))
	w.World = engine.NewWorld(net, w.tr)
	return w
}

// events closes the trace and returns its events, each as a short line:
// "1ms deliver c1→n1", "2ms drop c1→n1 node-down", "3ms crash n1", ….
func (w *world) events(t *testing.T) []string {
	t.Helper()
	_, err := w.tr.Close()
	require.NoError(t, err)
	tr, err := trace.Read(&w.buf)
	require.NoError(t, err)
	var out []string
	for _, e := range tr.Events {
		line := fmt.Sprintf("%v %s", e.T, e.Kind)
		switch e.Kind {
		case trace.KindSend:
			line += fmt.Sprintf(" %s→%s %s", e.Src, e.Dest, e.Body)
		case trace.KindDeliver:
			line += fmt.Sprintf(" %s→%s", e.Src, e.Dest)
		case trace.KindDrop:
			line += fmt.Sprintf(" %s→%s %s", e.Src, e.Dest, e.Reason)
		case trace.KindTimer:
			line += fmt.Sprintf(" %s #%d", e.Node, e.Timer)
		case trace.KindCrash:
			line += " " + e.Node
		case trace.KindLog:
			line += fmt.Sprintf(" %s %q", e.Node, e.Text)
		}
		out = append(out, line)
	}
	return out
}

// client is an endpoint that records the bodies it receives.
type client struct{ got []string }

func (c *client) Deliver(p *engine.Packet) { c.got = append(c.got, string(p.Body)) }

func initBody(id string) string {
	return fmt.Sprintf(`{"type":"init","msg_id":1,"node_id":%q,"node_ids":["n1","n2"]}`, id)
}

// --- the event queue ---

func TestEventsAtTheSameTimeRunInInsertionOrder(t *testing.T) {
	w := newWorld(t)
	var ran []string
	at := func(d time.Duration, label string) { w.At(d, func() { ran = append(ran, label) }) }

	// Enough events, with enough ties, to exercise the heap.
	var want []string
	for slot := range 5 {
		for i := range 20 {
			want = append(want, fmt.Sprintf("t%d/%02d", slot, i))
		}
	}
	for i := range 20 {
		for _, slot := range []int{3, 0, 4, 1, 2} {
			at(time.Duration(slot)*ms, fmt.Sprintf("t%d/%02d", slot, i))
		}
	}

	for w.Step() {
	}

	assert.Equal(t, want, ran)
	assert.Equal(t, 4*ms, w.Now())
	assert.Equal(t, int64(100), w.Events())
}

func TestEventScheduledInThePastRunsNowAfterThoseAlreadyDue(t *testing.T) {
	w := newWorld(t)
	var ran []string
	w.At(5*ms, func() {
		ran = append(ran, "first")
		w.At(5*ms, func() { ran = append(ran, fmt.Sprintf("same instant at %v", w.Now())) })
		w.At(1*ms, func() { ran = append(ran, fmt.Sprintf("in the past, run at %v", w.Now())) })
	})
	w.At(5*ms, func() { ran = append(ran, "second") })

	w.RunUntil(time.Second)

	assert.Equal(t, []string{"first", "second", "same instant at 5ms", "in the past, run at 5ms"}, ran)
}

func TestRunUntilRunsDueEventsAndLeavesTheClockAtT(t *testing.T) {
	w := newWorld(t)
	var ran []time.Duration
	for _, d := range []time.Duration{1 * ms, 3 * ms, 3 * ms, 7 * ms} {
		w.At(d, func() { ran = append(ran, w.Now()) })
	}

	w.RunUntil(3 * ms)
	assert.Equal(t, []time.Duration{1 * ms, 3 * ms, 3 * ms}, ran, "t itself is included")
	assert.Equal(t, 3*ms, w.Now())

	w.RunUntil(5 * ms)
	assert.Equal(t, 5*ms, w.Now(), "the clock moves to t even with nothing to run")
	next, ok := w.Next()
	assert.True(t, ok)
	assert.Equal(t, 7*ms, next)

	w.RunUntil(4 * ms)
	assert.Equal(t, 5*ms, w.Now(), "time never goes back")

	w.After(0, func() { ran = append(ran, w.Now()) })
	w.RunUntil(10 * ms)
	assert.Equal(t, []time.Duration{1 * ms, 3 * ms, 3 * ms, 5 * ms, 7 * ms}, ran)
	assert.Equal(t, 10*ms, w.Now())
	_, ok = w.Next()
	assert.False(t, ok)
	assert.False(t, w.Step())
}

// --- sending ---

func TestSendDeliversAfterTheLatency(t *testing.T) {
	w := newWorld(t)
	a, b := &client{}, &client{}
	w.Register("n1", a)
	w.Register("n2", b)

	w.Send("n1", "n2", []byte(`{"type":"gossip"}`))
	w.Send("c9", "n1", []byte(`{"type":"echo"}`))
	w.RunUntil(10 * ms)

	assert.Equal(t, []string{`{"type":"echo"}`}, a.got)
	assert.Equal(t, []string{`{"type":"gossip"}`}, b.got)
	assert.Equal(t, []string{
		`0s send n1→n2 {"type":"gossip"}`,
		`0s send c9→n1 {"type":"echo"}`,
		`0s deliver c9→n1`, // clients are co-located: no latency
		`1ms deliver n1→n2`,
	}, w.events(t))
	assert.Equal(t, engine.NetCounts{Sends: 1, Recvs: 1}, w.Clients)
	assert.Equal(t, engine.NetCounts{Sends: 1, Recvs: 1}, w.Servers)
}

func TestSendToAnUnregisteredDestIsDroppedAndReported(t *testing.T) {
	w := newWorld(t)
	w.Register("n1", &client{})
	var unknown []string
	w.OnUnknownDest = func(src, dest string) { unknown = append(unknown, src+"→"+dest) }

	w.Send("n1", "n7", []byte(`{"type":"gossip"}`))
	w.RunUntil(time.Second)

	assert.Equal(t, []string{"n1→n7"}, unknown)
	assert.Equal(t, []string{
		`0s send n1→n7 {"type":"gossip"}`,
		`0s drop n1→n7 unknown-dest`,
	}, w.events(t))
	assert.Equal(t, int64(1), w.Servers.Sends, "the send counts")
	assert.Equal(t, int64(0), w.Servers.Recvs)
}

func TestUnregisteredWhileInFlightIsDroppedAsUnknownDest(t *testing.T) {
	w := newWorld(t)
	w.Register("n1", &client{})
	w.Register("n2", &client{})

	w.Send("n1", "n2", []byte(`{"type":"gossip"}`))
	w.Unregister("n2")
	w.RunUntil(time.Second)

	assert.Equal(t, []string{
		`0s send n1→n2 {"type":"gossip"}`,
		`1ms drop n1→n2 unknown-dest`,
	}, w.events(t))
}

func TestCutLinkDropsAsPartition(t *testing.T) {
	w := newWorld(t)
	w.Register("n1", &client{})
	w.Register("n2", &client{})
	w.Network().Cut("n1", "n2")

	w.Send("n1", "n2", []byte(`{"type":"gossip"}`))
	w.RunUntil(time.Second)

	assert.Equal(t, []string{
		`0s send n1→n2 {"type":"gossip"}`,
		`0s drop n1→n2 partition`,
	}, w.events(t))
}

// --- servers: crash, restart, pause ---

// recorder is what node programs in these tests write to: one line per
// thing that happened, stamped with the virtual time.
type recorder struct {
	w     *world
	lines []string
}

func (r *recorder) add(format string, args ...any) {
	r.lines = append(r.lines, fmt.Sprintf("%v ", r.w.Now())+fmt.Sprintf(format, args...))
}

func TestPanickingServerCrashesAndGoesDown(t *testing.T) {
	w := newWorld(t)
	c := &client{}
	w.Register("c1", c)
	var crashes []string
	var crashErr error
	s := engine.NewServer(w.World, "n1", func(n *node.Node) {
		n.Handle("boom", func(node.Message) error { panic("kaboom") })
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{OnCrash: func(id string, err error) {
		crashes = append(crashes, id)
		crashErr = err
	}})

	w.Send("c1", "n1", []byte(initBody("n1")))
	w.RunUntil(ms)
	w.Send("c1", "n1", []byte(`{"type":"boom","msg_id":2}`))
	w.RunUntil(2 * ms)
	w.Send("c1", "n1", []byte(`{"type":"boom","msg_id":3}`))
	w.RunUntil(3 * ms)

	assert.Equal(t, []string{"n1"}, crashes)
	var p *node.PanicError
	require.ErrorAs(t, crashErr, &p)
	assert.Equal(t, "kaboom", p.Value)
	assert.True(t, s.Down())
	assert.Equal(t, []string{`{"in_reply_to":1,"type":"init_ok"}`}, c.got, "no reply to either boom")

	ev := w.events(t)
	assert.Equal(t, []string{
		`1ms send c1→n1 {"type":"boom","msg_id":2}`,
		`1ms deliver c1→n1`,
		`1ms crash n1`,
		`2ms send c1→n1 {"type":"boom","msg_id":3}`,
		`2ms drop c1→n1 node-down`,
	}, ev[len(ev)-5:])
}

func TestKillAndRestartKeepStorageButNotMemory(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	rec := &recorder{w: w}
	s := engine.NewServer(w.World, "n1", func(n *node.Node) {
		inMemory := 0
		var boots int
		_, err := n.Load("boots", &boots)
		require.NoError(t, err)
		boots++
		require.NoError(t, n.Save("boots", boots))
		n.Handle("bump", func(node.Message) error {
			inMemory++
			rec.add("boot %d, bumped %d times", boots, inMemory)
			return nil
		})
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})

	w.Send("c1", "n1", []byte(initBody("n1")))
	w.Send("c1", "n1", []byte(`{"type":"bump"}`))
	w.Send("c1", "n1", []byte(`{"type":"bump"}`))
	w.RunUntil(ms)
	first := s.Instance()

	assert.Error(t, s.Restart(), "only a down node restarts")
	s.Kill()
	assert.True(t, s.Down())
	require.NoError(t, s.Restart())
	assert.False(t, s.Down())
	assert.NotSame(t, first, s.Instance(), "a fresh node instance")
	assert.Equal(t, "", s.Instance().ID(), "awaiting init")

	w.Send("c1", "n1", []byte(initBody("n1")))
	w.Send("c1", "n1", []byte(`{"type":"bump"}`))
	w.RunUntil(2 * ms)

	assert.Equal(t, []string{
		"0s boot 1, bumped 1 times",
		"0s boot 1, bumped 2 times",
		"1ms boot 2, bumped 1 times",
	}, rec.lines)
	boots, ok := s.Storage().Get("boots")
	require.True(t, ok)
	assert.Equal(t, "2", string(boots))
}

func TestPausedServerHoldsDeliveriesAndTimersUntilResume(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	rec := &recorder{w: w}
	s := engine.NewServer(w.World, "n1", func(n *node.Node) {
		n.After(5*ms, func() { rec.add("timer") })
		n.Handle("note", func(msg node.Message) error {
			var body struct{ Text string }
			require.NoError(t, msg.Decode(&body))
			rec.add("note %s", body.Text)
			return nil
		})
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})

	w.Send("c1", "n1", []byte(initBody("n1"))) // arms the timer for 5ms
	w.At(1*ms, s.Pause)
	w.At(2*ms, func() { w.Send("c1", "n1", []byte(`{"type":"note","text":"a"}`)) })
	w.At(6*ms, func() { w.Send("c1", "n1", []byte(`{"type":"note","text":"b"}`)) })
	w.RunUntil(9 * ms)
	assert.Empty(t, rec.lines, "nothing runs while paused")

	w.At(10*ms, s.Resume)
	w.RunUntil(20 * ms)

	assert.Equal(t, []string{"10ms note a", "10ms timer", "10ms note b"}, rec.lines, "in arrival order, at resume time")
	assert.False(t, s.Down())
}

func TestPauseOfADownServerIsIgnored(t *testing.T) {
	w := newWorld(t)
	s := engine.NewServer(w.World, "n1", func(*node.Node) {}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})
	s.Kill()
	s.Pause()
	require.NoError(t, s.Restart())

	w.Register("c1", &client{})
	w.Send("c1", "n1", []byte(initBody("n1")))
	w.RunUntil(ms)

	assert.Equal(t, "n1", s.Instance().ID(), "not left paused by a Pause while down")
}

func TestTimersFromBeforeAKillNeverFireAfterRestart(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	rec := &recorder{w: w}
	boot := 0
	s := engine.NewServer(w.World, "n1", func(n *node.Node) {
		boot++
		b := boot
		n.After(5*ms, func() { rec.add("boot %d: once", b) })
		n.Every(4*ms, func() { rec.add("boot %d: tick", b) })
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})

	w.Send("c1", "n1", []byte(initBody("n1"))) // boot 1 arms 5ms and every 4ms
	w.At(1*ms, s.Kill)
	w.At(2*ms, func() {
		require.NoError(t, s.Restart())
		w.Send("c1", "n1", []byte(initBody("n1"))) // boot 2 arms 7ms and 6ms, 10ms, …
	})
	w.RunUntil(11 * ms)

	// The new instance numbers its timers from 1 again; had boot 1's timers
	// fired into it, "boot 2: once" would show at 5ms and ticks at 4ms, 8ms.
	assert.Equal(t, []string{"6ms boot 2: tick", "7ms boot 2: once", "10ms boot 2: tick"}, rec.lines)
}

func TestKillWhilePausedDiscardsWhatWasHeld(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	rec := &recorder{w: w}
	s := engine.NewServer(w.World, "n1", func(n *node.Node) {
		n.Handle("note", func(node.Message) error { rec.add("note"); return nil })
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})
	w.Send("c1", "n1", []byte(initBody("n1")))
	w.RunUntil(ms)

	s.Pause()
	w.Send("c1", "n1", []byte(`{"type":"note"}`))
	w.RunUntil(2 * ms)
	s.Kill()
	require.NoError(t, s.Restart())
	w.Send("c1", "n1", []byte(initBody("n1")))
	w.RunUntil(3 * ms)
	s.Pause() // the new instance's own pause…
	s.Resume()

	assert.Empty(t, rec.lines, "…does not replay the note held for the old one: it died with it")
}

func TestServerClockIsEpochPlusVirtualTimePlusSkew(t *testing.T) {
	w := newWorld(t)
	s := engine.NewServer(w.World, "n1", func(*node.Node) {}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})
	w.RunUntil(3 * time.Second)
	assert.Equal(t, engine.Epoch().Add(3*time.Second), s.Now())

	require.NoError(t, s.SetSkew(-time.Second))
	assert.Equal(t, engine.Epoch().Add(2*time.Second), s.Now())
}

func TestServerLogsGoToTheTraceAndOnLog(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	var logged []string
	engine.NewServer(w.World, "n1", func(n *node.Node) { n.Logf("hello from %s", n.ID()) },
		rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{OnLog: func(id string, at time.Duration, line string) {
			logged = append(logged, fmt.Sprintf("%v %s %s", at, id, line))
		}})

	w.At(3*ms, func() { w.Send("c1", "n1", []byte(initBody("n1"))) })
	w.RunUntil(5 * ms)

	assert.Equal(t, []string{"3ms n1 hello from n1"}, logged)
	assert.Contains(t, w.events(t), `3ms log n1 "hello from n1"`)
}

// A program may build bodies in a reused buffer; what it sent must not
// change when it reuses the buffer (Packet: endpoints never share memory).
func TestSentBodyIsNotAliasedToTheProgramsBuffer(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	n2 := &client{}
	w.Register("n2", n2)
	engine.NewServer(w.World, "n1", func(n *node.Node) {
		buf := make([]byte, 0, 64)
		for i := range 2 {
			buf = fmt.Appendf(buf[:0], `{"type":"gossip","i":%d}`, i)
			require.NoError(t, n.Send("n2", json.RawMessage(buf)))
		}
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})

	w.Send("c1", "n1", []byte(initBody("n1")))
	w.RunUntil(10 * ms)

	assert.Equal(t, []string{`{"type":"gossip","i":0}`, `{"type":"gossip","i":1}`}, n2.got)
}
