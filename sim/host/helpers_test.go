package host

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/rng"
	"github.com/eddy-sim/eddy/sim/trace"
)

// recorder is a test endpoint (a client, or a stand-in node) that keeps
// what it receives, and indexes replies by in_reply_to (done() functions
// look them up on every turn of Drive, so that must be cheap).
type recorder struct {
	got     []*engine.Packet
	replies map[int64]map[string]any
}

func (r *recorder) Deliver(p *engine.Packet) {
	r.got = append(r.got, p)
	if r.replies == nil {
		return
	}
	var body map[string]any
	if json.Unmarshal(p.Body, &body) != nil {
		return
	}
	if irt, ok := body["in_reply_to"].(float64); ok {
		r.replies[int64(irt)] = body
	}
}

type crash struct{ id, why string }

// harness is a world with a cluster of process nodes and one client, c0.
type harness struct {
	t        *testing.T
	w        *engine.World
	c        *Cluster
	client   *recorder
	problems []engine.Problem
	crashes  []crash
	unknown  []string // "src->dest" of messages to nobody
	logs     map[string]*bytes.Buffer
	pgids    map[int]bool // every process group the cluster ever led
	msgID    int64
}

// worldOf is a world whose network has nodes ids, zero latency and no
// faults, with nothing registered.
func worldOf(ids []string) *engine.World {
	return engine.NewWorld(network.New(network.Config{Dist: network.Constant}, ids, rng.Stream(1, "network")),
		trace.NewWriter(io.Discard, trace.Header{Eddy: "test"}))
}

// needs skips the test when an interpreter is missing, and process mode on
// systems without /proc, which the leftover check reads.
func needs(t *testing.T, interpreter string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("process tests read /proc to check for leftover processes")
	}
	if _, err := exec.LookPath(interpreter); err != nil {
		t.Skipf("%s is not installed", interpreter)
	}
}

func testdata(t *testing.T, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", name))
	require.NoError(t, err)
	return path
}

// start runs bin (with args) as nodes ids; extra ids in world are plain
// recorders registered as nodes of the network.
func start(t *testing.T, bin string, args []string, ids []string, lim limits, stubs ...string) *harness {
	t.Helper()
	all := append(append([]string(nil), ids...), stubs...)
	w := worldOf(all)
	h := &harness{t: t, w: w, client: &recorder{replies: map[int64]map[string]any{}}, logs: map[string]*bytes.Buffer{}, pgids: map[int]bool{}}
	w.Register("c0", h.client)
	w.OnUnknownDest = func(src, dest string) { h.unknown = append(h.unknown, src+"->"+dest) }
	for _, id := range ids {
		h.logs[id] = &bytes.Buffer{}
	}
	c, err := Start(w, ids, Config{
		Bin:       bin,
		Args:      args,
		NodeLog:   func(id string) io.Writer { return h.logs[id] },
		OnProblem: func(p engine.Problem) { h.problems = append(h.problems, p) },
		OnCrash:   func(id, why string) { h.crashes = append(h.crashes, crash{id, why}) },
		limits:    lim,
	})
	require.NoError(t, err)
	h.c = c
	h.notePgids()
	t.Cleanup(func() {
		c.Stop()
		h.requireNoLeftovers()
	})
	return h
}

func (h *harness) notePgids() {
	for _, n := range h.c.nodes {
		h.pgids[n.cur.pid] = true
	}
}

// send sends a request from c0 and returns its msg_id.
func (h *harness) send(dest string, body map[string]any) int64 {
	h.msgID++
	body["msg_id"] = h.msgID
	b, err := json.Marshal(body)
	require.NoError(h.t, err)
	h.w.Send("c0", dest, b)
	return h.msgID
}

func (h *harness) echo(dest, text string) int64 {
	return h.send(dest, map[string]any{"type": "echo", "echo": text})
}

func (h *harness) sendInit(id string, nodeIDs ...string) int64 {
	if len(nodeIDs) == 0 {
		nodeIDs = []string{id}
	}
	return h.send(id, map[string]any{"type": "init", "node_id": id, "node_ids": nodeIDs})
}

// reply returns the decoded body of c0's reply to msgID, if it came.
func (h *harness) reply(msgID int64) (map[string]any, bool) {
	body, ok := h.client.replies[msgID]
	return body, ok
}

func (h *harness) replied(ids ...int64) func() bool {
	return func() bool {
		for _, id := range ids {
			if _, ok := h.reply(id); !ok {
				return false
			}
		}
		return true
	}
}

// until drives the world until cond holds, failing the test after timeout.
func (h *harness) until(timeout time.Duration, cond func() bool) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	require.NoError(h.t, h.c.Drive(ctx, cond), "problems: %v; crashes: %v", h.problems, h.crashes)
}

// initNode sends init and waits for init_ok.
func (h *harness) initNode(id string, nodeIDs ...string) {
	h.t.Helper()
	m := h.sendInit(id, nodeIDs...)
	h.until(10*time.Second, h.replied(m))
	body, _ := h.reply(m)
	require.Equal(h.t, "init_ok", body["type"])
}

// driveFor drives the world for d of (real) time.
func (h *harness) driveFor(d time.Duration) {
	h.t.Helper()
	over := false
	h.w.After(d, func() { over = true })
	h.until(d+10*time.Second, func() bool { return over })
}

// stop stops the cluster, checks it promptly left nothing behind, and
// returns Stop's problems.
func (h *harness) stop(within time.Duration) []engine.Problem {
	h.t.Helper()
	t0 := time.Now()
	probs := h.c.Stop()
	require.Less(h.t, time.Since(t0), within, "Stop took too long")
	h.requireNoLeftovers()
	return probs
}

func (h *harness) problemsOf(kind string) []engine.Problem {
	var out []engine.Problem
	for _, p := range h.problems {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out
}

// requireNoLeftovers fails if any live process is in a group the cluster
// led. Zombies do not count: an orphan's zombie belongs to whoever reaps
// orphans on this machine (in a container, perhaps nobody).
func (h *harness) requireNoLeftovers() {
	h.t.Helper()
	left := processesIn(h.t, h.pgids)
	require.Empty(h.t, left, "processes left behind")
}

// processesIn lists live processes whose process group is in pgids, as
// "pid (comm) state".
func processesIn(t *testing.T, pgids map[int]bool) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		state, pgid, comm, ok := procStat(pid)
		if ok && pgids[pgid] && state != "Z" && state != "X" {
			out = append(out, fmt.Sprintf("%d %s %s", pid, comm, state))
		}
	}
	return out
}

// procStat reads state, process group and name from /proc/pid/stat.
func procStat(pid int) (state string, pgid int, comm string, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", 0, "", false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < 0 {
		return "", 0, "", false
	}
	f := strings.Fields(s[end+1:]) // state ppid pgrp ...
	if len(f) < 3 {
		return "", 0, "", false
	}
	pgid, err = strconv.Atoi(f[2])
	return f[0], pgid, s[open+1 : end], err == nil
}

// alive reports whether pid is a live (not zombie) process.
func alive(pid int) bool {
	state, _, _, ok := procStat(pid)
	return ok && state != "Z" && state != "X"
}
