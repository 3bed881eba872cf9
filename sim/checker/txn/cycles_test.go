package txn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

// edge is a test edge.
type edge struct {
	from, to int32
	k        kind
}

func graphOf(n int, es ...edge) *graph {
	b := &edgeBuilder{n: n}
	for _, e := range es {
		b.add(e.from, e.to, e.k)
	}
	return b.build()
}

func TestBuildMergesKinds(t *testing.T) {
	g := graphOf(3, edge{0, 1, ww}, edge{0, 1, rw}, edge{1, 2, wr}, edge{2, 2, ww})
	assert.Equal(t, ww|rw, g.kindsOf(0, 1))
	assert.Equal(t, wr, g.kindsOf(1, 2))
	assert.Equal(t, kind(0), g.kindsOf(2, 2), "no self-edges")
	assert.Equal(t, kind(0), g.kindsOf(1, 0))
}

func TestSCCsAreIterative(t *testing.T) {
	// A million-node ring: recursion this deep would be slow or worse.
	const n = 1_000_000
	b := &edgeBuilder{n: n}
	for i := range int32(n) {
		b.add(i, (i+1)%n, ww)
	}
	comp, count := sccs(b.build(), ww)
	require.Equal(t, 1, count)
	assert.Len(t, components(comp, count)[0], n)
}

func TestSCCsRespectMask(t *testing.T) {
	g := graphOf(4, edge{0, 1, ww}, edge{1, 0, rw}, edge{2, 3, wr}, edge{3, 2, wr})
	comp, count := sccs(g, ww|wr)
	assert.Equal(t, [][]int32{{2, 3}}, components(comp, count))
	comp, count = sccs(g, data)
	assert.Equal(t, [][]int32{{0, 1}, {2, 3}}, components(comp, count))
}

func TestCycleType(t *testing.T) {
	for _, c := range []struct {
		kinds []kind
		want  string
	}{
		{[]kind{ww, ww}, "G0"},
		{[]kind{ww, wr}, "G1c"},
		{[]kind{rw, wr}, "G-single-item"},
		{[]kind{rw, ww, rw, wr}, "G-nonadjacent-item"},
		{[]kind{rw, rw}, "G2-item"},
		{[]kind{rw, ww, wr, rw}, "G2-item"}, // adjacent across the wrap
		{[]kind{ww, process}, "G0-process"},
		{[]kind{rw, process, realtime}, "G-single-item-realtime"},
		{[]kind{realtime, process}, ""},
	} {
		assert.Equal(t, c.want, cycleType(c.kinds), "%v", c.kinds)
	}
}

// names returns the anomaly names of cycles, in order.
func names(cs []*cycle) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	return out
}

func TestSearchFindsShortestWitness(t *testing.T) {
	// A G-single through 0→1→2→3→0 (rw 3→0) and a shorter one 4→5→4
	// (rw 5→4), in one component joined by 3→4 and 5→3.
	g := graphOf(6,
		edge{0, 1, ww}, edge{1, 2, wr}, edge{2, 3, ww}, edge{3, 0, rw},
		edge{3, 4, rw}, edge{4, 5, wr}, edge{5, 4, rw}, edge{5, 3, rw})
	found, timeouts := searchCycles(g, DefaultCycleSearchBudget)
	require.Empty(t, timeouts)
	require.Equal(t, []string{"G-single-item"}, names(found), "G2-item is implied")
	assert.Equal(t, []int32{5, 4}, found[0].nodes)
	assert.Equal(t, []kind{rw, wr}, found[0].kinds)
}

func TestSearchOneAnomalyPerTypePerComponent(t *testing.T) {
	// A write cycle (0,1), and a write skew (2,3) apart from it; and a G0
	// 4↔5 with a G1c 5↔6 beside it in one component.
	g := graphOf(7,
		edge{0, 1, ww}, edge{1, 0, ww},
		edge{2, 3, rw}, edge{3, 2, rw},
		edge{4, 5, ww}, edge{5, 4, ww}, edge{5, 6, wr}, edge{6, 5, wr})
	found, _ := searchCycles(g, DefaultCycleSearchBudget)
	assert.Equal(t, []string{"G0", "G2-item", "G0"}, names(found), "G1c is implied by G0")
}

