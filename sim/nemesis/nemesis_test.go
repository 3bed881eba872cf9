package nemesis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/rng"
	"github.com/eddy-sim/eddy/sim/trace"
)

// --- Parse ---

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"partition", []string{"partition"}},
		{" partition , kill ", []string{"partition", "kill"}},
		{"kill,partition,kill", []string{"kill", "partition"}},
		{"partition,,one-way,", []string{"partition", "one-way"}},
		{"pause,clock-skew", []string{"pause", "clock-skew"}},
		{"", nil},
		{" , ", nil},
	} {
		got, err := Parse(c.in)
		require.NoError(t, err, "%q", c.in)
		assert.Equal(t, c.want, got, "%q", c.in)
	}
}

func TestParseRejectsUnknownKindsNamingTheKnownOnes(t *testing.T) {
	_, err := Parse("partition,crash")
	require.Error(t, err)
	assert.Equal(t, `unknown nemesis "crash" (known: partition, one-way, kill, pause, clock-skew)`, err.Error())

	_, err = Parse("Partition")
	assert.Error(t, err, "names are case-sensitive")
}

func TestEveryKindHasADescription(t *testing.T) {
	for _, k := range Kinds {
		assert.NotEmpty(t, k.Description, k.Name)
		kinds, err := Parse(k.Name)
		require.NoError(t, err)
		assert.Equal(t, []string{k.Name}, kinds)
	}
}

// --- a cluster of fake nodes ---

// fakeNode is an engine.Node that only keeps the state faults change.
type fakeNode struct {
	id     string
	down   bool
	paused bool
	skew   time.Duration
}

func (f *fakeNode) Deliver(*engine.Packet) {}
func (f *fakeNode) ID() string             { return f.id }
func (f *fakeNode) Down() bool             { return f.down }
func (f *fakeNode) Kill()                  { f.down = true }
func (f *fakeNode) Pause()                 { f.paused = true }
func (f *fakeNode) Resume()                { f.paused = false }
func (f *fakeNode) Restart() error {
	if !f.down {
		return fmt.Errorf("%s is not down", f.id)
	}
	f.down = false
	return nil
}
func (f *fakeNode) SetSkew(d time.Duration) error { f.skew = d; return nil }

// rig is a world of size fake nodes n1…nN, with a trace kept in memory.
type rig struct {
	c        Cluster
	nodes    []*fakeNode
	restarts []string // ids Cluster.Restart was called with
	buf      bytes.Buffer
	tr       *trace.Writer
}

func newRig(size int) *rig {
	r := &rig{}
	var ids []string
	var nodes []engine.Node
	for i := 1; i <= size; i++ {
		f := &fakeNode{id: fmt.Sprintf("n%d", i)}
		r.nodes = append(r.nodes, f)
		ids = append(ids, f.id)
		nodes = append(nodes, f)
	}
	r.tr = trace.NewWriter(&r.buf, trace.Header{Eddy: "test"})
	net := network.New(network.Config{Dist: network.Constant}, ids, rand.New(rand.NewPCG(1, 2)))
	w := engine.NewWorld(net, r.tr)
	r.c = Cluster{World: w, Nodes: nodes, IDs: ids, Restart: func(id string) {
		r.restarts = append(r.restarts, id)
		for _, f := range r.nodes {
			if f.id == id {
				_ = f.Restart()
			}
		}
	}}
	return r
}

func (r *rig) net() *network.Network { return r.c.World.Network() }

// cuts lists every cut link as "src→dest", sorted.
func (r *rig) cuts() []string {
	var out []string
	for _, a := range r.c.IDs {
		for _, b := range r.c.IDs {
			if a != b && r.net().IsCut(a, b) {
				out = append(out, a+"→"+b)
			}
		}
	}
	return out
}

// grudgeCuts lists a grudge's links as "src→dest", sorted.
func grudgeCuts(g grudge) []string {
	var out []string
	for dest, srcs := range g {
		for _, src := range srcs {
			out = append(out, src+"→"+dest)
		}
	}
	slices.Sort(out)
	return out
}

