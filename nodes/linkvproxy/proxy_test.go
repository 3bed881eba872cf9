package linkvproxy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/linkvproxy"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/nodetest"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/linear"
	"github.com/eddy-sim/eddy/sim/history"
)

// --- the node on the wire ---

func boot(t *testing.T, program node.Program) (*nodetest.Host, *node.Node) {
	h := nodetest.NewHost()
	return h, h.Boot(t, program, "n1", "n1", "n2")
}

func TestForwardsEachRequestToLinKVAndRelaysTheAnswer(t *testing.T) {
	h, n := boot(t, linkvproxy.Program)

	nodetest.Deliver(t, n, "c1", `{"type":"read","key":3,"msg_id":7}`)
	assert.Equal(t, []string{`lin-kv {"msg_id":1,"type":"read","key":3}`}, h.Sent())
	nodetest.Deliver(t, n, "lin-kv", `{"type":"read_ok","value":4,"in_reply_to":1}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":7,"type":"read_ok","value":4}`}, h.Sent())

	nodetest.Deliver(t, n, "c1", `{"type":"write","key":3,"value":[1,"x"],"msg_id":8}`)
	assert.Equal(t, []string{`lin-kv {"msg_id":2,"type":"write","key":3,"value":[1,"x"]}`}, h.Sent())
	nodetest.Deliver(t, n, "lin-kv", `{"type":"write_ok","in_reply_to":2}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":8,"type":"write_ok"}`}, h.Sent())

	nodetest.Deliver(t, n, "c2", `{"type":"cas","key":3,"from":1,"to":2,"msg_id":9}`)
	assert.Equal(t, []string{`lin-kv {"msg_id":3,"type":"cas","key":3,"from":1,"to":2}`}, h.Sent())
	nodetest.Deliver(t, n, "lin-kv", `{"type":"cas_ok","in_reply_to":3}`)
	assert.Equal(t, []string{`c2 {"in_reply_to":9,"type":"cas_ok"}`}, h.Sent())
}

func TestRelaysErrorsWithTheirCodes(t *testing.T) {
	h, n := boot(t, linkvproxy.Program)
	nodetest.Deliver(t, n, "c1", `{"type":"cas","key":3,"from":1,"to":2,"msg_id":7}`)
	h.Sent()
	nodetest.Deliver(t, n, "lin-kv", `{"type":"error","code":22,"text":"current value 0 is not 1","in_reply_to":1}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":7,"type":"error","code":22,"text":"current value 0 is not 1"}`}, h.Sent())

	// No answer from lin-kv: a timeout, code 0, indefinite.
	nodetest.Deliver(t, n, "c1", `{"type":"write","key":3,"value":1,"msg_id":8}`)
	h.Sent()
	require.Len(t, h.Timers, 2, "one per request")
	assert.Equal(t, time.Second, h.Timers[1].After)
	require.NoError(t, n.Fire(h.Timers[1].ID))
	sent := h.Sent()
	require.Len(t, sent, 1)
	assert.Regexp(t, `^c1 \{"in_reply_to":8,"type":"error","code":0,"text":"no reply from lin-kv`, sent[0])
}

func TestRejectsRequestsMissingAField(t *testing.T) {
	h, n := boot(t, linkvproxy.Program)
	nodetest.Deliver(t, n, "c1", `{"type":"cas","key":3,"from":1,"msg_id":7}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":7,"type":"error","code":12,"text":"cas needs \"to\""}`}, h.Sent())
}

func TestBugSeqKVForwardsToSeqKV(t *testing.T) {
	h, n := boot(t, linkvproxy.BugSeqKV)
	nodetest.Deliver(t, n, "c1", `{"type":"read","key":3,"msg_id":7}`)
	assert.Equal(t, []string{`seq-kv {"msg_id":1,"type":"read","key":3}`}, h.Sent())
}

// --- whole runs ---

// linKV is a lin-kv run on 5 nodes with --concurrency 2n.
func linKV(program node.Program, seed uint64, limit time.Duration, nemesis ...string) sim.Options {
	return sim.Options{Workload: "lin-kv", Node: program, Nodes: sim.NodeIDs(5), Concurrency: 10,
		TimeLimit: limit, Nemesis: nemesis, Seed: seed}
}

func run(t *testing.T, o sim.Options) (*sim.Result, linear.Result) {
	t.Helper()
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	return res, res.Workload.(linear.Result)
}

func TestProxyIsLinearizableUnderPartitions(t *testing.T) {
	for seed := range uint64(10) {
		res, lr := run(t, linKV(linkvproxy.Program, seed, 20*time.Second, "partition"))
		assert.Equal(t, checker.Valid, res.Valid, "seed %d: failures %s", seed, lr.Failures)
		assert.Positive(t, lr.Results["0"].OpCount, "seed %d", seed)
	}
}

// Crashes and pauses time operations out: they stay open to the end of
// the history, and as their processes change, groups move on to new keys,
// each worked on by at most 20 processes.
func TestProxyIsLinearizableUnderEveryFault(t *testing.T) {
	o := linKV(linkvproxy.Program, 1, 30*time.Second, "partition", "kill", "pause", "clock-skew")
	o.Rate, o.Latency, o.Loss, o.Duplicate, o.NemesisInterval = 100, 20*time.Millisecond, 0.1, 0.1, 2*time.Second
	res, lr := run(t, o)
	assert.Equal(t, checker.Valid, res.Valid, "failures %s, unknown %s", lr.Failures, lr.Unknown)
	assert.Greater(t, lr.KeyCount, 3, "keys rotated")
	open := 0
	for _, kr := range lr.Results {
		open += kr.OpenCount
	}
	assert.Positive(t, open, "some writes or cas stayed open")

	processes := map[string]map[int]bool{} // key → processes that invoked on it
	for _, op := range res.History {
		if op.Type != history.Invoke {
			continue
		}
		var kv []json.RawMessage
		require.NoError(t, json.Unmarshal(op.Value, &kv))
		k := string(kv[0])
		if processes[k] == nil {
			processes[k] = map[int]bool{}
		}
		processes[k][op.Process] = true
	}
	assert.Len(t, processes, lr.KeyCount)
	for k, ps := range processes {
		assert.LessOrEqual(t, len(ps), 20, "key %s", k)
	}
}

// seq-kv serves a node's reads from any state between its position and
// the newest: stale reads, caught on every seed.
func TestBugSeqKVIsCaught(t *testing.T) {
	for seed := range uint64(10) {
		res, lr := run(t, linKV(linkvproxy.BugSeqKV, seed, 20*time.Second, "partition"))
		require.Equal(t, checker.Invalid, res.Valid, "seed %d", seed)
		require.NotEmpty(t, lr.Failures)
		first := lr.Results[string(lr.Failures[0])]
		require.NotNil(t, first.Stuck, "seed %d", seed)
		assert.Equal(t, fmt.Sprintf("independent/%s/linear.html", lr.Failures[0]), first.Picture)
		assert.Contains(t, res.Files, first.Picture, "seed %d: the run's files include the picture", seed)
		assert.Equal(t, "read", first.Op.F, "seed %d: a stale read", seed)
	}
}

// The report, explanation included, depends only on the seed.
func TestReportIsTheSameForTheSameSeed(t *testing.T) {
	report := func() string {
		_, lr := run(t, linKV(linkvproxy.BugSeqKV, 3, 20*time.Second, "partition"))
		b, err := json.Marshal(lr)
		require.NoError(t, err)
		return string(b)
	}
	assert.Equal(t, report(), report())
}
