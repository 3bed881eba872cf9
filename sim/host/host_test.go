package host

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEchoPython(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	testEcho(t, testdata(t, "echo.py"), "echo.py")
}

func TestEchoNode(t *testing.T) {
	t.Parallel()
	needs(t, "node")
	testEcho(t, testdata(t, "echo.js"), "echo.js")
}

func testEcho(t *testing.T, bin, name string) {
	h := start(t, bin, nil, []string{"n1"}, limits{})
	h.initNode("n1")
	var ids []int64
	for i := range 5 {
		ids = append(ids, h.echo("n1", fmt.Sprintf("hello %d", i)))
	}
	h.until(5*time.Second, h.replied(ids...))
	for i, id := range ids {
		body, _ := h.reply(id)
		assert.Equal(t, "echo_ok", body["type"])
		assert.Equal(t, fmt.Sprintf("hello %d", i), body["echo"])
	}
	for _, p := range h.client.got {
		assert.Equal(t, "n1", p.Src)
	}
	assert.Empty(t, h.problems)
	assert.Empty(t, h.crashes)
	assert.Empty(t, h.stop(2*time.Second))
	assert.Empty(t, h.crashes, "exiting on stdin EOF is not a crash")
	// Checked after Stop, which drains stderr: it is read apart from stdout
	// and may lag behind the replies.
	assert.Regexp(t, regexp.MustCompile(`(?m)^\d+\.\d{3} `+regexp.QuoteMeta(name)+`: initialised as n1$`), h.logs["n1"].String())
}

func TestKillRestart(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "echo.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	n := h.c.Nodes()[0]
	old := h.c.nodes[0].cur.pid

	n.Kill()
	assert.True(t, n.Down())
	lost := h.echo("n1", "into the void")
	h.driveFor(300 * time.Millisecond)
	_, ok := h.reply(lost)
	assert.False(t, ok, "a killed node answered")
	assert.False(t, alive(old), "the killed process is still running")
	assert.Empty(t, h.crashes, "Kill is a fault, not a crash")

	require.NoError(t, n.Restart())
	h.notePgids()
	assert.False(t, n.Down())
	assert.NotEqual(t, old, h.c.nodes[0].cur.pid)
	assert.Error(t, n.Restart(), "restarting a running node")
	h.initNode("n1")
	m := h.echo("n1", "back")
	h.until(5*time.Second, h.replied(m))
	assert.Empty(t, h.crashes)
	assert.Empty(t, h.stop(2*time.Second))
}

func TestPauseResume(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "echo.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	n := h.c.Nodes()[0]
	n.Pause()
	m := h.echo("n1", "wait for it")
	h.driveFor(400 * time.Millisecond)
	_, ok := h.reply(m)
	require.False(t, ok, "a paused node answered")
	n.Resume()
	h.until(5*time.Second, h.replied(m))
	body, _ := h.reply(m)
	assert.Equal(t, "wait for it", body["echo"])

	n.Pause() // Stop must end a paused node too
	assert.Empty(t, h.stop(2*time.Second))
	assert.Empty(t, h.crashes)
}

func TestSetSkewUnavailable(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "echo.py"), nil, []string{"n1"}, limits{})
	err := h.c.Nodes()[0].SetSkew(time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "process mode")
}

func TestStartErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain")
	require.NoError(t, os.WriteFile(plain, []byte("#!/bin/sh\n"), 0o644))
	noShebang := filepath.Join(dir, "noshebang")
	require.NoError(t, os.WriteFile(noShebang, []byte("echo hi\n"), 0o755))
	w := worldOf([]string{"n1"})
	for _, tc := range []struct{ bin, want string }{
		{"./does-not-exist", "--bin ./does-not-exist: no such file"},
		{"", "no executable"},
		{plain, "not executable (try: chmod +x"},
		{dir, "is a directory"},
		{noShebang, "#! line"},
	} {
		_, err := Start(w, []string{"n1"}, Config{Bin: tc.bin})
		if assert.Error(t, err, tc.bin) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
	_, err := Start(w, []string{"n1"}, Config{Bin: noShebang, Dir: filepath.Join(dir, "nope")})
	assert.ErrorContains(t, err, "not a directory")
}

func TestDriveInterrupted(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "no_init.py"), nil, []string{"n1"}, limits{})
	ctx, cancel := context.WithCancel(context.Background())
	h.w.After(100*time.Millisecond, cancel)
	err := h.c.Drive(ctx, func() bool { return false })
	assert.ErrorContains(t, err, "interrupted")
}

func TestWorkingDirectory(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	prog := `import os, sys, json
for line in sys.stdin:
    m = json.loads(line)
    print(json.dumps({"src": "n1", "dest": m["src"], "body": {"type": "init_ok", "in_reply_to": 1, "cwd": os.getcwd()}}), flush=True)`
	h := start(t, "python3", []string{"-c", prog}, []string{"n1"}, limits{})
	h.initNode("n1")
	body, _ := h.reply(1)
	real, err := filepath.EvalSymlinks(os.TempDir())
	require.NoError(t, err)
	assert.Equal(t, real, body["cwd"], `Dir "" means os.TempDir(), as in Maelstrom`)
}
