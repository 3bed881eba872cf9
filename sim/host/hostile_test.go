package host

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/engine"
)

// The programs in testdata each get the diagnosis testdata/README.md asks
// for, without a hang and without a process left behind.

func TestGarbageLinesAreReportedAndSkipped(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "garbage.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	var ids []int64
	for i := range 10 {
		ids = append(ids, h.echo("n1", strconv.Itoa(i)))
	}
	h.until(5*time.Second, h.replied(ids...))
	bad := h.problemsOf("bad-line")
	require.Len(t, bad, 2, "every 5th echo prints one debug line")
	for _, p := range bad {
		assert.Equal(t, "n1", p.Node)
		assert.Contains(t, p.Text, `"DEBUG: got echo"`)
		assert.Contains(t, p.Text, "not well-formed JSON")
		assert.Contains(t, p.Text, "STDERR", "a hint to log to stderr")
	}
	assert.Empty(t, h.stop(2*time.Second))
}

func TestNoInitIsCleanedUp(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "no_init.py"), nil, []string{"n1"}, limits{})
	h.sendInit("n1")
	h.driveFor(300 * time.Millisecond)
	assert.Empty(t, h.client.got)
	assert.Empty(t, h.stop(1500*time.Millisecond))
	assert.Empty(t, h.crashes)
}

func TestCrashMidrun(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "crash_midrun.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	var ids []int64
	for i := range 21 {
		ids = append(ids, h.echo("n1", strconv.Itoa(i)))
	}
	h.until(5*time.Second, func() bool { return len(h.crashes) > 0 })
	require.Len(t, h.crashes, 1)
	c := h.crashes[0]
	assert.Equal(t, "n1", c.id)
	assert.Contains(t, c.why, "exit status 3")
	assert.Contains(t, c.why, "panic: something broke")
	assert.Contains(t, c.why, `"echo_ok"`, "the stdout tail")
	assert.Less(t, strings.Index(c.why, "STDERR"), strings.Index(c.why, "STDOUT"), "the panic comes first")
	assert.True(t, h.c.Nodes()[0].Down())
	assert.True(t, h.replied(ids[:20]...)(), "the first 20 echoes are answered")
	_, ok := h.reply(ids[20])
	assert.False(t, ok, "the 21st is not")

	// Messages to a crashed node are dropped, not written anywhere.
	h.echo("n1", "to the dead")
	h.driveFor(50 * time.Millisecond)
	assert.Empty(t, h.stop(time.Second), "the crash was reported already")
}

func TestExitAtStart(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "exit_at_start.py"), nil, []string{"n1"}, limits{})
	h.sendInit("n1")
	t0 := time.Now()
	h.until(5*time.Second, func() bool { return len(h.crashes) > 0 })
	assert.Less(t, time.Since(t0), 5*time.Second, "reported when it happens, not after an init timeout")
	c := h.crashes[0]
	assert.Equal(t, "n1", c.id)
	assert.Contains(t, c.why, "exit status 2")
	assert.Contains(t, c.why, "before printing anything to STDOUT")
	assert.Contains(t, c.why, "cannot start: missing config")

	// Now nothing is scheduled and no process is left: Drive must say so
	// rather than wait forever.
	err := h.c.Drive(t.Context(), func() bool { return false })
	assert.ErrorContains(t, err, "every node process has exited")
	assert.Empty(t, h.stop(time.Second))
}