// hears is the set of nodes dest hears from, itself included, as a sorted
// list.
func (r *rig) hears(dest string) []string {
	var out []string
	for _, src := range r.c.IDs {
		if src == dest || !r.net().IsCut(src, dest) {
			out = append(out, src)
		}
	}
	return out
}

// faultEvents returns the trace's fault events as "time fault detail".
func (r *rig) faultEvents(t *testing.T) []trace.Event {
	t.Helper()
	_, err := r.tr.Close()
	require.NoError(t, err)
	tr, err := trace.Read(&r.buf)
	require.NoError(t, err)
	var out []trace.Event
	for _, e := range tr.Events {
		if e.Kind == trace.KindFault {
			out = append(out, e)
		}
	}
	return out
}

// --- partition shapes ---

// split checks that the cuts divide the cluster into two sides with no
// traffic across, in both directions, and returns the smaller side (empty
// when nothing is cut).
func (r *rig) split(t *testing.T) []string {
	t.Helper()
	anchor := r.c.IDs[0]
	side := r.hears(anchor)
	for _, a := range r.c.IDs {
		for _, b := range r.c.IDs {
			if a == b {
				continue
			}
			across := slices.Contains(side, a) != slices.Contains(side, b)
			require.Equal(t, across, r.net().IsCut(a, b), "%s→%s; side of %s: %v", a, b, anchor, side)
		}
	}
	var other []string
	for _, id := range r.c.IDs {
		if !slices.Contains(side, id) {
			other = append(other, id)
		}
	}
	if len(other) == 0 {
		return nil
	}
	if len(side) < len(other) {
		return side
	}
	return other
}

// eachPartition draws many partitions over clusters of 3 to 9 nodes and
// calls check with each one's shape while it is in force; then it undoes it
// and requires that nothing stays cut. It returns the shapes seen per
// cluster size.
func eachPartition(t *testing.T, symmetric bool, check func(r *rig, shape string, g grudge)) map[int]map[string]int {
	seen := map[int]map[string]int{}
	for size := 3; size <= 9; size++ {
		seen[size] = map[string]int{}
		for seed := range uint64(200) {
			r := newRig(size)
			nem := New(r.c, nil, time.Second, seed)
			detail, stop := nem.partition(rng.Stream(seed, "test"), symmetric)
			d := detail.(map[string]any)
			shape, g := d["shape"].(string), d["isolated"].(grudge)
			seen[size][shape]++

			require.Equal(t, grudgeCuts(g), r.cuts(), "the recorded grudge is what is cut (%d nodes, %s)", size, shape)
			check(r, shape, g)

			stop()
			require.Empty(t, r.cuts(), "stop heals every link (%d nodes, %s)", size, shape)
		}
	}
	return seen
}

func TestSymmetricPartitionShapes(t *testing.T) {
	isolated := map[string]bool{} // nodes "one" cut off, with 5 nodes
	seen := eachPartition(t, true, func(r *rig, shape string, _ grudge) {
		n := len(r.c.IDs)
		switch shape {
		case "one":
			side := r.split(t)
			require.Len(t, side, 1)
			if n == 5 {
				isolated[side[0]] = true
			}
		case "majority":
			require.Len(t, r.split(t), n/2, "⌊n/2⌋ vs the rest, n=%d", n)
		case "minority-third":
			require.Len(t, r.split(t), (n-1)/3, "⌊(n−1)/3⌋ cut off, n=%d", n)
		case "majorities-ring":
			// Checked in TestMajoritiesRing.
		default:
			t.Fatalf("unknown shape %q", shape)
		}
	})
	for size, shapes := range seen {
		assert.Len(t, shapes, 4, "every shape turns up with %d nodes: %v", size, shapes)
	}
	assert.Len(t, isolated, 5, "any node can be the one cut off")
}

