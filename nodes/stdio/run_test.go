package stdio_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/stdio"
	"github.com/eddy-sim/eddy/nodes/uniqueids"
)

// bodyOf decodes the body of a stdout line.
func bodyOf(t testing.TB, line string) map[string]any {
	t.Helper()
	env, err := wire.ParseEnvelope([]byte(line))
	require.NoError(t, err, line)
	var body map[string]any
	require.NoError(t, json.Unmarshal(env.Body, &body))
	return body
}

// Timers fire in real time, in deadline order, and a cancelled repeating
// timer stops. Durations are short and nothing asserts how late a timer is.
func TestTimers(t *testing.T) {
	program := func(n *node.Node) {
		say := func(what string, i int) { _ = n.Send("c0", map[string]any{"type": what, "i": i}) }
		// Armed in the opposite order of their deadlines.
		n.After(40*time.Millisecond, func() { say("after", 2) })
		n.After(20*time.Millisecond, func() { say("after", 1) })
		ticks := 0
		var every node.TimerID
		every = n.Every(15*time.Millisecond, func() {
			ticks++
			say("tick", ticks)
			if ticks == 3 {
				n.Cancel(every)
				// A 4th tick, if cancelling failed, would come 15ms after the
				// 3rd: long before this.
				n.After(60*time.Millisecond, func() { say("done", 0) })
			}
		})
	}
	p := start(t, program, stdio.Options{})
	p.send(initLine("n1"))
	requireInitOK(t, p, "n1")

	seen := map[string][]float64{}
	for {
		body := bodyOf(t, p.expect())
		if body["type"] == "done" {
			break
		}
		seen[body["type"].(string)] = append(seen[body["type"].(string)], body["i"].(float64))
	}
	assert.Equal(t, []float64{1, 2}, seen["after"], "one-shot timers fire once each, earliest deadline first")
	assert.Equal(t, []float64{1, 2, 3}, seen["tick"], "the repeating timer fires until cancelled")
	require.NoError(t, p.close())
}

// pinger answers "start" by asking n2 for a pong and replying with the
// result of that RPC.
func pinger(timeout time.Duration) node.Program {
	return func(n *node.Node) {
		n.Handle("start", func(req node.Message) error {
			return n.RPC("n2", map[string]any{"type": "ping"}, timeout, func(reply node.Message, err error) {
				if err != nil {
					_ = n.Reply(req, map[string]any{"type": "start_ok", "error": node.ErrorCode(err)})
					return
				}
				var body struct{ Value string }
				_ = reply.Decode(&body)
				_ = n.Reply(req, map[string]any{"type": "start_ok", "value": body.Value})
			})
		})
	}
}

func TestRPCReply(t *testing.T) {
	p := start(t, pinger(time.Minute), stdio.Options{})
	p.send(initLine("n1"))
	requireInitOK(t, p, "n1")
	p.send(`{"id":5,"src":"c1","dest":"n1","body":{"type":"start","msg_id":1}}`)

	// The node sends the RPC on stdout, as Maelstrom would route it to n2...
	ping := p.expect()
	env, err := wire.ParseEnvelope([]byte(ping))
	require.NoError(t, err)
	assert.Equal(t, "n2", env.Dest)
	hdr, err := wire.ParseHeader(env.Body)
	require.NoError(t, err)
	require.True(t, hdr.HasMsgID)

	// ...and n2's reply, arriving on stdin, runs the callback.
	id, _ := json.Marshal(hdr.MsgID)
	p.send(`{"id":6,"src":"n2","dest":"n1","body":{"type":"pong","in_reply_to":` + string(id) + `,"value":"from n2"}}`)
	assert.Equal(t, `{"src":"n1","dest":"c1","body":{"in_reply_to":1,"type":"start_ok","value":"from n2"}}`, p.expect())
	require.NoError(t, p.close())
}

func TestRPCTimeout(t *testing.T) {
	p := start(t, pinger(20*time.Millisecond), stdio.Options{})
	p.send(initLine("n1"))
	requireInitOK(t, p, "n1")
	p.send(`{"src":"c1","dest":"n1","body":{"type":"start","msg_id":1}}`)
	assert.Equal(t, "ping", bodyOf(t, p.expect())["type"])
	// n2 never answers: the timeout timer calls back with a Timeout error.
	assert.Equal(t, `{"src":"n1","dest":"c1","body":{"in_reply_to":1,"error":0,"type":"start_ok"}}`, p.expect())
	require.NoError(t, p.close())
}

// A restart is a second Run on the same data directory: the durable boot
// counter of unique-ids goes up, so the ids differ from the first run's.
func TestStorageSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	generate := `{"src":"c1","dest":"n1","body":{"type":"generate","msg_id":2}}`
	ids := []string{}
	for range 2 {
		out, log, err := run(t, uniqueids.Program, dir, initLine("n1"), generate)
		require.NoError(t, err, log)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		require.Len(t, lines, 2, out)
		ids = append(ids, bodyOf(t, lines[1])["id"].(string))
	}
	assert.Equal(t, []string{"n1-1-1", "n1-2-1"}, ids)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{".runs", "boot.val"}, names, "one file per key and the start count; no temporary files left")
	runs, err := os.ReadFile(filepath.Join(dir, ".runs"))
	require.NoError(t, err)
	assert.Equal(t, "2", string(runs))
}

