package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eddyBin is the eddy binary built once for these tests; binDir also holds
// links to it named after node programs, as scripts/build-nodes makes.
var eddyBin, binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "eddy-cli-test")
	if err != nil {
		panic(err)
	}
	binDir = dir
	eddyBin = filepath.Join(dir, "eddy")
	out, err := exec.Command("go", "build", "-o", eddyBin, ".").CombinedOutput()
	if err != nil {
		panic("building eddy: " + string(out))
	}
	for _, name := range []string{"echo", "unique-ids", "echo-bug-stale"} {
		if err := os.Link(eddyBin, filepath.Join(dir, name)); err != nil {
			panic(err)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one CLI invocation as a user sees it.
type result struct {
	code           int
	stdout, stderr string
	dir            string // where it ran; its store/ holds the run
}

func eddy(t *testing.T, args ...string) result {
	t.Helper()
	return eddyIn(t, t.TempDir(), args...)
}

// eddyIn runs the CLI in dir (where a learner keeps learn/, say).
func eddyIn(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(eddyBin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String(), dir: dir}
}

// results reads the run's results.json through the store/latest link.
func (r result) results(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, "store", "latest", "results.json"))
	require.NoError(t, err, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

func TestEchoPassesUnderPartitionAndKill(t *testing.T) {
	r := eddy(t, "test", "-w", "echo", "--node-count", "3", "--time-limit", "20", "--nemesis", "partition,kill", "--seed", "5")
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "VALID")
	assert.Contains(t, r.stdout, "replay:    eddy test -w echo --node-count 3 --time-limit 20 --nemesis partition,kill --seed 5")
	res := r.results(t)
	assert.Equal(t, true, res["valid?"])
	for _, key := range []string{"stats", "availability", "net", "workload", "sim"} {
		assert.Contains(t, res, key)
	}
	simInfo := res["sim"].(map[string]any)
	assert.ElementsMatch(t, []string{"seed", "simulated-seconds", "wall-seconds", "events", "trace-hash", "mode"}, keys(simInfo))
	assert.Equal(t, "in-process", simInfo["mode"])
	net := res["net"].(map[string]any)
	assert.Contains(t, net["all"], "msgs-per-op")
	assert.Contains(t, net["servers"], "msgs-per-op")
	for _, f := range []string{"history.jsonl", "trace.jsonl", "node-logs/n0.log"} {
		assert.FileExists(t, filepath.Join(r.dir, "store", "echo", "latest", f))
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestUniqueIDsPassesUnderPartitionAndKill(t *testing.T) {
	r := eddy(t, "test", "-w", "unique-ids", "--node-count", "3", "--time-limit", "30", "--rate", "200",
		"--nemesis", "partition,kill", "--nemesis-interval", "3", "--seed", "2")
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Equal(t, true, r.results(t)["valid?"])
}

func TestPlantedBugsAreInvalid(t *testing.T) {
	for _, args := range [][]string{
		{"-w", "echo", "--program", "echo-bug-stale", "--node-count", "1", "--time-limit", "10"},
		{"-w", "unique-ids", "--program", "unique-ids-bug-counter", "--node-count", "3", "--time-limit", "30",
			"--rate", "100", "--nemesis", "kill", "--nemesis-interval", "3"},
	} {
		r := eddy(t, append([]string{"test", "--seed", "1"}, args...)...)
		assert.Equal(t, 1, r.code, "%v\nstdout: %s\nstderr: %s", args, r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "INVALID")
		assert.Equal(t, false, r.results(t)["valid?"])
	}
}

func TestSameSeedSameTraceHash(t *testing.T) {
	args := []string{"test", "-w", "unique-ids", "--node-count", "3", "--time-limit", "10", "--nemesis", "partition,kill,pause",
		"--loss", "0.1", "--duplicate", "0.1", "--latency", "5", "--latency-dist", "exponential", "--seed", "77"}
	a, b := eddy(t, args...), eddy(t, args...)
	hash := func(r result) any { return r.results(t)["sim"].(map[string]any)["trace-hash"] }
	assert.Equal(t, hash(a), hash(b))
	c := eddy(t, append(args[:len(args)-1], "78")...)
	assert.NotEqual(t, hash(a), hash(c))
}

func TestBadArgumentsExit254(t *testing.T) {
	for args, want := range map[string]string{
		"test --no-such-flag":                      "unknown flag: --no-such-flag",
		"test --rate fast":                         `invalid argument "fast" for "--rate"`,
		"test -w nope":                             `unknown workload "nope"`,
		"test -w echo --nemesis partition,flood":   `unknown nemesis "flood"`,
		"test -w echo --concurrency 0":             "--concurrency",
		"test -w echo --latency-dist gaussian":     `unknown latency distribution "gaussian"`,
		"test -w echo --availability sometimes":    "--availability",
		"test -w echo --program nope":              `unknown node program "nope"`,
		"test -w echo --bin ./missing":             "./missing",
		"test -w echo --node-count 0":              "--node-count 0",
		"test -w echo stray":                       `unexpected argument "stray"`,
		"test -w echo --loss 2":                    "loss 2 is not a probability",
		"frobnicate":                               `unknown command "frobnicate"`,
		"test -w echo --program echo --bin ./echo": "not both",
	} {
		r := eddy(t, strings.Fields(args)...)
		assert.Equal(t, 254, r.code, args)
		assert.Contains(t, r.stderr, want, args)
		assert.Empty(t, r.stdout, args)
	}
}

func TestHelpListsFlagsAndFaults(t *testing.T) {
	r := eddy(t, "test", "--help")
	assert.Equal(t, 0, r.code)
	for _, want := range []string{"--workload", "--node-count", "--latency-dist", "--seed", "--recovery", "one-way", "clock-skew", "254"} {
		assert.Contains(t, r.stderr, want)
	}
}

func TestNodeList(t *testing.T) {
	r := eddy(t, "node", "--list")
	require.Equal(t, 0, r.code)
	for _, name := range []string{"echo", "unique-ids", "broadcast", "broadcast-bug-no-retry", "unique-ids-bug-counter"} {
		assert.Regexp(t, "(?m)^"+name+" ", r.stdout)
	}
}

// A built-in node runs over stdin/stdout as the real Maelstrom expects,
// both as `eddy node NAME` and as a binary named after it.
func TestNodeSpeaksMaelstromOnStdio(t *testing.T) {
	input := `{"id":0,"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}
{"id":1,"src":"c1","dest":"n1","body":{"type":"echo","echo":"hi","msg_id":2}}
`
	want := `{"src":"n1","dest":"c0","body":{"in_reply_to":1,"type":"init_ok"}}
{"src":"n1","dest":"c1","body":{"in_reply_to":2,"echo":"hi","type":"echo_ok"}}
`
	for _, argv := range [][]string{{eddyBin, "node", "echo"}, {filepath.Join(binDir, "echo")}} {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stdin = strings.NewReader(input)
		cmd.Env = append(os.Environ(), "EDDY_DATA_DIR="+t.TempDir())
		out, err := cmd.Output()
		require.NoError(t, err, argv)
		assert.Equal(t, want, string(out), argv)
	}
}

func TestDemo(t *testing.T) {
	r := eddy(t, "demo")
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.NotContains(t, r.stdout, "UNEXPECTED")
	for _, name := range []string{"echo-bug-stale", "unique-ids-bug-counter", "broadcast-bug-no-retry"} {
		assert.Regexp(t, name+` +invalid +invalid ok`, r.stdout)
	}
}

// testdata returns a private copy of one of the foreign-language and
// hostile node programs, so that checking for leftover processes by path
// sees only this test's (other packages run the same scripts at the same
// time).
func testdata(t *testing.T, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "sim", "host", "testdata", name))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, src, 0o755))
	return path
}

func needPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
}

func TestProcessModeReferenceBinaries(t *testing.T) {
	for _, c := range []struct{ workload, bin string }{
		{"echo", filepath.Join(binDir, "echo")},
		{"unique-ids", filepath.Join(binDir, "unique-ids")},
	} {
		r := eddy(t, "test", "-w", c.workload, "--bin", c.bin, "--node-count", "3", "--time-limit", "3", "--rate", "100",
			"--nemesis", "partition", "--seed", "1")
		assert.Equal(t, 0, r.code, "%s\nstdout: %s\nstderr: %s", c.workload, r.stdout, r.stderr)
		res := r.results(t)
		assert.Equal(t, "process", res["sim"].(map[string]any)["mode"])
		assert.NotContains(t, res, "problems")
	}
}

func TestProcessModePythonEcho(t *testing.T) {
	needPython(t)
	r := eddy(t, "test", "-w", "echo", "--bin", testdata(t, "echo.py"), "--node-count", "2", "--time-limit", "3", "--rate", "50")
	assert.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
}

func TestProcessModeDiagnosesHostilePrograms(t *testing.T) {
	needPython(t)
	for _, c := range []struct {
		program string
		code    int
		says    []string
	}{
		{"garbage.py", 0, []string{"bad-line", "DEBUG: got echo"}},
		{"crash_midrun.py", 255, []string{"crashed with exit status 3", "panic: something broke"}},
		{"exit_at_start.py", 255, []string{"crashed before answering init", "cannot start: missing config"}},
		{"unknown_dest.py", 0, []string{"unknown-dest", "n99"}},
		{"wrong_envelope.py", 0, []string{`unexpected top-level key \"extra\"`}},
		{"flood.py", 0, []string{"flood"}},
		{"ignore_sigterm.py", 0, nil},
	} {
		script := testdata(t, c.program)
		r := eddy(t, "test", "-w", "echo", "--bin", script, "--node-count", "2", "--time-limit", "4",
			"--rate", "20", "--seed", "1")
		assert.Equal(t, c.code, r.code, "%s\nstdout: %s\nstderr: %s", c.program, r.stdout, r.stderr)
		results, err := os.ReadFile(filepath.Join(r.dir, "store", "latest", "results.json"))
		require.NoError(t, err, c.program)
		for _, s := range c.says {
			assert.Contains(t, string(results), s, c.program)
		}
		assertNoProcessLeft(t, script)
	}
}

