package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/trace"
)

// faultTrace runs chatter on 5 nodes with the given faults and returns the
// decoded trace.
func faultTrace(t *testing.T, tweak func(*Options)) *trace.Trace {
	t.Helper()
	o := Options{Workload: "echo", Node: chatter, Nodes: NodeIDs(5), TimeLimit: 20 * time.Second,
		Rate: 20, Latency: 10 * time.Millisecond, NemesisInterval: 2 * time.Second, Seed: 42}
	tweak(&o)
	_, raw := runTrace(t, o)
	tr, err := trace.Read(bytes.NewReader(raw))
	require.NoError(t, err)
	return tr
}

func count(tr *trace.Trace, keep func(trace.Event) bool) int {
	n := 0
	for _, e := range tr.Events {
		if keep(e) {
			n++
		}
	}
	return n
}

func TestPartitionDropsMessages(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Nemesis = []string{"partition"} })
	assert.Positive(t, count(tr, func(e trace.Event) bool { return e.Kind == trace.KindFault && e.Fault == "start-partition" }))
	assert.Positive(t, count(tr, func(e trace.Event) bool { return e.Kind == trace.KindDrop && e.Reason == network.DropPartition }))
}

func TestOneWayPartitionCutsOneDirection(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Nemesis = []string{"one-way"} })
	// During the first one-way fault, some pair must have a drop one way and
	// a delivery the other way.
	var start, stop time.Duration = -1, -1
	for _, e := range tr.Events {
		if e.Kind == trace.KindFault && e.Fault == "start-one-way" && start < 0 {
			start = e.T
		} else if e.Kind == trace.KindFault && e.Fault == "stop-one-way" && start >= 0 && stop < 0 {
			stop = e.T
		}
	}
	require.True(t, start >= 0 && stop > start, "no one-way fault window in the trace")
	dropped, delivered := map[string]bool{}, map[string]bool{}
	sent := map[int64]time.Duration{}
	for _, e := range tr.Events {
		switch {
		case e.Kind == trace.KindSend:
			sent[e.ID] = e.T
		case e.Kind == trace.KindDrop && e.T >= start && e.T < stop && e.Reason == network.DropPartition:
			dropped[e.Src+">"+e.Dest] = true
		case e.Kind == trace.KindDeliver && sent[e.ID] >= start && sent[e.ID] < stop:
			delivered[e.Src+">"+e.Dest] = true
		}
	}
	oneWay := false
	for link := range dropped {
		src, dest, _ := strings.Cut(link, ">")
		if delivered[dest+">"+src] {
			oneWay = true
		}
	}
	assert.True(t, oneWay, "no link dropped one way and delivered the other: dropped %v", dropped)
}

func TestLossDropsMessages(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Loss = 0.2 })
	assert.Positive(t, count(tr, func(e trace.Event) bool { return e.Kind == trace.KindDrop && e.Reason == network.DropLoss }))
}

func TestDuplicateDeliversTwice(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Duplicate = 0.2 })
	deliveries := map[int64]int{}
	for _, e := range tr.Events {
		if e.Kind == trace.KindDeliver {
			deliveries[e.ID]++
		}
	}
	twice := 0
	for _, n := range deliveries {
		if n == 2 {
			twice++
		}
	}
	assert.Positive(t, twice)
}

func TestJitterReorders(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.LatencyDist = network.Uniform })
	// Two messages on the same link, sent in one order and delivered in the
	// other.
	lastSent := map[string]int64{} // link → highest message id delivered so far
	reordered := false
	for _, e := range tr.Events {
		if e.Kind != trace.KindDeliver {
			continue
		}
		link := e.Src + ">" + e.Dest
		if e.ID < lastSent[link] {
			reordered = true
		}
		lastSent[link] = max(lastSent[link], e.ID)
	}
	assert.True(t, reordered)
	constant := faultTrace(t, func(o *Options) {})
	lastSent = map[string]int64{}
	for _, e := range constant.Events {
		if e.Kind == trace.KindDeliver {
			link := e.Src + ">" + e.Dest
			require.GreaterOrEqual(t, e.ID, lastSent[link], "constant latency must keep each link in order")
			lastSent[link] = e.ID
		}
	}
}

func TestKillLosesMemoryKeepsStorage(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Nemesis = []string{"kill"} })
	assert.Positive(t, count(tr, func(e trace.Event) bool { return e.Kind == trace.KindFault && e.Fault == "start-kill" }))
	boots := map[string][]string{}
	for _, e := range tr.Events {
		if e.Kind == trace.KindLog && strings.HasPrefix(e.Text, "boot ") {
			boots[e.Node] = append(boots[e.Node], e.Text)
		}
	}
	restarted := false
	for id, lines := range boots {
		for i, line := range lines {
			// Storage counts every boot; memory starts from zero each time.
			assert.Equal(t, fmt.Sprintf("boot disk=%d mem=0", i+1), line, id)
		}
		restarted = restarted || len(lines) > 1
	}
	assert.True(t, restarted, "no node restarted: %v", boots)
	assert.Positive(t, count(tr, func(e trace.Event) bool { return e.Kind == trace.KindDrop && e.Reason == "node-down" }))
}

func TestPauseHoldsWork(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Nemesis = []string{"pause"} })
	var paused []string
	var start time.Duration
	for _, e := range tr.Events {
		if e.Kind == trace.KindFault && e.Fault == "start-pause" {
			var d struct{ Nodes []string }
			require.NoError(t, json.Unmarshal(e.Detail, &d))
			paused, start = d.Nodes, e.T
			break
		}
	}
	require.NotEmpty(t, paused)
	var stop time.Duration
	for _, e := range tr.Events {
		if e.Kind == trace.KindFault && e.Fault == "stop-pause" && e.T > start {
			stop = e.T
			break
		}
	}
	require.Greater(t, stop, start)
	// While paused, the node sends nothing and no timer of it fires; its
	// mail is delivered and waits.
	for _, e := range tr.Events {
		if e.T > start && e.T < stop && e.Kind == trace.KindSend && e.Src == paused[0] {
			t.Fatalf("paused node %s sent at %v (paused %v–%v)", paused[0], e.T, start, stop)
		}
	}
	assert.Positive(t, count(tr, func(e trace.Event) bool {
		return e.Kind == trace.KindDeliver && e.Dest == paused[0] && e.T > start && e.T < stop
	}))
}

func TestClockSkewShiftsNodeClocks(t *testing.T) {
	tr := faultTrace(t, func(o *Options) { o.Nemesis = []string{"clock-skew"} })
	skewed := 0
	for _, e := range tr.Events {
		if e.Kind != trace.KindLog || !strings.HasPrefix(e.Text, "clock ") {
			continue
		}
		ns, err := strconv.ParseInt(strings.TrimPrefix(e.Text, "clock "), 10, 64)
		require.NoError(t, err)
		if time.Duration(ns-engine.Epoch().UnixNano()) != e.T {
			skewed++
		}
	}
	assert.Positive(t, skewed, "no node's clock ever differed from true time")
	assert.Positive(t, count(tr, func(e trace.Event) bool { return e.Kind == trace.KindFault && e.Fault == "start-clock-skew" }))
}
