package frame

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/trace"
)

func faulty(seed uint64) sim.Options {
	return sim.Options{
		Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast", Nodes: sim.NodeIDs(5),
		TimeLimit: 8 * time.Second, Rate: 10, Latency: 10 * time.Millisecond, Seed: seed,
		Nemesis: []string{"partition", "one-way", "kill", "pause"}, NemesisInterval: time.Second,
	}
}

// what is everything a frame says about the cluster, as text to compare.
func what(f *Frame) string {
	var b bytes.Buffer
	for _, n := range f.Nodes {
		fmt.Fprintf(&b, "%s down=%v paused=%v;", n.ID, n.Down, n.Paused)
	}
	for _, a := range f.Nodes {
		for _, c := range f.Nodes {
			if f.Cut(a.ID, c.ID) {
				fmt.Fprintf(&b, " cut %s→%s", a.ID, c.ID)
			}
		}
	}
	var ids []int64
	for _, fl := range f.Flights {
		ids = append(ids, fl.ID)
	}
	slices.Sort(ids)
	fmt.Fprintf(&b, " flights %v ops %d", ids, len(f.History))
	return b.String()
}

// A stored trace, read back on a Tape, shows at every event what the live
// run showed there: who is down or paused, what is cut, what is in flight.
func TestTapeShowsWhatTheLiveRunShowed(t *testing.T) {
	o := faulty(7)
	var buf bytes.Buffer
	o.Trace = &buf
	s, err := sim.NewSession(o)
	require.NoError(t, err)
	x := NewIndex(o.Nodes)
	var live []string
	var at []int
	for more := true; more; {
		more = s.Step()
		if n := len(s.Events()); len(at) == 0 || n > at[len(at)-1] {
			live, at = append(live, what(Live(s, x))), append(at, n)
		}
	}
	_, err = s.Finish()
	require.NoError(t, err)
	tr, err := trace.Read(&buf)
	require.NoError(t, err)

	tape := NewTape(tr, s.Options(), nil, "test")
	faults := 0
	for i, n := range at {
		for tape.Steps() < int64(n) {
			require.True(t, tape.Step())
		}
		f := tape.Frame()
		require.Equal(t, live[i], what(f), "after event %d (%s)", n, f.Events[n-1].Kind)
		if f.Events[n-1].Kind == trace.KindFault {
			faults++
		}
	}
	assert.Greater(t, faults, 10, "the run had faults to follow")
	assert.True(t, tape.Done())
}

func TestIndexKnowsTypesSendsAndLamportClocks(t *testing.T) {
	events := []trace.Event{
		{Kind: trace.KindSend, ID: 1, Src: "n0", Dest: "n1", Body: json.RawMessage(`{"type":"gossip"}`)},
		{Kind: trace.KindTimer, Node: "n1"},
		{Kind: trace.KindTimer, Node: "n1"},
		{Kind: trace.KindDeliver, ID: 1, Src: "n0", Dest: "n1"},
		{Kind: trace.KindSend, ID: 2, Src: "n1", Dest: "lin-kv", Body: json.RawMessage(`{"type":"read"}`)},
		{Kind: trace.KindDrop, ID: 2, Src: "n1", Dest: "lin-kv", Reason: "loss"},
		{Kind: trace.KindSend, ID: 3, Src: "c4", Dest: "n0", Body: json.RawMessage(`{"type":"broadcast"}`)},
		{Kind: trace.KindDeliver, ID: 3, Src: "c4", Dest: "n0"},
	}
	x := NewIndex([]string{"n0", "n1"})
	x.Update(events[:4])
	x.Update(events)
	assert.Equal(t, []int32{1, 1, 2, 3, 4, 0, 1, 2}, []int32{x.Lamport(0), x.Lamport(1), x.Lamport(2),
		x.Lamport(3), x.Lamport(4), x.Lamport(5), x.Lamport(6), x.Lamport(7)},
		"n1's delivery comes after its own two timers; n0's after c4's send")
	assert.Equal(t, "gossip", x.Type(&events[3]))
	assert.Equal(t, "read", x.Type(&events[5]))
	assert.Equal(t, []string{"broadcast", "gossip", "read"}, x.Types())
	assert.Equal(t, []string{"lin-kv"}, x.Services(), "clients and nodes are not services")
	send, ok := x.Send(3)
	assert.True(t, ok)
	assert.Equal(t, "c4", send.Src)
}

func op(i int, typ history.Type, f, value string) history.Op {
	return history.Op{Index: i, Type: typ, F: f, Value: json.RawMessage(value)}
}

func TestFailingOpsReadsWhatTheCheckersBlame(t *testing.T) {
	h := history.History{
		op(0, history.Invoke, "broadcast", "7"), op(1, history.OK, "broadcast", "7"),
		op(2, history.Invoke, "broadcast", "8"), op(3, history.OK, "broadcast", "8"),
		op(4, history.Invoke, "read", "null"), op(5, history.OK, "read", "[8]"),
		op(6, history.Invoke, "generate", "null"), op(7, history.OK, "generate", `"n1-5"`),
	}
	for _, c := range []struct {
		name, report string
		want         []int
	}{
		{"set-full lost", `{"valid?":false,"lost":[7],"stale":[8],"worst-stale":[{"known":{"index":3}}]}`, []int{0, 1}},
		{"unique-ids duplicated", `{"valid?":false,"duplicated":{"\"n1-5\"":2}}`, []int{7}},
		{"counter errors", `{"valid?":false,"errors":[{"index":5,"process":0}]}`, []int{5}},
		{"a valid report blames nothing", `{"valid?":true,"lost":[7]}`, nil},
	} {
		var got []int
		for i := range FailingOps(json.RawMessage(c.report), h) {
			got = append(got, i)
		}
		slices.Sort(got)
		assert.Equal(t, c.want, got, c.name)
	}
}

func TestTitle(t *testing.T) {
	assert.Equal(t, "broadcast · broadcast · seed 7", Title(faulty(7)))
}
