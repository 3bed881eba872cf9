package sim

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/trace"
)

// Stepping a session event by event is the same run as Run.
func TestSessionStepsTheSameRun(t *testing.T) {
	o := everything(11)
	want, wantTrace := runTrace(t, o)

	var buf bytes.Buffer
	o.Trace = &buf
	s, err := NewSession(o)
	require.NoError(t, err)
	steps := 0
	for s.Step() {
		steps++
	}
	assert.True(t, s.Done())
	res, err := s.Finish()
	require.NoError(t, err)
	assert.Equal(t, want.Sim.TraceHash, res.Sim.TraceHash)
	assert.Greater(t, steps, 100)
	assert.Greater(t, s.World().Now(), 5*time.Second)

	again, err := s.Finish()
	require.NoError(t, err)
	assert.Same(t, res, again, "finishing twice returns the same result")

	read, err := trace.Read(bytes.NewReader(wantTrace))
	require.NoError(t, err)
	assert.Equal(t, read.Events, s.Events(), "the session's decoded trace is the trace")
}

func TestSessionRefusesProcesses(t *testing.T) {
	_, err := NewSession(Options{Workload: "echo", Bin: "/bin/true"})
	assert.ErrorContains(t, err, "in process")
}

// broadcastRun is a short broadcast run of about 2,000 steps.
func broadcastRun(seed uint64, nemesis ...string) Options {
	return Options{
		Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast", Nodes: NodeIDs(5),
		TimeLimit: 10 * time.Second, Rate: 10, Latency: 5 * time.Millisecond, Seed: seed,
		Nemesis: nemesis, NemesisInterval: 3 * time.Second,
	}
}

func stepTo(t *testing.T, s *Session, steps int64) {
	t.Helper()
	for s.Steps() < steps {
		require.True(t, s.Step(), "the run ended at step %d, before %d", s.Steps(), steps)
	}
}

// injectAll makes one injection of each kind, a hundred steps apart, on
// nodes the nemesis (if any) has left up.
func injectAll(t *testing.T, s *Session) {
	t.Helper()
	var killed, paused string
	up := func() string {
		for _, n := range s.Nodes() {
			if !n.Down && !n.Paused && n.ID != killed {
				return n.ID
			}
		}
		t.Fatal("no node is up")
		return ""
	}
	for i, in := range []Injection{
		{Kind: InjectPartition, Nodes: []string{"n0", "n1"}},
		{Kind: InjectKill},
		{Kind: InjectPause},
		{Kind: InjectRestart},
		{Kind: InjectResume},
		{Kind: InjectHeal},
		{Kind: InjectOneWay, Nodes: []string{"n4"}},
		{Kind: InjectDrop},
		{Kind: InjectDeliver},
	} {
		stepTo(t, s, int64(100+100*i))
		switch in.Kind {
		case InjectKill:
			killed = up()
			in.Nodes = []string{killed}
		case InjectPause:
			paused = up()
			in.Nodes = []string{paused}
		case InjectRestart:
			in.Nodes = []string{killed}
		case InjectResume:
			in.Nodes = []string{paused}
		case InjectDrop, InjectDeliver:
			for len(s.InFlight()) == 0 {
				require.True(t, s.Step())
			}
			f := s.InFlight()[len(s.InFlight())-1]
			in.Seq, in.Msg = f.Seq, f.ID
		}
		require.NoError(t, s.Inject(in), "%s", in)
	}
}

func finishedHash(t *testing.T, s *Session) string {
	t.Helper()
	for s.Step() {
	}
	res, err := s.Finish()
	require.NoError(t, err)
	require.Empty(t, res.Problems)
	return res.Sim.TraceHash
}

// A rewound session, stepped forward, replays the injections at the same
// steps: the run is the same, byte for byte.
func TestRewoundSessionReplaysInjectionsExactly(t *testing.T) {
	o := broadcastRun(3, "partition", "kill")
	s, err := NewSession(o)
	require.NoError(t, err)
	injectAll(t, s)
	ins := s.Injections()
	require.Len(t, ins, 9)

	back, err := s.Rewound()
	require.NoError(t, err)
	stepTo(t, back, 250) // past the first two injections
	assert.Equal(t, ins[:2], back.Injections())
	assert.Equal(t, ins[2:], back.Ahead())

	replayed, err := Replay(o, ins)
	require.NoError(t, err)
	want := finishedHash(t, s)
	assert.Equal(t, want, finishedHash(t, back))
	assert.Equal(t, want, finishedHash(t, replayed))

	plain, err := NewSession(o)
	require.NoError(t, err)
	assert.NotEqual(t, want, finishedHash(t, plain), "the injections changed the run")
}