func TestMajoritiesRing(t *testing.T) {
	for size := 4; size <= 9; size++ {
		rings := map[string]bool{} // distinct grudges drawn
		for seed := range uint64(50) {
			r := newRig(size)
			g := majoritiesRing(rng.Stream(seed, "test"), r.c.IDs)
			rings[strings.Join(grudgeCuts(g), " ")] = true
			for dest, srcs := range g {
				for _, src := range srcs {
					r.net().Cut(src, dest)
				}
			}

			sets := map[string]string{}
			for _, id := range r.c.IDs {
				h := r.hears(id)
				require.Greater(t, len(h), size/2, "%s hears a majority, counting itself: %v", id, h)
				if size <= 5 {
					require.Len(t, h, size/2+1, "with ≤5 nodes, a bare majority")
				}
				key := strings.Join(h, ",")
				require.NotContains(t, sets, key, "%s and %s hear the same nodes", id, sets[key])
				sets[key] = id
				if (size/2+1)%2 == 1 { // an odd majority is a symmetric neighbourhood
					for _, other := range r.c.IDs {
						require.Equal(t, r.net().IsCut(other, id), r.net().IsCut(id, other), "symmetric")
					}
				}
			}
		}
		assert.Greater(t, len(rings), 1, "the ring is shuffled: %d nodes", size)
	}
}

func TestMajoritiesRingWithThreeNodes(t *testing.T) {
	r := newRig(3)
	g := majoritiesRing(rng.Stream(1, "test"), r.c.IDs)
	for dest, srcs := range g {
		for _, src := range srcs {
			r.net().Cut(src, dest)
		}
	}
	sets := map[string]bool{}
	for _, id := range r.c.IDs {
		h := r.hears(id)
		assert.Len(t, h, 2, "%s hears a bare majority", id)
		sets[strings.Join(h, ",")] = true
	}
	assert.Len(t, sets, 3, "each node hears a different majority")
}

func TestOneWayPartitionShapes(t *testing.T) {
	seen := eachPartition(t, false, func(r *rig, shape string, g grudge) {
		n := len(r.c.IDs)
		// The deaf group: nodes that stop hearing someone.
		var deaf []string
		for _, id := range r.c.IDs {
			if len(r.hears(id)) < n {
				deaf = append(deaf, id)
			}
		}
		for _, a := range r.c.IDs {
			for _, b := range r.c.IDs {
				if a == b {
					continue
				}
				want := slices.Contains(deaf, b) && !slices.Contains(deaf, a)
				require.Equal(t, want, r.net().IsCut(a, b), "%s→%s, deaf: %v", a, b, deaf)
				require.False(t, r.net().IsCut(a, b) && r.net().IsCut(b, a), "only one direction is cut")
			}
		}
		switch shape {
		case "one":
			require.Len(t, deaf, 1)
		case "majority":
			require.Len(t, deaf, n/2)
		case "minority-third":
			require.Len(t, deaf, (n-1)/3)
		default:
			t.Fatalf("shape %q is not one-way", shape)
		}
	})
	for size, shapes := range seen {
		assert.Len(t, shapes, 3, "one, majority and minority-third, with %d nodes: %v", size, shapes)
	}
}

func TestMinorityThirdOfThreeNodesCutsNothing(t *testing.T) {
	r := newRig(3)
	nem := New(r.c, nil, time.Second, 1)
	assert.Empty(t, nem.group(rng.Stream(1, "test"), "minority-third"), "⌊(3−1)/3⌋ = 0")
}

// --- overlapping faults and healing ---

