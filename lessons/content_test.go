package lessons_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/lessons"
	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/workload"
)

func TestLessonsAreComplete(t *testing.T) {
	all := lessons.All()
	require.Len(t, all, 6)
	for i, l := range all {
		t.Run(l.Name(), func(t *testing.T) {
			assert.Equal(t, i+1, l.Number)
			got, err := lessons.Parse(l.Name())
			require.NoError(t, err)
			assert.Same(t, l, got)
			for _, section := range []string{"## ", "visualizer"} {
				assert.Contains(t, l.Text(), section)
			}
			assert.Contains(t, l.Starter(), "TODO")
			for _, p := range l.Programs {
				e, err := catalog.Lookup(p.Reference)
				require.NoError(t, err)
				assert.Equal(t, p.Workload, e.Workload)
				assert.Contains(t, l.Starter(), "func "+p.Func+"(n *node.Node)")
			}
			_, err = catalog.Lookup(l.Watch.Bug)
			assert.NoError(t, err)
			assert.NotZero(t, l.Watch.Options.Seed)

			names := map[string]bool{}
			for i, c := range l.Checks {
				assert.False(t, names[c.Name], "check names are unique")
				names[c.Name] = true
				assert.True(t, strings.HasSuffix(c.Says, "."), "check %d says one sentence", i+1)
				if i > 0 {
					assert.GreaterOrEqual(t, c.Group, l.Checks[i-1].Group, "checks are in group order")
				}
				assert.Equal(t, len(c.Targets) > 0, c.Group == lessons.Efficiency, "efficiency checks, and only they, have targets")
				_, err := workload.Lookup(c.Options.Workload)
				assert.NoError(t, err)
				if w := l.Programs[c.Program].Workload; w != "pn-counter" || c.Options.Workload != "g-counter" { // a PN-counter serves g-counter too
					assert.Equal(t, w, c.Options.Workload)
				}
			}
		})
	}
}

// TestChecksPrintAsFlags: a check's run must be exactly what its printed
// command line says, so its options may only use what Flags writes.
func TestChecksPrintAsFlags(t *testing.T) {
	written := map[string]bool{"Workload": true, "Nodes": true, "TimeLimit": true, "Rate": true, "Concurrency": true,
		"Latency": true, "LatencyDist": true, "Topology": true, "Availability": true, "Nemesis": true,
		"NemesisInterval": true, "Loss": true, "Duplicate": true, "Recovery": true}
	for _, l := range lessons.All() {
		runs := []sim.Options{l.Watch.Options}
		for _, c := range l.Checks {
			runs = append(runs, c.Options)
			assert.Zero(t, c.Options.Seed, "%s: a check's seeds are in Seeds", c.Name)
		}
		for _, o := range runs {
			v := reflect.ValueOf(o)
			for i := range v.NumField() {
				name := v.Type().Field(i).Name
				if name != "Seed" && !v.Field(i).IsZero() {
					assert.True(t, written[name], "%s: %s is set, and Flags does not write it", l.Name(), name)
				}
			}
			if len(o.Nodes) > 0 {
				assert.Equal(t, sim.NodeIDs(len(o.Nodes)), o.Nodes, "nodes must be what --node-count makes")
			}
		}
	}
	l, _ := lessons.Get(4)
	assert.Equal(t, []string{"-w", "broadcast", "--node-count", "5", "--time-limit", "20", "--rate", "10",
		"--latency", "20", "--latency-dist", "exponential", "--duplicate", "0.3"}, lessons.Flags(l.Checks[3].Options))
}

func TestMaelstromCommandSaysWhatDiffers(t *testing.T) {
	o := sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20e9, Nemesis: []string{"partition", "kill"}, Loss: 0.2}
	cmd, differs := lessons.MaelstromCommand(o, "learn/04-x/broadcast")
	assert.Equal(t, "maelstrom test -w broadcast --node-count 5 --time-limit 20 --nemesis partition --bin learn/04-x/broadcast", cmd)
	assert.Equal(t, []string{
		"--nemesis kill left out: Maelstrom's only nemesis is partition",
		"--loss 0.2 left out: Maelstrom's network never loses messages",
	}, differs)

	o.Nemesis, o.NemesisInterval = []string{"kill"}, 3e9
	cmd, _ = lessons.MaelstromCommand(o, "x")
	assert.Equal(t, "maelstrom test -w broadcast --node-count 5 --time-limit 20 --bin x", cmd, "no interval for faults left out")
}

func TestHints(t *testing.T) {
	for _, l := range lessons.All() {
		t.Run(l.Name(), func(t *testing.T) {
			total := 0
			for _, c := range l.Checks {
				h := l.Hints(map[string]lessons.CheckProgress{c.Name: {Failures: 99}})
				total = max(total, h.Total)
				assert.NotEmpty(t, h.Shown, "check %s has hints", c.Name)
			}
			assert.GreaterOrEqual(t, total, 3, "at least three hints for some check")
			none := l.Hints(nil)
			assert.Len(t, none.Shown, 1, "before any check, one general hint")
		})
	}
}

func TestHintLadder(t *testing.T) {
	l, _ := lessons.Get(3)
	record := map[string]lessons.CheckProgress{"one-node": {Passed: true}, "five-nodes": {Failures: 1}, "line": {Failures: 5}}
	h := l.Hints(record)
	assert.Equal(t, 2, h.Check, "the first failing check")
	require.Len(t, h.Shown, 1)
	assert.Contains(t, h.Shown[0], "Only the node a client told knows a value")

	record["five-nodes"] = lessons.CheckProgress{Failures: 3}
	h = l.Hints(record)
	require.Len(t, h.Shown, 3, "one more hint per failure")
	assert.Contains(t, h.Shown[2], `n.Handle("gossip"`)

	record["five-nodes"] = lessons.CheckProgress{Failures: 40}
	h = l.Hints(record)
	assert.Len(t, h.Shown, h.Total, "no more than there are: its own, then the general ones")
	assert.Contains(t, h.Shown[h.Total-1], "node-logs/")

	record["five-nodes"] = lessons.CheckProgress{Passed: true, Failures: 40}
	assert.Equal(t, 3, l.Hints(record).Check)
	record["line"] = lessons.CheckProgress{Passed: true}
	assert.True(t, l.Hints(record).AllPass)
}

func TestDocument(t *testing.T) {
	l, _ := lessons.Get(5)
	doc := l.Document()
	assert.True(t, strings.HasPrefix(doc, "# Lesson 5 · Efficient broadcast\n"))
	for _, want := range []string{
		"\n**Reliable network**\n\n1. Twenty-five nodes",
		"\n**Efficiency**\n\n3. Fast enough",
		"Targets: msgs/op < 30, median latency < 400 ms, max latency < 600 ms.",
		"`-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100`",
		"eddy lesson check 5 --bin ./mynode",
		"Python and Rust",
		"go -C learn/05-efficient-broadcast build -o broadcast .\n",
		"maelstrom test -w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition --bin learn/05-efficient-broadcast/broadcast\n",
	} {
		assert.Contains(t, doc, want)
	}
	assert.Equal(t, 1, strings.Count(doc, "--latency 100 --bin"), "the same Maelstrom run is listed once")
}