func TestInjectionsAreTracedAsManualFaults(t *testing.T) {
	s, err := NewSession(broadcastRun(4))
	require.NoError(t, err)
	injectAll(t, s)
	var faults []string
	for _, ev := range s.Events() {
		if ev.Kind != trace.KindFault {
			continue
		}
		var d struct{ By string }
		require.NoError(t, json.Unmarshal(ev.Detail, &d), "%s", ev.Detail)
		if d.By == ManualTag {
			faults = append(faults, ev.Fault)
		}
	}
	assert.Equal(t, []string{"start-partition", "start-kill", "start-pause", "stop-kill", "stop-pause",
		"stop-partition", "start-one-way", "drop-message", "deliver-message"}, faults)
}

func TestManualPartitionDropsMessagesAcrossIt(t *testing.T) {
	s, err := NewSession(broadcastRun(5))
	require.NoError(t, err)
	stepTo(t, s, 300)
	require.NoError(t, s.Inject(Injection{Kind: InjectOneWay, Nodes: []string{"n0"}}))
	net := s.World().Network()
	assert.True(t, net.IsCut("n1", "n0"), "n0 no longer hears n1")
	assert.False(t, net.IsCut("n0", "n1"), "n1 still hears n0")
	from := len(s.Events())
	for s.Step() {
	}
	dropped := map[string]bool{}
	for _, ev := range s.Events()[from:] {
		if ev.Kind == trace.KindDrop && ev.Reason == network.DropPartition {
			dropped[ev.Src+"→"+ev.Dest] = true
		}
	}
	assert.True(t, dropped["n1→n0"] || dropped["n2→n0"] || dropped["n3→n0"] || dropped["n4→n0"])
	for link := range dropped {
		assert.True(t, strings.HasSuffix(link, "→n0"), "only messages into n0 are cut, not %s", link)
	}
}

func TestInjectingAfterARewindReplacesWhatWasAhead(t *testing.T) {
	s, err := NewSession(broadcastRun(6))
	require.NoError(t, err)
	injectAll(t, s)
	back, err := s.Rewound()
	require.NoError(t, err)
	stepTo(t, back, 250)
	require.NoError(t, back.Inject(Injection{Kind: InjectKill, Nodes: []string{"n4"}}))
	assert.Empty(t, back.Ahead())
	assert.Equal(t, []string{"partition", "kill", "kill"}, kinds(back.Injections()))
	assert.Equal(t, []string{"n4"}, back.Injections()[2].Nodes)
}

func kinds(ins []Injection) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Kind)
	}
	return out
}

func TestInjectionsThatMakeNoSenseAreRefused(t *testing.T) {
	s, err := NewSession(broadcastRun(7))
	require.NoError(t, err)
	stepTo(t, s, 100)
	for _, c := range []struct {
		in   Injection
		want string
	}{
		{Injection{Kind: InjectRestart, Nodes: []string{"n1"}}, "not down"},
		{Injection{Kind: InjectResume, Nodes: []string{"n1"}}, "not paused"},
		{Injection{Kind: InjectKill, Nodes: []string{"n9"}}, "not a node"},
		{Injection{Kind: InjectPartition, Nodes: NodeIDs(5)}, "not all"},
		{Injection{Kind: InjectPartition, Nodes: []string{"c1"}}, "not a node"},
		{Injection{Kind: InjectDrop, Seq: 999999}, "not in flight"},
		{Injection{Kind: "flood"}, "want one node"},
		{Injection{Kind: "flood", Nodes: []string{"n1"}}, "unknown injection"},
		{Injection{Kind: InjectKill, Nodes: []string{"n1", "n2"}}, "want one node"},
		{Injection{Kind: InjectPause, Nodes: []string{"n1"}, Step: 1}, ""},
		{Injection{Kind: InjectPause, Nodes: []string{"n1"}}, "paused already"},
	} {
		err := s.Inject(c.in)
		if c.want == "" {
			assert.NoError(t, err)
		} else {
			assert.ErrorContains(t, err, c.want, "%+v", c.in)
		}
	}
	assert.Equal(t, []Injection{{Step: 100, Kind: InjectPause, Nodes: []string{"n1"}}}, s.Injections(),
		"refused injections are not recorded, and the step is the session's")
}