// A restarted node numbers its RPCs apart from its earlier runs, so a late
// reply to the crashed run's RPC completes nothing in this one.
func TestRestartNumbersRPCsApart(t *testing.T) {
	dir := t.TempDir()
	start := `{"src":"c1","dest":"n1","body":{"type":"start","msg_id":1}}`
	var pings []string
	for range 2 {
		out, log, err := run(t, pinger(time.Hour), dir, initLine("n1"), start)
		require.NoError(t, err, log)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		pings = append(pings, lines[len(lines)-1])
	}
	assert.Contains(t, pings[0], `"msg_id":1,`)
	assert.Contains(t, pings[1], `"msg_id":4294967297,`)
}

// Without DataDir, storage goes to $EDDY_DATA_DIR/<node-id>.
func TestDefaultDataDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("EDDY_DATA_DIR", base)
	_, log, err := run(t, uniqueids.Program, "", initLine("n7"))
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(base, "n7", "boot.val"))
	assert.Contains(t, log, "stdio: storage in "+filepath.Join(base, "n7")+" (empty)")

	_, log, err = run(t, uniqueids.Program, "", initLine("n7"))
	require.NoError(t, err)
	assert.Contains(t, log, "already holds 1 key(s) from an earlier run", "a learner is told about leftover state")
}

func boom(n *node.Node) {
	n.Handle("boom", func(node.Message) error { panic("kaboom") })
	echo.Program(n)
}

// A panic crashes the node: Run stops, says why, and stdout holds only the
// protocol lines sent before it.
func TestPanicInHandler(t *testing.T) {
	out, log, err := run(t, boom, t.TempDir(),
		initLine("n1"),
		`{"src":"c1","dest":"n1","body":{"type":"boom","msg_id":2}}`,
		`{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":3,"echo":"too late"}}`,
	)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "kaboom")
	var perr *node.PanicError
	assert.ErrorAs(t, err, &perr, "the crash carries the panic and its stack")

	assert.Equal(t, `{"src":"n1","dest":"c0","body":{"in_reply_to":1,"type":"init_ok"}}`+"\n", out,
		"nothing after the crash, and no crash report on stdout")
	lines := strings.Split(strings.TrimSpace(log), "\n")
	assert.Contains(t, lines[len(lines)-1], "stdio: node n1 crashed handling boom from c1: panic: kaboom",
		"the summary is the last line, which Maelstrom shows for a crashed node")
	assert.Contains(t, log, "goroutine", "the stack is logged")
}

func TestPanicInTimer(t *testing.T) {
	p := start(t, func(n *node.Node) {
		n.After(10*time.Millisecond, func() { panic("timer went off") })
	}, stdio.Options{})
	p.send(initLine("n1"))
	requireInitOK(t, p, "n1")
	err := p.wait() // stdin is still open: the panic alone ends the run
	require.Error(t, err)
	assert.Contains(t, err.Error(), "timer went off")
}

// Every stdout line is one protocol line, whatever the body looks like:
// a raw body spread over several lines is compacted, one that is not a
// JSON object is dropped and logged.
func TestSendKeepsLinesIntact(t *testing.T) {
	program := func(n *node.Node) {
		n.Handle("go", func(node.Message) error {
			_ = n.Send("c1", json.RawMessage("{\n  \"type\": \"pretty\",\n  \"n\": [1, 2]\n}"))
			_ = n.Send("c1", []byte("{\"type\":\"bad utf8 \xff\"}"))
			return nil
		})
	}
	out, _, err := run(t, program, t.TempDir(), initLine("n1"), `{"src":"c1","dest":"n1","body":{"type":"go"}}`)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, `{"src":"n1","dest":"c1","body":{"type":"pretty","n":[1,2]}}`, lines[1])
	assert.Equal(t, "{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"bad utf8 \uFFFD\"}}", lines[2])
}

// Lines longer than bufio.Scanner's 64 KiB default, which stops Maelstrom's
// own Go library, are read whole; a last line without a newline counts.
func TestLongLinesAndMissingFinalNewline(t *testing.T) {
	payload := strings.Repeat("x", 1<<20)
	var out strings.Builder
	err := stdio.Run(echo.Program, stdio.Options{
		Stdin: strings.NewReader(initLine("n1") + "\r\n" +
			`{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":2,"echo":"` + payload + `"}}` + "\n" +
			`{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":3,"echo":"last"}}`),
		Stdout: &out, Stderr: &strings.Builder{}, DataDir: t.TempDir(),
	})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, payload, bodyOf(t, lines[1])["echo"])
	assert.Equal(t, "last", bodyOf(t, lines[2])["echo"])
}
