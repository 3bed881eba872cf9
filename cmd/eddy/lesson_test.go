package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// references are node.go files that hand the checks the reference
// solution: what a learner's finished node amounts to.
var references = map[int]string{
	1: "package main\n\nimport \"github.com/eddy-sim/eddy/nodes/echo\"\n\nvar Program = echo.Program\n",
	3: "package main\n\nimport \"github.com/eddy-sim/eddy/nodes/broadcast\"\n\nvar Program = broadcast.Program\n",
}

// TestLessonFlow is a learner's way through lessons 1 and 3: start, fail,
// ask for hints, fail again, finish, and see the progress.
func TestLessonFlow(t *testing.T) {
	for _, c := range []struct {
		n      int
		ws     string
		checks int
		first  string // the first failure's finding
	}{
		{1, "learn/01-echo", 3, `why:     n0 was asked at 0.000s to echo "Please echo \d+" and answered with the error not-supported: no handler for "echo"`},
		{3, "learn/03-broadcast", 3, `why:     no broadcast succeeded: all \d+ failed or went unanswered; the first broadcast, sent to n0 at \d+\.\d{3}s, got the error not-supported: no handler for "broadcast"`},
	} {
		n, checks := strconv.Itoa(c.n), strconv.Itoa(c.checks)
		t.Run(n, func(t *testing.T) {
			dir := t.TempDir()
			r := eddyIn(t, dir, "lesson", "list")
			require.Equal(t, 0, r.code, r.stderr)
			assert.Regexp(t, `(?m)^`+n+`\s+\S.*\s+not started\s+0/`+checks+`$`, r.stdout)

			r = eddyIn(t, dir, "lesson", "start", n)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "your workspace is "+c.ws)
			for _, f := range []string{"node.go", "main.go", "check_test.go", "README.md", "go.mod", "go.sum"} {
				assert.FileExists(t, filepath.Join(dir, c.ws, f))
			}

			r = eddyIn(t, dir, "lesson", "check", n)
			require.Equal(t, 1, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout, "0 of "+checks+" checks passed")
			assert.Contains(t, r.stdout, "\nReliable network\n  ✗ 1. ")
			assert.Regexp(t, c.first, r.stdout)
			for _, want := range []string{
				"seed:    1\n",
				"rerun:   eddy lesson check " + n + " --only 1 --seed 1\n",
				"files:   " + c.ws + "/store/",
				"see it:  eddy tui " + c.ws + "/store/",
				"build:   go -C " + c.ws + " build -o ",
				"process: eddy test -w ",
				"Stuck? eddy lesson hint " + n,
			} {
				assert.Contains(t, r.stdout, want)
			}
			files := regexp.MustCompile(`files:   (\S+)`).FindStringSubmatch(r.stdout)
			require.NotNil(t, files)
			assert.FileExists(t, filepath.Join(dir, files[1], "trace.jsonl"))

			r = eddyIn(t, dir, "lesson", "hint", n)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "Check 1 (one-node) has failed once")
			assert.Contains(t, r.stdout, "### Hint 1 of")
			assert.NotContains(t, r.stdout, "### Hint 2 of")
			eddyIn(t, dir, "lesson", "check", n, "--only", "1")
			r = eddyIn(t, dir, "lesson", "hint", n)
			assert.Contains(t, r.stdout, "has failed 2 times")
			assert.Contains(t, r.stdout, "### Hint 2 of", "a second failure unlocks a second hint")

			require.NoError(t, os.WriteFile(filepath.Join(dir, c.ws, "node.go"), []byte(references[c.n]), 0o644))
			r = eddyIn(t, dir, "lesson", "check", n)
			require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout, checks+" of "+checks+" checks passed")
			assert.Equal(t, c.checks, strings.Count(r.stdout, "  ✓ "))
			assert.Contains(t, r.stdout, "Every check passes: lesson "+n+" is done.")

			r = eddyIn(t, dir, "lesson", "list")
			assert.Regexp(t, `(?m)^`+n+`\s+\S.*\s+passed\s+`+checks+`/`+checks+`$`, r.stdout)
			r = eddyIn(t, dir, "lesson", "hint", n)
			assert.Contains(t, r.stdout, "no hint needed")

			// Starting again keeps the learner's work.
			r = eddyIn(t, dir, "lesson", "start", n)
			require.Equal(t, 0, r.code)
			assert.Contains(t, r.stdout, "nothing changed, your work is untouched")
			b, err := os.ReadFile(filepath.Join(dir, c.ws, "node.go"))
			require.NoError(t, err)
			assert.Equal(t, references[c.n], string(b))
		})
	}
}