// TestOverlappingPartitionsHealIndependently runs a symmetric and a one-way
// partition at once; ending one must leave exactly the other's cuts, even
// on links both cut.
func TestOverlappingPartitionsHealIndependently(t *testing.T) {
	overlaps := 0
	for seed := range uint64(100) {
		r := newRig(5)
		nem := New(r.c, []string{"partition", "one-way"}, time.Second, seed)
		sym, oneWay := nem.faults[0], nem.faults[1]

		nem.begin(sym)
		nem.begin(oneWay)
		ev := r.faultEvents(t)
		require.Len(t, ev, 2)
		symCuts, oneWayCuts := detailCuts(t, ev[0]), detailCuts(t, ev[1])
		union := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(symCuts), oneWayCuts...))))
		require.Equal(t, union, r.cuts())
		if len(union) < len(symCuts)+len(oneWayCuts) {
			overlaps++
		}

		if seed%2 == 0 {
			nem.end(sym)
			require.Equal(t, oneWayCuts, r.cuts(), "seed %d: the one-way partition still stands", seed)
			nem.end(oneWay)
		} else {
			nem.end(oneWay)
			require.Equal(t, symCuts, r.cuts(), "seed %d: the symmetric partition still stands", seed)
			nem.end(sym)
		}
		require.Empty(t, r.cuts(), "seed %d", seed)
	}
	assert.Greater(t, overlaps, 10, "the two faults often cut the same links")
}

// detailCuts reads a start-partition trace event's grudge as "src→dest".
func detailCuts(t *testing.T, e trace.Event) []string {
	t.Helper()
	var d struct {
		Shape    string              `json:"shape"`
		Isolated map[string][]string `json:"isolated"`
	}
	require.NoError(t, json.Unmarshal(e.Detail, &d), "%s", e.Detail)
	require.NotEmpty(t, d.Shape)
	return grudgeCuts(d.Isolated)
}

func TestStartFlipFlopsUntilTheEndThenHealRestoresEverything(t *testing.T) {
	r := newRig(5)
	nem := New(r.c, []string{"partition", "one-way", "kill", "pause", "clock-skew"}, time.Second, 7)
	w := r.c.World

	nem.Start(30 * time.Second)
	w.RunUntil(time.Minute)
	nem.Heal()

	assert.Empty(t, r.cuts())
	for _, f := range r.nodes {
		assert.False(t, f.down, f.id)
		assert.False(t, f.paused, f.id)
		assert.Zero(t, f.skew, f.id)
	}
	_, pending := w.Next()
	assert.False(t, pending, "no flip is scheduled past the end")

	ev := r.faultEvents(t)
	require.NotEmpty(t, ev)
	assert.Equal(t, "start-partition", ev[0].Fault)
	assert.Zero(t, ev[0].T, "the first partition starts at once")
	active := map[string]bool{}
	for _, e := range ev {
		kind, starting := strings.CutPrefix(e.Fault, "start-")
		if !starting {
			kind = strings.TrimPrefix(e.Fault, "stop-")
		}
		require.NotEqual(t, starting, active[kind], "%v %s: starts and stops alternate", e.T, e.Fault)
		active[kind] = starting
		if starting {
			require.Less(t, e.T, 30*time.Second, "no fault starts after the end")
		}
	}
	for kind, on := range active {
		assert.False(t, on, "%s is stopped by the end", kind)
	}
	for _, k := range []string{"partition", "one-way", "kill", "pause", "clock-skew"} {
		assert.Contains(t, active, k, "every kind ran")
	}
}

// --- kill, pause, skew ---

func TestKillDownsItsTargetsAndStopRestartsThem(t *testing.T) {
	for seed := range uint64(100) {
		r := newRig(5)
		nem := New(r.c, nil, time.Second, seed)

		detail, stop := nem.kill(rng.Stream(seed, "test"))

		killed := detail.(map[string]any)["nodes"].([]string)
		require.NotEmpty(t, killed)
		require.True(t, slices.IsSorted(killed))
		for _, f := range r.nodes {
			require.Equal(t, slices.Contains(killed, f.id), f.down, "seed %d: %s", seed, f.id)
		}
		assert.Empty(t, r.restarts)

		stop()
		assert.Equal(t, killed, r.restarts, "seed %d: restarted through the cluster, in order", seed)
		for _, f := range r.nodes {
			require.False(t, f.down, f.id)
		}
	}
}