func TestFloodIsSlowedNotFatal(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	// n2 is a stand-in node that only counts the spam.
	h := start(t, testdata(t, "flood.py"), nil, []string{"n1"}, limits{floodLines: 5000}, "n2")
	sink := &recorder{}
	h.w.Register("n2", sink)
	h.initNode("n1", "n1", "n2")

	// Keep stdin open and keep asking: echoes must still be answered while
	// the flood runs.
	var ids []int64
	var tick func()
	tick = func() {
		ids = append(ids, h.echo("n1", strconv.Itoa(len(ids))))
		if len(ids) < 15 {
			h.w.After(100*time.Millisecond, tick)
		}
	}
	tick()
	h.until(15*time.Second, func() bool { return len(ids) == 15 && h.replied(ids...)() })
	assert.NotEmpty(t, sink.got, "the spam is routed")
	t.Logf("spam routed: %d in %v", len(sink.got), h.w.Now())
	flood := h.problemsOf("flood")
	require.Len(t, flood, 1, "reported once")
	assert.Equal(t, "n1", flood[0].Node)
	assert.Empty(t, h.problemsOf("bad-line"))
	assert.LessOrEqual(t, len(h.c.inbox), inboxSize)
	assert.Empty(t, h.stop(2*time.Second))
	assert.Empty(t, h.crashes)
}

func TestUnknownDestination(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "unknown_dest.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	m := h.echo("n1", "still there?")
	h.until(5*time.Second, h.replied(m))
	assert.Equal(t, []string{"n1->n99"}, h.unknown, "World.Send drops it and tells OnUnknownDest")
	assert.Empty(t, h.problems)
	assert.Empty(t, h.stop(2*time.Second))
}

func TestIgnoreSigtermLeavesNothing(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "ignore_sigterm.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	m := h.echo("n1", "x")
	spawned := regexp.MustCompile(`spawned sleep pid (\d+)`)
	// stderr and stdout are read separately: the log line may come after the reply.
	h.until(5*time.Second, func() bool { return h.replied(m)() && spawned.MatchString(h.logs["n1"].String()) })
	match := spawned.FindStringSubmatch(h.logs["n1"].String())
	require.NotNil(t, match, "log: %s", h.logs["n1"])
	sleep, _ := strconv.Atoi(match[1])
	leader := h.c.nodes[0].cur.pid
	require.True(t, alive(sleep))

	assert.Empty(t, h.stop(2*time.Second))
	assert.False(t, alive(leader), "the node process")
	assert.False(t, alive(sleep), "its sleep 1000 child")
}

// A node that ignores both stdin EOF and SIGTERM is killed after the grace.
func TestStopKillsNodeIgnoringEOF(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	prog := "import signal, subprocess, time\n" +
		"signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" +
		"subprocess.Popen(['sleep', '1000'])\n" +
		"time.sleep(1000)\n"
	h := start(t, "python3", []string{"-c", prog}, []string{"n1"}, limits{grace: 200 * time.Millisecond})
	h.driveFor(300 * time.Millisecond) // let it spawn its child
	t0 := time.Now()
	assert.Empty(t, h.stop(2*time.Second))
	assert.GreaterOrEqual(t, time.Since(t0), 200*time.Millisecond, "it had its grace")
}

func TestWrongEnvelope(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "wrong_envelope.py"), nil, []string{"n1"}, limits{})
	h.initNode("n1")
	a, b, c := h.echo("n1", "a"), h.echo("n1", "b"), h.echo("n1", "c")
	h.until(5*time.Second, h.replied(a, c))
	_, ok := h.reply(b)
	assert.False(t, ok, "the 3rd reply (counting init_ok) carries the extra key")
	bad := h.problemsOf("bad-line")
	require.Len(t, bad, 1)
	assert.Equal(t, "n1", bad[0].Node)
	assert.Contains(t, bad[0].Text, `unexpected top-level key "extra"`)
	assert.Contains(t, bad[0].Text, `\"extra\":1`, "the line itself")
	assert.NotContains(t, bad[0].Text, "STDERR", "no logging hint for a JSON line")
	assert.Empty(t, h.stop(2*time.Second))
}

