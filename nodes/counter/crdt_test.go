package counter

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
)

func clone(c counts) counts { return counts{P: maps.Clone(c.P), N: maps.Clone(c.N)} }

func TestMergeIsPointwiseMax(t *testing.T) {
	a := counts{P: map[string]int{"n1": 5, "n2": 1}, N: map[string]int{"n1": 2}}
	b := counts{P: map[string]int{"n1": 3, "n2": 4, "n3": 7}, N: map[string]int{}}
	origA, origB := clone(a), clone(b)

	// Each entry takes the larger of the two; entries only one side has
	// are copied.
	assert.True(t, a.merge(b))
	assert.Equal(t, counts{P: map[string]int{"n1": 5, "n2": 4, "n3": 7}, N: map[string]int{"n1": 2}}, a)
	assert.Equal(t, 5+4+7-2, a.value())

	// Idempotent: merging the same state again changes nothing.
	assert.False(t, a.merge(b))
	assert.False(t, a.merge(origA))

	// Commutative: merging the other way round gives the same state.
	ba := clone(origB)
	ba.merge(origA)
	assert.Equal(t, a, ba)

	// Associative, so any order of gossip converges: (a ⊔ b) ⊔ c = a ⊔ (b ⊔ c).
	c := counts{P: map[string]int{"n2": 9}, N: map[string]int{"n3": 1}}
	left := clone(origA)
	left.merge(origB)
	left.merge(c)
	bc := clone(origB)
	bc.merge(c)
	right := clone(origA)
	right.merge(bc)
	assert.Equal(t, left, right)
}

func TestPNCounterTranscript(t *testing.T) {
	h := newHost()
	n := start(t, h, PNCounter)
	tick := func() { t.Helper(); require.NoError(t, n.Fire(h.Timers[len(h.Timers)-1].ID)) }

	// Adds raise this node's own entries, store them, then acknowledge.
	deliver(t, n, "c1", `{"type":"add","delta":3,"msg_id":2}`)
	deliver(t, n, "c1", `{"type":"add","delta":-2,"msg_id":3}`)
	deliver(t, n, "c1", `{"type":"add","delta":0,"msg_id":4}`)
	assert.Equal(t, []string{
		`c1 {"in_reply_to":2,"type":"add_ok"}`,
		`c1 {"in_reply_to":3,"type":"add_ok"}`,
		`c1 {"in_reply_to":4,"type":"add_ok"}`,
	}, h.Sent())
	assert.Equal(t, []string{"n", "p"}, h.Storage().Keys())

	// A tick sends the whole state to every peer.
	tick()
	assert.Equal(t, []string{
		`n1 {"type":"counter_gossip","p":{"n2":3},"n":{"n2":2}}`,
		`n3 {"type":"counter_gossip","p":{"n2":3},"n":{"n2":2}}`,
	}, h.Sent())

	// A peer's state merges entry by entry with max: what it says about
	// n2 is older than what n2 knows, and is ignored.
	deliver(t, n, "n1", `{"type":"counter_gossip","p":{"n1":10,"n2":1},"n":{"n1":4}}`)
	deliver(t, n, "c1", `{"type":"read","msg_id":5}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":5,"type":"read_ok","value":7}`}, h.Sent(), "10+3 − (4+2)")

	// Ticks send only when this node's own entries changed, and every
	// fourth tick regardless.
	tick()
	tick()
	assert.Empty(t, h.Sent())
	deliver(t, n, "c1", `{"type":"add","delta":1,"msg_id":6}`)
	h.Sent()
	tick()
	assert.Equal(t, []string{
		`n1 {"type":"counter_gossip","p":{"n1":10,"n2":4},"n":{"n1":4,"n2":2}}`,
		`n3 {"type":"counter_gossip","p":{"n1":10,"n2":4},"n":{"n1":4,"n2":2}}`,
	}, h.Sent())
	tick()
	assert.Len(t, h.Sent(), 2, "the fourth tick")

	// After a crash the node has its own entries back from storage; the
	// rest comes with the peers' next gossip.
	n = start(t, h, PNCounter)
	deliver(t, n, "c1", `{"type":"read","msg_id":7}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":7,"type":"read_ok","value":2}`}, h.Sent(), "4 − 2")

	// BugNoPersist forgets them: it would count on from zero.
	h = newHost()
	n = start(t, h, BugNoPersist)
	deliver(t, n, "c1", `{"type":"add","delta":3,"msg_id":2}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":2,"type":"add_ok"}`}, h.Sent())
	assert.Empty(t, h.Storage().Keys())
	n = start(t, h, BugNoPersist)
	deliver(t, n, "c1", `{"type":"read","msg_id":3}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":3,"type":"read_ok","value":0}`}, h.Sent())
}

