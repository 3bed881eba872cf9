package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/engine"
)

// inFlight summarises pending flights as "src→dest body @at".
func inFlight(w *world) []string {
	var out []string
	for _, f := range w.InFlight() {
		out = append(out, f.Src+"→"+f.Dest+" "+string(f.Body)+" @"+f.At.String())
	}
	return out
}

func TestInFlightListsWhatIsSentAndNotYetDeliveredInArrivalOrder(t *testing.T) {
	w := newWorld(t)
	w.Register("n1", &client{})
	w.Register("n2", &client{})
	w.RunUntil(5 * ms)
	w.Send("n1", "n2", []byte(`{"type":"a"}`))
	w.Send("n2", "lin-kv", []byte(`{"type":"b"}`)) // unknown dest: dropped at once, never in flight
	w.At(6*ms, func() { w.Send("n2", "n1", []byte(`{"type":"c"}`)) })
	w.RunUntil(5 * ms)

	assert.Equal(t, []string{`n1→n2 {"type":"a"} @6ms`}, inFlight(w))
	f := w.InFlight()[0]
	assert.Equal(t, 5*ms, f.Sent)

	w.Step() // the delivery of a, scheduled first, runs first
	w.Step() // c is sent at 6ms
	assert.Equal(t, []string{`n2→n1 {"type":"c"} @7ms`}, inFlight(w))
	w.Step()
	assert.Empty(t, w.InFlight())
}

func TestDropInFlightRemovesTheDeliveryAndTracesWhy(t *testing.T) {
	w := newWorld(t)
	a, b := &client{}, &client{}
	w.Register("n1", a)
	w.Register("n2", b)
	w.Send("n1", "n2", []byte(`{"type":"a"}`))
	w.Send("n1", "n2", []byte(`{"type":"b"}`))
	w.Send("n2", "n1", []byte(`{"type":"c"}`))
	flights := w.InFlight()
	require.Len(t, flights, 3)

	assert.True(t, w.DropInFlight(flights[1].Seq, "manual"))
	assert.False(t, w.DropInFlight(flights[1].Seq, "manual"), "already gone")
	w.RunUntil(time.Second)

	assert.Equal(t, []string{`{"type":"a"}`}, b.got)
	assert.Equal(t, []string{`{"type":"c"}`}, a.got)
	assert.Equal(t, []string{
		`0s send n1→n2 {"type":"a"}`,
		`0s send n1→n2 {"type":"b"}`,
		`0s send n2→n1 {"type":"c"}`,
		`0s drop n1→n2 manual`,
		`1ms deliver n1→n2`,
		`1ms deliver n2→n1`,
	}, w.events(t))
}

func TestDeliverNowOvertakesTheQueueWithoutCountingAsAStep(t *testing.T) {
	w := newWorld(t)
	a, b := &client{}, &client{}
	w.Register("n1", a)
	w.Register("n2", b)
	w.Send("n1", "n2", []byte(`{"type":"a"}`))
	w.Send("n1", "n2", []byte(`{"type":"b"}`))
	last := w.InFlight()[1]

	assert.True(t, w.DeliverNow(last.Seq))
	assert.False(t, w.DeliverNow(last.Seq))
	assert.Equal(t, []string{`{"type":"b"}`}, b.got, "delivered at once")
	assert.Equal(t, int64(0), w.Events())
	w.RunUntil(time.Second)

	assert.Equal(t, []string{`{"type":"b"}`, `{"type":"a"}`}, b.got)
	assert.Equal(t, []string{
		`0s send n1→n2 {"type":"a"}`,
		`0s send n1→n2 {"type":"b"}`,
		`0s deliver n1→n2`,
		`1ms deliver n1→n2`,
	}, w.events(t))
}

func TestTheQueueStaysOrderedAfterRemovals(t *testing.T) {
	w := newWorld(t)
	w.Register("n1", &client{})
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		w.At(time.Duration(r.IntN(50))*ms, func() { w.Send("n2", "n1", []byte(`{}`)) })
	}
	w.Register("n2", &client{})
	prev := w.Now()
	for w.Step() {
		require.GreaterOrEqual(t, w.Now(), prev, "events run in time order")
		prev = w.Now()
		if fl := w.InFlight(); len(fl) > 2 && r.IntN(2) == 0 {
			require.True(t, w.DropInFlight(fl[r.IntN(len(fl))].Seq, "manual"))
		}
	}
}

func TestServerListsItsPendingTimersAndItsMarks(t *testing.T) {
	w := newWorld(t)
	w.Register("c1", &client{})
	s := engine.NewServer(w.World, "n1", func(n *node.Node) {
		n.After(5*ms, func() {})
		n.Every(3*ms, func() {})
	}, rand.New(rand.NewPCG(1, 2)), engine.ServerConfig{})
	w.Send("c1", "n1", []byte(initBody("n1")))
	w.RunUntil(ms)

	assert.Equal(t, []engine.Timer{{ID: 2, At: 3 * ms}, {ID: 1, At: 5 * ms}}, s.Timers())

	s.Pause()
	require.NoError(t, s.SetSkew(-time.Second))
	assert.True(t, s.Paused())
	assert.Equal(t, -time.Second, s.Skew())

	s.Kill()
	assert.False(t, s.Paused())
	assert.Empty(t, s.Timers(), "a dead instance's timers are not its successor's")
}