func TestBufferedStdoutNeverAnswers(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, testdata(t, "bufferd.py"), nil, []string{"n1"}, limits{})
	h.sendInit("n1")
	h.driveFor(2 * time.Second)
	assert.Empty(t, h.client.got, "init_ok is stuck in the node's buffer")
	// At EOF the buffer is flushed; Stop must not route that stale init_ok.
	assert.Empty(t, h.stop(2*time.Second))
	assert.Empty(t, h.client.got)
	assert.Empty(t, h.crashes)
}

func TestWrongSrcIsRoutedAsTheSender(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	prog := "import json, sys\n" +
		"for line in sys.stdin:\n" +
		"    m = json.loads(line)\n" +
		"    print(json.dumps({'src': 'n7', 'dest': m['src'], 'body': {'type': 'init_ok', 'in_reply_to': 1}}), flush=True)\n"
	h := start(t, "python3", []string{"-c", prog}, []string{"n1"}, limits{})
	h.initNode("n1")
	require.Len(t, h.client.got, 1)
	assert.Equal(t, "n1", h.client.got[0].Src)
	wrong := h.problemsOf("wrong-src")
	require.Len(t, wrong, 1)
	assert.Contains(t, wrong[0].Text, `src "n7"`)
}

func TestLongLineIsSkipped(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	prog := "import json, sys\n" +
		"for line in sys.stdin:\n" +
		"    m = json.loads(line)\n" +
		"    print('{\"src\":\"n1\",\"dest\":\"c0\",\"body\":{\"type\":\"big\",\"x\":\"' + 'y' * 3000000 + '\"}}', flush=True)\n" +
		"    print(json.dumps({'src': 'n1', 'dest': m['src'], 'body': {'type': 'init_ok', 'in_reply_to': 1}}), flush=True)\n"
	h := start(t, "python3", []string{"-c", prog}, []string{"n1"}, limits{maxLine: 1 << 20})
	h.initNode("n1")
	require.Len(t, h.client.got, 1, "only init_ok arrives")
	bad := h.problemsOf("bad-line")
	require.Len(t, bad, 1)
	assert.Contains(t, bad[0].Text, "over the 1 MiB limit")
	prefix := `{"src":"n1","dest":"c0","body":{"type":"big","x":"`
	assert.Contains(t, bad[0].Text, fmt.Sprintf("(%d bytes)", len(prefix)+3000000+len(`"}}`)))
}

func TestStdinFullDropsAndReports(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	h := start(t, "python3", []string{"-c", "import time; time.sleep(1000)"}, []string{"n1"},
		limits{stdinBytes: 256 << 10, grace: 100 * time.Millisecond})
	big := strings.Repeat("z", 32<<10)
	for range 40 { // 1.25 MiB: the pipe takes 64 KiB, the queue 256 KiB
		h.echo("n1", big)
	}
	h.driveFor(300 * time.Millisecond)
	full := h.problemsOf("stdin-full")
	require.Len(t, full, 1, "reported once per episode")
	assert.Contains(t, full[0].Text, "not reading its STDIN")
	assert.Contains(t, full[0].Text, "KiB of messages are waiting")
	assert.Empty(t, h.stop(2*time.Second))
}

func TestProblemsAreCappedPerKind(t *testing.T) {
	t.Parallel()
	needs(t, "python3")
	prog := "import sys\n" +
		"for i in range(25): print('junk', i, flush=True)\n" +
		"sys.stdin.read()\n"
	h := start(t, "python3", []string{"-c", prog}, []string{"n1"}, limits{reports: 3})
	h.until(5*time.Second, func() bool { return h.c.nodes[0].reports["bad-line"] == 25 })
	bad := h.problemsOf("bad-line")
	require.Len(t, bad, 3)
	assert.Contains(t, bad[2].Text, "further bad-line problems of n1 are counted")
	rest := h.stop(2 * time.Second)
	require.Len(t, rest, 1)
	assert.Equal(t, engine.Problem{Time: rest[0].Time, Node: "n1", Kind: "bad-line",
		Text: "22 more bad-line problems were not reported one by one (25 in all)"}, rest[0])
}