func TestGCounterCRDTRefusesDecrements(t *testing.T) {
	h := newHost()
	n := start(t, h, GCounterCRDT)
	deliver(t, n, "c1", `{"type":"add","delta":-1,"msg_id":2}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":2,"type":"error","code":12,"text":"a g-counter cannot add -1"}`}, h.Sent())
}

// seeds are the runs each simulation test makes.
func seeds() []uint64 {
	if testing.Short() {
		return []uint64{1, 2, 3}
	}
	return []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
}

// counterRun runs a counter workload at 100 ops/s for 20 s under the given
// faults, then Maelstrom's heal, 10 s recovery and one final read per
// client.
func counterRun(t *testing.T, workload string, program node.Program, nodes int, seed uint64, nemesis ...string) (*sim.Result, checker.CounterResult) {
	t.Helper()
	res, err := sim.Run(context.Background(), sim.Options{
		Workload: workload, Node: program, Nodes: sim.NodeIDs(nodes),
		TimeLimit: 20 * time.Second, Rate: 100, Nemesis: nemesis, Seed: seed,
	})
	require.NoError(t, err)
	return res, res.Workload.(checker.CounterResult)
}

func TestReferencesSurvivePartitionsAndCrashes(t *testing.T) {
	for _, c := range []struct {
		name     string
		workload string
		program  node.Program
		nodes    int
	}{
		{"GCounterSeqKV", "g-counter", GCounterSeqKV, 3},
		{"GCounterCRDT", "g-counter", GCounterCRDT, 3},
		{"PNCounter", "pn-counter", PNCounter, 5},
		{"PNCounter", "g-counter", PNCounter, 3},
	} {
		for _, nemesis := range [][]string{{"partition"}, {"partition", "kill"}} {
			for _, seed := range seeds() {
				t.Run(fmt.Sprintf("%s/%s/%v/seed=%d", c.name, c.workload, nemesis, seed), func(t *testing.T) {
					res, cr := counterRun(t, c.workload, c.program, c.nodes, seed, nemesis...)
					assert.Equal(t, checker.Valid, res.Valid, "final reads %s, acceptable %v", cr.FinalReads, cr.Acceptable)
					assert.NotEmpty(t, cr.FinalReads)
				})
			}
		}
	}
}

// caught counts the seeds on which a run of program is judged invalid.
func caught(t *testing.T, workload string, program node.Program, nemesis ...string) int {
	t.Helper()
	n := 0
	for _, seed := range seeds() {
		if res, _ := counterRun(t, workload, program, 3, seed, nemesis...); res.Valid == checker.Invalid {
			n++
		}
	}
	return n
}

func TestBugNoPersistLosesAddsToCrashes(t *testing.T) {
	res, cr := counterRun(t, "pn-counter", BugNoPersist, 3, 1, "partition", "kill")
	assert.Equal(t, checker.Invalid, res.Valid)
	assert.NotEmpty(t, cr.Errors)

	// Only adds made around a crash are lost, and a kill that hits while
	// the node's count is on the wire loses nothing, so a few runs pass:
	// 10 of 10 seeds caught here when this was written, 43 of 50 over
	// seeds 100–149.
	got := caught(t, "pn-counter", BugNoPersist, "partition", "kill")
	t.Logf("BugNoPersist caught in %d of %d seeds", got, len(seeds()))
	assert.GreaterOrEqual(t, got, len(seeds())*7/10)
}