func TestSearchNonadjacentNeedsAlternation(t *testing.T) {
	// 0 -rw-> 1 -ww-> 2 -rw-> 3 -wr-> 0: nonadjacent. Adding a shortcut
	// 1 -rw-> 3 makes a shorter cycle, but with adjacent rw edges.
	es := []edge{{0, 1, rw}, {1, 2, ww}, {2, 3, rw}, {3, 0, wr}}
	found, _ := searchCycles(graphOf(4, es...), DefaultCycleSearchBudget)
	assert.Equal(t, []string{"G-nonadjacent-item"}, names(found))

	found, _ = searchCycles(graphOf(4, append(es, edge{1, 3, rw})...), DefaultCycleSearchBudget)
	assert.Equal(t, []string{"G-nonadjacent-item"}, names(found), "G2-item is implied")
	assert.Len(t, found[0].nodes, 4)
}

func TestSearchVariants(t *testing.T) {
	// 0 -ww-> 1 -realtime-> 0, and 2 -rw-> 3 -process-> 2.
	g := graphOf(4, edge{0, 1, ww}, edge{1, 0, realtime}, edge{2, 3, rw}, edge{3, 2, process})
	found, _ := searchCycles(g, DefaultCycleSearchBudget)
	assert.Equal(t, []string{"G0-realtime", "G-single-item-process"}, names(found))
}

func TestSearchBudgetReportsTimeouts(t *testing.T) {
	// A G2-item needs two rw edges in a row; this ring of alternating rw
	// and ww edges has none, but many candidates to try. With no budget,
	// only the first is searched, and nothing found; the cycle that is
	// there is still reported, as G-nonadjacent-item.
	b := &edgeBuilder{n: 40}
	for i := range int32(40) {
		k := ww
		if i%2 == 0 {
			k = rw
		}
		b.add(i, (i+1)%40, k)
		if i%2 == 0 {
			b.add(i, (i+3)%40, wr)
		}
	}
	found, timeouts := searchCycles(b.build(), 1)
	assert.NotEmpty(t, found)
	for _, a := range timeouts {
		assert.Equal(t, aSearchTimeout, a.Type)
	}
}

func TestSimpleCycles(t *testing.T) {
	// 0 → 1 → 0 → 2 → 0 as a closed walk.
	c := &cycle{nodes: []int32{0, 1, 0, 2}, kinds: []kind{ww, wr, rw, ww}}
	got := simpleCycles(c)
	require.Len(t, got, 2)
	assert.ElementsMatch(t, [][]int32{{0, 1}, {0, 2}}, [][]int32{got[0].nodes, got[1].nodes})
}

func TestRealtimeEdgesAreAReduction(t *testing.T) {
	// Sequential transactions: a chain of n-1 edges, not n²/2.
	h := serial(`[["r","x",null]]`, `[["r","x",null]]`, `[["r","x",null]]`, `[["r","x",null]]`)
	th := parse(h, listAppend)
	b := &edgeBuilder{n: len(th.txns)}
	realtimeEdges(th.txns, events(th.txns), b)
	g := b.build()
	assert.Equal(t, []int32{1, 2, 3}, g.to)

	// Two overlapping, then one after both: both link to it.
	h = (&builder{}).
		invoke(0, `[]`).invoke(1, `[]`).ok(0, `[]`).ok(1, `[]`).
		invoke(2, `[]`).ok(2, `[]`).history()
	th = parse(h, listAppend)
	b = &edgeBuilder{n: len(th.txns)}
	realtimeEdges(th.txns, events(th.txns), b)
	g = b.build()
	assert.Equal(t, realtime, g.kindsOf(0, 2))
	assert.Equal(t, realtime, g.kindsOf(1, 2))
	assert.Equal(t, kind(0), g.kindsOf(0, 1))
}

func TestProcessEdgesSkipFailuresAndLeaveInfos(t *testing.T) {
	h := (&builder{}).
		txn(0, `[]`).
		invoke(0, `[]`).fail(0).
		invoke(0, `[]`).info(0).
		txn(0, `[]`).history()
	th := parse(h, listAppend)
	require.Equal(t, []history.Type{history.OK, history.Fail, history.Info, history.OK},
		[]history.Type{th.txns[0].typ, th.txns[1].typ, th.txns[2].typ, th.txns[3].typ})
	b := &edgeBuilder{n: len(th.txns)}
	processEdges(th.txns, b)
	g := b.build()
	assert.Equal(t, process, g.kindsOf(0, 2))
	assert.Equal(t, process, g.kindsOf(0, 3))
	assert.Equal(t, kind(0), g.kindsOf(2, 3), "an info transaction may take effect later")
	assert.Equal(t, kind(0), g.kindsOf(0, 1))
}