func TestProcessModeInitTimeout(t *testing.T) {
	needPython(t)
	if testing.Short() {
		t.Skip("waits out the 10 s init timeout")
	}
	script := testdata(t, "bufferd.py")
	r := eddy(t, "test", "-w", "echo", "--bin", script, "--node-count", "1", "--time-limit", "3")
	assert.Equal(t, 255, r.code)
	assert.Contains(t, r.stdout, "did not answer init within 10s")
	assert.Contains(t, r.stdout, "flush")
	assertNoProcessLeft(t, script)
}

// An interrupted run still writes its results, and leaves no process.
func TestInterruptWritesResults(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(eddyBin, "test", "-w", "echo", "--bin", filepath.Join(binDir, "echo"), "--node-count", "2", "--time-limit", "60")
	cmd.Dir = dir
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	require.NoError(t, cmd.Start())
	time.Sleep(1500 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	err := cmd.Wait()
	exit, ok := err.(*exec.ExitError)
	require.True(t, ok, "exit status: %v", err)
	assert.Equal(t, 255, exit.ExitCode())
	assert.Contains(t, stdout.String(), "interrupted")
	b, err := os.ReadFile(filepath.Join(dir, "store", "latest", "results.json"))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"aborted"`)
	history, err := os.ReadFile(filepath.Join(dir, "store", "latest", "history.jsonl"))
	require.NoError(t, err)
	assert.NotEmpty(t, history, "the operations done before the interrupt are kept")
}

// assertNoProcessLeft checks that no process whose command line mentions
// the script's path is still running.
func assertNoProcessLeft(t *testing.T, script string) {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return // not Linux
	}
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), script) {
			stat, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
			if !strings.Contains(string(stat), ") Z ") { // a zombie is already dead
				t.Errorf("%s: process %s still running: %q", filepath.Base(script), e.Name(), cmdline)
			}
		}
	}
}

// In process mode each run gives Eddy's nodes fresh durable storage: a
// second run does not see the first one's.
func TestProcessModeStorageIsFreshEachRun(t *testing.T) {
	for range 2 {
		r := eddy(t, "test", "-w", "unique-ids", "--bin", filepath.Join(binDir, "unique-ids"), "--node-count", "1",
			"--time-limit", "1", "--rate", "20", "--seed", "1")
		require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
		history, err := os.ReadFile(filepath.Join(r.dir, "store", "latest", "history.jsonl"))
		require.NoError(t, err)
		assert.Contains(t, string(history), `"value":"n0-1-1"`, "the first start of n0 in this run")
	}
}