func TestSessionShowsNodesClientsAndFlights(t *testing.T) {
	s, err := NewSession(broadcastRun(8))
	require.NoError(t, err)
	assert.Empty(t, s.Clients(), "no clients before the main phase")
	stepTo(t, s, 400)
	require.NoError(t, s.Inject(Injection{Kind: InjectKill, Nodes: []string{"n1"}}))
	require.NoError(t, s.Inject(Injection{Kind: InjectPause, Nodes: []string{"n2"}}))

	nodes := s.Nodes()
	require.Len(t, nodes, 5)
	assert.Equal(t, "n0", nodes[0].ID)
	assert.JSONEq(t, `["hub","owed","values"]`, keys(t, nodes[0].State), "broadcast exposes its state")
	assert.NotEmpty(t, nodes[0].Timers, "the gossip ticker")
	assert.True(t, nodes[1].Down)
	assert.Nil(t, nodes[1].State, "a dead node exposes nothing")
	assert.True(t, nodes[2].Paused)

	assert.Equal(t, "main", s.Phase())
	clients := s.Clients()
	require.Len(t, clients, 5)
	assert.Equal(t, "n0", clients[0].Node)
	assert.True(t, strings.HasPrefix(clients[0].ID, "c"))

	for len(s.InFlight()) == 0 {
		require.True(t, s.Step())
	}
	f := s.InFlight()[0]
	assert.LessOrEqual(t, f.Sent, s.Now())
	assert.GreaterOrEqual(t, f.At, s.Now())
	last := len(s.Events()) - 1
	assert.Equal(t, s.Steps(), s.EventStep(last))
}

func keys(t *testing.T, raw json.RawMessage) string {
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	b, _ := json.Marshal(ks)
	return string(b)
}

// A stored run's header is enough to replay it.
func TestOptionsFromHeaderReplaysTheRun(t *testing.T) {
	o := broadcastRun(9)
	o.Loss, o.Duplicate, o.LatencyDist, o.Availability = 0.1, 0.05, network.Exponential, "0.5"
	o.Recovery, o.TimeLimit, o.Rate = 2*time.Second, 3*time.Second, -1
	want, raw := runTrace(t, o)
	read, err := trace.Read(bytes.NewReader(raw))
	require.NoError(t, err)

	back, err := OptionsFromHeader(read.Header)
	require.NoError(t, err)
	assert.Equal(t, "broadcast", back.ProgramName)
	back.Node = broadcast.Program
	got, _ := runTrace(t, back)
	assert.Equal(t, want.Sim.TraceHash, got.Sim.TraceHash)
}

// The header's options and OptionsFromHeader must name the same keys, or a
// new option would be lost on replay.
func TestOptionsFromHeaderReadsEveryKeyTheHeaderHas(t *testing.T) {
	written := traceOptions(Options{Bin: "x"})
	for k, v := range traceOptions(Options{}) {
		written[k] = v
	}
	var read []string
	ty := reflect.TypeFor[headerOptions]()
	for i := range ty.NumField() {
		read = append(read, strings.Split(ty.Field(i).Tag.Get("json"), ",")[0])
	}
	var wrote []string
	for k := range written {
		wrote = append(wrote, k)
	}
	assert.ElementsMatch(t, wrote, read)
}

// Faults injected by hand end when the run heals for its final reads, as
// the nemesis's do: the checkers judge recovery, not a fault left on.
func TestManualFaultsHealBeforeTheFinalReads(t *testing.T) {
	s, err := NewSession(broadcastRun(10))
	require.NoError(t, err)
	stepTo(t, s, 200)
	require.NoError(t, s.Inject(Injection{Kind: InjectPartition, Nodes: []string{"n0", "n1"}}))
	require.NoError(t, s.Inject(Injection{Kind: InjectKill, Nodes: []string{"n2"}}))
	require.NoError(t, s.Inject(Injection{Kind: InjectPause, Nodes: []string{"n3"}}))
	for s.Step() {
	}
	res, err := s.Finish()
	require.NoError(t, err)
	assert.Equal(t, checker.Valid, res.Valid, "%+v", res.Workload)
	var healed []string
	for _, ev := range s.Events() {
		if ev.Kind == trace.KindFault && strings.HasPrefix(ev.Fault, "stop-") {
			healed = append(healed, ev.Fault)
		}
	}
	assert.Equal(t, []string{"stop-partition", "stop-kill", "stop-pause"}, healed)
	for _, n := range s.Nodes() {
		assert.False(t, n.Down || n.Paused, n.ID)
	}
}
