package lessons_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/lessons"
	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/nodes/node"
)

// TestReferencesPassEveryCheck runs each lesson's reference through the
// API a workspace's check_test.go uses.
func TestReferencesPassEveryCheck(t *testing.T) {
	t.Chdir(t.TempDir()) // a failing check keeps its files under store/
	for _, l := range lessons.All() {
		t.Run(l.Name(), func(t *testing.T) { lessons.Check(t, l.Number, l.References()...) })
	}
}

// withBug is the lesson's reference with one program swapped for a
// catalog program.
func withBug(t *testing.T, l *lessons.Lesson, program int, bug string) lessons.Subject {
	t.Helper()
	e, err := catalog.Lookup(bug)
	require.NoError(t, err)
	progs := l.References()
	progs[program] = e.Program
	return lessons.Subject{Programs: progs}
}

func checkNumber(t *testing.T, l *lessons.Lesson, name string) int {
	t.Helper()
	for i, c := range l.Checks {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("lesson %d has no check %q", l.Number, name)
	return 0
}

// TestPlantedBugsFailTheChecksMeantForThem: each check catches the mistake
// the lesson teaches about, and says so in words.
func TestPlantedBugsFailTheChecksMeantForThem(t *testing.T) {
	for _, c := range []struct {
		lesson  int
		program int
		bug     string
		check   string
		finding string // a regular expression
	}{
		{1, 0, "echo-bug-stale", "one-node", `^n0 was asked at \d+\.\d{3}s to echo "Please echo \d+" and answered "nothing yet" \(\d+ more echoes went wrong\)$`},
		{2, 0, "unique-ids-bug-counter", "kill", `^id "n\d-\d+" was handed out \d+ times: by n\d at \d+\.\d{3}s, by n\d at`},
		{3, 0, "broadcast-bug-no-forward", "five-nodes", `^value \d+ was acknowledged by n\d at \d+\.\d{3}s, but the final reads of n\d, .* and n\d lack it \(\d+ more values were lost\)$`},
		{3, 0, "broadcast-bug-no-forward", "line", `^value \d+ was acknowledged by n\d+ at \d+\.\d{3}s, but the final reads of 24 nodes lack it: n0, n1, n2, n3, n4, n5, …`},
		{4, 0, "broadcast-bug-no-retry", "partition", `but (the final reads of .* lack|n\d's final read lacks) it`},
		{4, 0, "broadcast-bug-no-retry", "loss", `lack`},
		{4, 0, "broadcast-bug-no-retry", "one-way", `lack`},
		{5, 0, "broadcast-bug-flood", "glomers-3d", `^msgs/op was \d+\.\d, and the target is under 30$`},
		{5, 0, "broadcast", "glomers-3d", `^median latency was \d+ ms, and the target is under 400 ms`},
		{6, 0, "g-set-bug-delta-only", "g-set-partition", `lack`},
		{6, 1, "counter-bug-no-persist", "kill", `^n\d's final read returned -?\d+, but (the acknowledged adds sum to -?\d+|it should be one of)`},
	} {
		t.Run(fmt.Sprintf("%d/%s/%s", c.lesson, c.bug, c.check), func(t *testing.T) {
			l, err := lessons.Get(c.lesson)
			require.NoError(t, err)
			o := l.RunCheck(context.Background(), checkNumber(t, l, c.check), withBug(t, l, c.program, c.bug), lessons.RunOptions{})
			assert.False(t, o.Passed)
			assert.Regexp(t, c.finding, o.Finding)
			assert.NotZero(t, o.Seed)
		})
	}
}

// TestWatchRunShowsTheBug: the teaching run is valid with the reference,
// and invalid (or, for a wasteful bug, far costlier) with the planted bug
// it is meant to show.
func TestWatchRunShowsTheBug(t *testing.T) {
	dir := t.TempDir()
	for _, l := range lessons.All() {
		t.Run(l.Name(), func(t *testing.T) {
			ref := l.RunWatch(context.Background(), l.Reference(), 0, dir)
			assert.True(t, ref.Passed, ref.Finding)
			assert.DirExists(t, ref.Store)
			assert.FileExists(t, ref.Store+"/trace.jsonl")

			e, err := catalog.Lookup(l.Watch.Bug)
			require.NoError(t, err)
			bug := l.RunWatch(context.Background(), withBug(t, l, l.Watch.Program, l.Watch.Bug), 0, dir)
			if e.Expect == catalog.Wasteful {
				assert.True(t, bug.Passed, bug.Finding)
				return
			}
			assert.False(t, bug.Passed, "the planted bug %s should show on the teaching run", l.Watch.Bug)
		})
	}
}

func TestCrashIsExplainedWithWhereItPanicked(t *testing.T) {
	l, _ := lessons.Get(1)
	panics := func(n *node.Node) {
		n.Handle("echo", func(msg node.Message) error {
			var none []int
			_ = none[len(msg.Type)] // index out of range
			return nil
		})
	}
	o := l.RunCheck(context.Background(), 0, lessons.Subject{Programs: []node.Program{panics}}, lessons.RunOptions{})
	assert.False(t, o.Passed)
	assert.Regexp(t, `^n0 crashed at \d+\.\d{3}s: panic: runtime error: index out of range \[4\] with length 0, at lessons_test\.go:\d+`, o.Finding)
}

// storm forwards every gossip to every neighbour but the sender, without
// remembering what it has seen: on a grid, values circle forever.
func storm(n *node.Node) {
	var neighbours []string
	n.Handle("topology", func(msg node.Message) error {
		var body struct{ Topology map[string][]string }
		if err := msg.Decode(&body); err != nil {
			return err
		}
		neighbours = body.Topology[n.ID()]
		return n.Reply(msg, map[string]any{"type": "topology_ok"})
	})
	forward := func(v int, from string) {
		for _, p := range neighbours {
			if p != from {
				_ = n.Send(p, map[string]any{"type": "gossip", "message": v})
			}
		}
	}
	n.Handle("broadcast", func(msg node.Message) error {
		var body struct{ Message int }
		if err := msg.Decode(&body); err != nil {
			return err
		}
		forward(body.Message, "")
		return n.Reply(msg, map[string]any{"type": "broadcast_ok"})
	})
	n.Handle("gossip", func(msg node.Message) error {
		var body struct{ Message int }
		if err := msg.Decode(&body); err != nil {
			return err
		}
		forward(body.Message, msg.Src)
		return nil
	})
	n.Handle("read", func(msg node.Message) error {
		return n.Reply(msg, map[string]any{"type": "read_ok", "messages": nil})
	})
}

func TestBroadcastStormIsStopped(t *testing.T) {
	l, _ := lessons.Get(3)
	o := l.RunCheck(context.Background(), checkNumber(t, l, "five-nodes"), lessons.Subject{Programs: []node.Program{storm}}, lessons.RunOptions{})
	assert.False(t, o.Passed)
	assert.Regexp(t, `^the run was stopped at \d+\.\d{3}s of simulated time, after 1000000 messages: is every value forwarded again and again\?`, o.Finding)
}
