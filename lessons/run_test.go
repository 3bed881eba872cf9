package lessons_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/lessons"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
)

// shortEcho is a one-check lesson, short enough to run in real time.
func shortEcho() *lessons.Lesson {
	return &lessons.Lesson{Number: 1, Slug: "echo", Title: "Echo",
		Programs: []lessons.Program{{Func: "Program", Workload: "echo", Reference: "echo"}},
		Checks: []lessons.CheckSpec{{Name: "short", Says: "One node echoes for a second.",
			Options: sim.Options{Workload: "echo", Nodes: sim.NodeIDs(1), TimeLimit: time.Second, Rate: 20}}}}
}

func testdata(t *testing.T, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "sim", "host", "testdata", name))
	require.NoError(t, err)
	return path
}

// TestBinChecksAProcess: a learner writing Python checks an executable, in
// process mode. A pass keeps no files; a failure keeps them and says why.
func TestBinChecksAProcess(t *testing.T) {
	l, store := shortEcho(), t.TempDir()
	o := l.RunCheck(context.Background(), 0, lessons.Subject{Bins: []string{testdata(t, "echo.py")}}, lessons.RunOptions{StoreDir: store})
	assert.True(t, o.Passed, o.Finding)
	assert.Empty(t, o.Store)

	// A unique-ids node knows no echo.
	o = l.RunCheck(context.Background(), 0, lessons.Subject{Bins: []string{testdata(t, "unique_ids.py")}}, lessons.RunOptions{StoreDir: store})
	assert.False(t, o.Passed)
	assert.Regexp(t, `^n0 was asked at \d+\.\d{3}s to echo "Please echo \d+" and answered with the error not-supported: `, o.Finding)
	assert.FileExists(t, filepath.Join(o.Store, "trace.jsonl"))
	assert.FileExists(t, filepath.Join(o.Store, "node-logs", "n0.log"))
}

// TestFailureKeepsFilesOfAnExactReplay: in process, a failing run is run
// again to keep its files; a node that depends on something the seed does
// not fix is told so.
func TestFailureKeepsFilesOfAnExactReplay(t *testing.T) {
	l := shortEcho()
	wrong := func(n *node.Node) {
		n.Handle("echo", func(msg node.Message) error {
			return n.Reply(msg, map[string]any{"type": "echo_ok", "echo": "wrong"})
		})
	}
	store := t.TempDir()
	o := l.RunCheck(context.Background(), 0, lessons.Subject{Programs: []node.Program{wrong}}, lessons.RunOptions{StoreDir: store})
	assert.False(t, o.Passed)
	assert.Empty(t, o.Note, "a deterministic node replays exactly")
	for _, f := range []string{"results.json", "history.jsonl", "trace.jsonl"} {
		assert.FileExists(t, filepath.Join(o.Store, f))
	}
	assert.Equal(t, filepath.Join(store, "01-short", "echo"), filepath.Dir(o.Store), "each check's runs in a place of their own")
	for range 4 {
		l.RunCheck(context.Background(), 0, lessons.Subject{Programs: []node.Program{wrong}}, lessons.RunOptions{StoreDir: store})
	}
	runs, err := filepath.Glob(filepath.Join(store, "01-short", "echo", "2*"))
	require.NoError(t, err)
	assert.Len(t, runs, 3, "only the latest runs of a check are kept")

	// The global random source is not the seed's: the replay differs.
	moody := func(n *node.Node) {
		n.Handle("echo", func(msg node.Message) error {
			return n.Reply(msg, map[string]any{"type": "echo_ok", "echo": rand.IntN(1 << 30)})
		})
	}
	o = l.RunCheck(context.Background(), 0, lessons.Subject{Programs: []node.Program{moody}}, lessons.RunOptions{StoreDir: store})
	assert.False(t, o.Passed)
	assert.Contains(t, o.Note, "replaying this seed gave a different run")
}

func TestSeedOverride(t *testing.T) {
	l, _ := lessons.Get(4)
	o := l.RunCheck(context.Background(), 1, l.Reference(), lessons.RunOptions{Seed: 42})
	assert.True(t, o.Passed, o.Finding)
	assert.Equal(t, uint64(42), o.Seed)
	o = l.RunCheck(context.Background(), 1, l.Reference(), lessons.RunOptions{})
	assert.Equal(t, uint64(3), o.Seed, "the last of the check's own seeds")
}

func TestProgress(t *testing.T) {
	learn := t.TempDir()
	l, _ := lessons.Get(1)
	p, err := lessons.LoadProgress(learn)
	require.NoError(t, err)
	assert.Equal(t, "not started", p.Status(l, learn).String())

	p.Record(l, []lessons.Outcome{{Name: "one-node", Passed: true}, {Name: "three-nodes"}, {Name: "partition-kill"}})
	p.Record(l, []lessons.Outcome{{Name: "three-nodes"}})
	require.NoError(t, p.Save(learn))
	p, err = lessons.LoadProgress(learn)
	require.NoError(t, err)
	s := p.Status(l, learn)
	assert.Equal(t, "started", s.String())
	assert.Equal(t, 1, s.Passed)
	assert.Equal(t, 2, p.Lessons["01-echo"]["three-nodes"].Failures)

	p.Record(l, []lessons.Outcome{{Name: "three-nodes", Passed: true}, {Name: "partition-kill", Passed: true}})
	assert.Equal(t, "passed", p.Status(l, learn).String())

	require.NoError(t, os.WriteFile(filepath.Join(learn, lessons.ProgressFile), []byte("{"), 0o644))
	_, err = lessons.LoadProgress(learn)
	assert.ErrorContains(t, err, "delete")
}