func TestKillOnlyKillsAndRestartsNodesThatWereUp(t *testing.T) {
	for seed := range uint64(50) {
		r := newRig(5)
		r.nodes[0].down = true // n1 is down already, by another fault
		nem := New(r.c, nil, time.Second, seed)

		detail, stop := nem.kill(rng.Stream(seed, "test"))
		killed := detail.(map[string]any)["nodes"].([]string)
		require.NotContains(t, killed, "n1")

		stop()
		require.True(t, slices.Equal(killed, r.restarts), "restarted %v, killed %v", r.restarts, killed)
		require.True(t, r.nodes[0].down, "n1 is left to the fault that downed it")
	}
}

func TestKillDoesNotRestartANodeThatIsAlreadyBack(t *testing.T) {
	r := newRig(5)
	nem := New(r.c, nil, time.Second, 1)
	detail, stop := nem.kill(rng.Stream(2, "test"))
	killed := detail.(map[string]any)["nodes"].([]string)
	require.Greater(t, len(killed), 1, "pick a seed that kills several nodes")

	for _, f := range r.nodes {
		if f.id == killed[0] {
			require.NoError(t, f.Restart()) // restarted by someone else meanwhile
		}
	}
	stop()

	assert.Equal(t, killed[1:], r.restarts)
}

// TestKillTargetSizes: Jepsen's targets are one node, a minority, a
// majority, all, or a random subset, each a fifth of the time. With five
// nodes that is 1, 2, 3 and 5 nodes a quarter of the time each (counting
// the random subsets), and 4 nodes rarely.
func TestKillTargetSizes(t *testing.T) {
	r := newRig(5)
	nem := New(r.c, nil, time.Second, 1)
	rnd := rng.Stream(1, "test")
	const draws = 5000
	sizes := map[int]int{}
	for range draws {
		sizes[len(nem.targets(rnd))]++
	}
	for size, want := range map[int]float64{1: 0.24, 2: 0.24, 3: 0.24, 4: 0.04, 5: 0.24} {
		assert.InDelta(t, want, float64(sizes[size])/draws, 0.03, "%d nodes", size)
	}
}

func TestPauseFreezesItsTargetsAndStopResumesThem(t *testing.T) {
	for seed := range uint64(50) {
		r := newRig(5)
		nem := New(r.c, nil, time.Second, seed)

		detail, stop := nem.pause(rng.Stream(seed, "test"))

		paused := detail.(map[string]any)["nodes"].([]string)
		require.NotEmpty(t, paused)
		for _, f := range r.nodes {
			require.Equal(t, slices.Contains(paused, f.id), f.paused, "seed %d: %s", seed, f.id)
		}
		stop()
		for _, f := range r.nodes {
			require.False(t, f.paused, f.id)
		}
	}
}

func TestSkewStaysWithinTheIntervalAndStopResetsIt(t *testing.T) {
	interval := 2 * time.Second
	sawNegative, sawPositive := false, false
	for seed := range uint64(50) {
		r := newRig(5)
		nem := New(r.c, nil, interval, seed)

		detail, stop := nem.skew(rng.Stream(seed, "test"))

		skews := detail.(map[string]any)["skews"].(map[string]time.Duration)
		require.NotEmpty(t, skews)
		for _, f := range r.nodes {
			d, ok := skews[f.id]
			require.Equal(t, d, f.skew)
			if ok {
				require.True(t, -interval <= d && d <= interval, "%v", d)
				sawNegative = sawNegative || d < 0
				sawPositive = sawPositive || d > 0
			}
		}
		stop()
		for _, f := range r.nodes {
			require.Zero(t, f.skew)
		}
	}
	assert.True(t, sawNegative && sawPositive, "clocks are set both behind and ahead")
}

// --- determinism ---

func TestSameSeedSameFaults(t *testing.T) {
	run := func(seed uint64) string {
		r := newRig(5)
		nem := New(r.c, []string{"partition", "one-way", "kill", "pause", "clock-skew"}, time.Second, seed)
		nem.Start(20 * time.Second)
		r.c.World.RunUntil(30 * time.Second)
		r.tr.Close()
		return r.buf.String()
	}
	assert.Equal(t, run(3), run(3))
	assert.NotEqual(t, run(3), run(4))
}