// TestLessonWorkspaceIsAMaelstromNode: the build command a failed check
// prints makes a binary that speaks Maelstrom's protocol.
func TestLessonWorkspaceIsAMaelstromNode(t *testing.T) {
	dir := t.TempDir()
	require.Equal(t, 0, eddyIn(t, dir, "lesson", "start", "1").code)
	ws := filepath.Join(dir, "learn", "01-echo")
	require.NoError(t, os.WriteFile(filepath.Join(ws, "node.go"), []byte(references[1]), 0o644))
	out, err := exec.Command("go", "-C", ws, "build", "-o", "echo", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	cmd := exec.Command(filepath.Join(ws, "echo"))
	cmd.Stdin = strings.NewReader(`{"src":"c0","dest":"n0","body":{"type":"init","msg_id":1,"node_id":"n0","node_ids":["n0"]}}` + "\n" +
		`{"src":"c1","dest":"n0","body":{"type":"echo","msg_id":2,"echo":"hi"}}` + "\n")
	out, err = cmd.Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"in_reply_to":2`)
	assert.Contains(t, string(out), `"echo":"hi"`)
}

func TestLessonCompileErrorIsShown(t *testing.T) {
	dir := t.TempDir()
	require.Equal(t, 0, eddyIn(t, dir, "lesson", "start", "1").code)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "learn", "01-echo", "node.go"),
		[]byte("package main\n\nimport \"github.com/eddy-sim/eddy/nodes/node\"\n\nfunc Program(n *node.Node) { undefinedThing() }\n"), 0o644))
	r := eddyIn(t, dir, "lesson", "check", "1")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "did not build")
	assert.Contains(t, r.stdout, "undefined: undefinedThing")
}

func TestLessonWatch(t *testing.T) {
	dir := t.TempDir()
	r := eddyIn(t, dir, "lesson", "watch", "3", "--reference")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "what to look for:")
	assert.Contains(t, r.stdout, "  eddy tui -w broadcast --node-count 5 --time-limit 10 --rate 5 --latency 50 --program broadcast --seed 1\n")
	r = eddyIn(t, dir, "lesson", "watch", "3", "--bug")
	assert.Contains(t, r.stdout, "--program broadcast-bug-no-forward --seed 1\n")

	r = eddyIn(t, dir, "lesson", "watch", "3")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "eddy lesson start 3 makes it")

	// The learner's node runs in its workspace, and the visualizer opens
	// the files it kept.
	require.Equal(t, 0, eddyIn(t, dir, "lesson", "start", "3").code)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "learn", "03-broadcast", "node.go"), []byte(references[3]), 0o644))
	r = eddyIn(t, dir, "lesson", "watch", "3")
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	m := regexp.MustCompile(`  eddy tui (learn/03-broadcast/store/watch/broadcast/\S+)\n`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	assert.FileExists(t, filepath.Join(dir, m[1], "trace.jsonl"))
}

func TestLessonShowAndMistakes(t *testing.T) {
	dir := t.TempDir()
	r := eddyIn(t, dir, "lesson", "show", "1")
	require.Equal(t, 0, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "# Lesson 1 · Echo\n"), "plain markdown off a terminal")
	assert.Contains(t, r.stdout, "## The checks")

	r = eddyIn(t, dir, "lesson", "check", "1", "--reference")
	assert.Equal(t, 0, r.code, r.stdout)
	assert.NoFileExists(t, filepath.Join(dir, "learn", "progress.json"), "the reference's results are not the learner's")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lesson", "check", "9"}, "no lesson 9"},
		{[]string{"lesson", "check", "3"}, "eddy lesson start 3 makes it"},
		{[]string{"lesson", "check", "1", "--only", "7"}, "lesson 1 has checks 1 to 3"},
		{[]string{"lesson", "check", "1", "--bin", "/no/such/node"}, "--bin /no/such/node"},
		{[]string{"lesson", "frobnicate", "1"}, "unknown command"},
		{[]string{"lesson"}, "eddy lesson list"},
	} {
		r := eddyIn(t, dir, c.args...)
		assert.Equal(t, exitUsage, r.code, "%v", c.args)
		assert.Contains(t, r.stderr, c.want, "%v", c.args)
	}
}

func TestLessonAsMaelstromCommands(t *testing.T) {
	r := eddyIn(t, t.TempDir(), "lesson", "check", "4", "--maelstrom")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	assert.Equal(t, "go -C learn/04-fault-tolerant-broadcast build -o broadcast .", lines[0])
	assert.Equal(t, "maelstrom test -w broadcast --node-count 5 --time-limit 20 --rate 10 --nemesis partition --bin learn/04-fault-tolerant-broadcast/broadcast", lines[2])
	assert.Contains(t, r.stdout, "# check 3 is not quite the same test: --loss 0.2 left out")
}
