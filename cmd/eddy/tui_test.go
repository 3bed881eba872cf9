package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/store"
)

func TestTUIRefusesRealProcesses(t *testing.T) {
	r := eddy(t, "tui", "-w", "echo", "--bin", "/bin/cat")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--bin runs real processes")
	assert.Contains(t, r.stderr, "use eddy test")
}

func TestTUIRefusesBadFlags(t *testing.T) {
	r := eddy(t, "tui", "--nemesis", "flood")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown nemesis "flood"`)
}

func tuiOptions() sim.Options {
	return sim.Options{
		Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast", Nodes: sim.NodeIDs(3),
		TimeLimit: 3 * time.Second, Rate: 10, Latency: 5 * time.Millisecond, Seed: 5,
	}
}

// A run saved with its injections opens again as the same run.
func TestSavedRunReopensWithItsInjections(t *testing.T) {
	root := t.TempDir()
	script := []sim.Injection{
		{Step: 50, Kind: sim.InjectPartition, Nodes: []string{"n0"}},
		{Step: 120, Kind: sim.InjectKill, Nodes: []string{"n1"}},
	}
	dir, err := saveRun(root)(tuiOptions(), script)
	require.NoError(t, err)

	var saved []sim.Injection
	b, err := os.ReadFile(filepath.Join(dir, injectionsFile))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &saved))
	assert.Equal(t, script, saved)
	var results struct {
		Sim sim.SimInfo `json:"sim"`
	}
	b, err = os.ReadFile(filepath.Join(dir, "results.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &results))

	cfg, err := openStored(filepath.Join(root, "latest"))
	require.NoError(t, err)
	require.NotNil(t, cfg.Session, "a built-in program replays")
	for cfg.Session.Step() {
	}
	assert.Equal(t, script, cfg.Session.Injections())
	res, err := cfg.Session.Finish()
	require.NoError(t, err)
	assert.Equal(t, results.Sim.TraceHash, res.Sim.TraceHash, "the replay is the saved run")
}

// A run of a program this eddy does not have opens read-only.
func TestStoredRunOfAnUnknownProgramOpensReadOnly(t *testing.T) {
	root := t.TempDir()
	dir, err := store.Create(root, "broadcast", time.Now())
	require.NoError(t, err)
	o := tuiOptions()
	o.ProgramName = "my-broadcast"
	o.Trace = dir.Trace()
	res, err := sim.Run(t.Context(), o)
	require.NoError(t, err)
	require.NoError(t, writeRun(dir, res))

	cfg, err := openStored(filepath.Join(dir.Dir, "trace.jsonl"))
	require.NoError(t, err)
	assert.Nil(t, cfg.Session)
	require.NotNil(t, cfg.Tape)
	assert.Contains(t, cfg.Tape.Frame().ReadOnly, `program "my-broadcast" is not built into this eddy`)
}

// The real thing, in a real terminal: tmux runs eddy tui in a shell; keys
// step, partition, rewind and quit; the shell is back afterwards.
func TestTUIInARealTerminal(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	sock := "eddy-test-" + strconv.Itoa(os.Getpid()) // a server of our own
	tm := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
		require.NoError(t, err, "tmux %v: %s", args, out)
		return string(out)
	}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", sock, "kill-server").Run() })
	tm("new-session", "-d", "-s", "eddy", "-x", "120", "-y", "40", "-c", t.TempDir(), "sh")
	screen := func() string { return tm("capture-pane", "-p", "-t", "eddy") }
	waitFor := func(what string) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := screen()
			if strings.Contains(s, what) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("the screen never showed %q:\n%s", what, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tm(append([]string{"send-keys", "-t", "eddy"}, k...)...) }

	keys(eddyBin+" tui -w broadcast --node-count 5 --seed 1; echo TUI-EXIT=$?", "Enter")
	waitFor("cluster · 5 nodes")
	assert.Contains(t, screen(), "step 0 ·")

	for range 30 {
		keys("Right")
	}
	waitFor("step 30 ·")
	keys("m", "]", "m", "p")
	s := waitFor("partition: A n0 n1 · B n2 n3 n4")
	assert.Contains(t, s, "partitioned n0 n1 from the rest")

	keys("Left")
	s = waitFor("step back: at step 29")
	assert.NotContains(t, s, "partition: A", "stepping back undoes the last thing done: the partition")
	keys("Right")
	waitFor("partition: A n0 n1 · B n2 n3 n4") // replayed at its step
	keys("Home")
	s = waitFor("rewind to the start: at step 0")
	assert.NotContains(t, s, "partition: A", "rewound to before the partition")

	keys("?")
	waitFor("every key")
	keys("Escape")
	waitFor("cluster ·") // esc and q sent together would read as alt+q
	keys("q")
	s = waitFor("TUI-EXIT=0")
	assert.NotContains(t, s, "cluster ·", "the terminal is restored: the visualizer's screen is gone")
}
