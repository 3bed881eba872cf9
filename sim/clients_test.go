package sim

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/kafka"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/workload"
)

// memKafka is a one-node kafka for harness tests, its logs in memory, that
// notes the type of every request it gets, by client. With blind, its
// polls never return anything.
func memKafka(got map[string][]string, blind bool) node.Program {
	return func(n *node.Node) {
		logs := map[string][]json.RawMessage{}
		handle := func(typ string, answer func(body map[string]json.RawMessage) map[string]any) {
			n.Handle(typ, func(msg node.Message) error {
				got[msg.Src] = append(got[msg.Src], typ)
				var body map[string]json.RawMessage
				if err := msg.Decode(&body); err != nil {
					return err
				}
				reply := answer(body)
				reply["type"] = typ + "_ok"
				return n.Reply(msg, reply)
			})
		}
		handle("send", func(body map[string]json.RawMessage) map[string]any {
			var key string
			_ = json.Unmarshal(body["key"], &key)
			logs[key] = append(logs[key], body["msg"])
			return map[string]any{"offset": len(logs[key]) - 1}
		})
		handle("poll", func(body map[string]json.RawMessage) map[string]any {
			var offsets map[string]int
			_ = json.Unmarshal(body["offsets"], &offsets)
			msgs := map[string][][2]any{}
			for k, from := range offsets {
				for i := from; i < len(logs[k]) && !blind; i++ {
					msgs[k] = append(msgs[k], [2]any{i, logs[k][i]})
				}
			}
			return map[string]any{"msgs": msgs}
		})
		handle("commit_offsets", func(map[string]json.RawMessage) map[string]any { return map[string]any{} })
		handle("list_committed_offsets", func(map[string]json.RawMessage) map[string]any {
			return map[string]any{"offsets": map[string]int{}}
		})
	}
}

func kafkaRun(t *testing.T, program node.Program, seed uint64) *Result {
	t.Helper()
	res, err := Run(context.Background(), Options{Workload: "kafka", Node: program, Nodes: NodeIDs(1), Concurrency: 2,
		TimeLimit: 30 * time.Second, Rate: 20, Seed: seed})
	require.NoError(t, err)
	return res
}

// An operation is as many requests as its client needs, all from the
// thread's current client: a send is a send; a poll a poll, then a
// commit_offsets if it returned anything; an assign a
// list_committed_offsets, but none in the final phase; a crash none.
func TestOperationsAreSequencesOfRequests(t *testing.T) {
	got := map[string][]string{}
	res := kafkaRun(t, memKafka(got, false), 1)
	require.Equal(t, checker.Valid, res.Valid, "%s", js(t, res.Workload))

	want := map[string][]string{}
	fs := map[string]int{}
	for _, p := range res.History.Pairs() {
		op := p.Completion
		require.NotNil(t, op)
		fs[op.F]++
		switch op.F {
		case "send":
			want[op.Client] = append(want[op.Client], "send")
		case "poll":
			want[op.Client] = append(want[op.Client], "poll")
			if string(op.Value) != `[["poll",{}]]` {
				want[op.Client] = append(want[op.Client], "commit_offsets")
			}
		case "assign":
			if !op.Final {
				want[op.Client] = append(want[op.Client], "list_committed_offsets")
			}
		}
	}
	assert.Equal(t, want, got)
	for _, f := range []string{"send", "poll", "assign", "crash"} {
		assert.Positive(t, fs[f], f)
	}
}

// A crash is recorded as info at once; the thread goes on as a new process
// with a new client, which knows nothing of the old one's offsets.
func TestCrashReplacesTheClient(t *testing.T) {
	res := kafkaRun(t, memKafka(map[string][]string{}, false), 1)
	mainCrashes := 0
	for _, p := range res.History.Pairs() {
		if p.Invoke.F != workload.Crash {
			continue
		}
		assert.Equal(t, history.Info, p.Completion.Type)
		assert.Equal(t, p.Invoke.Time, p.Completion.Time)
		if !p.Invoke.Final {
			mainCrashes++
		}
		var next *history.Op
		for i := p.Completion.Index + 1; i < len(res.History) && next == nil; i++ {
			if op := &res.History[i]; op.Process%2 == p.Invoke.Process%2 {
				next = op
			}
		}
		require.NotNil(t, next, "the thread goes on")
		assert.Equal(t, p.Invoke.Process+2, next.Process)
		assert.NotEqual(t, p.Invoke.Client, next.Client)
	}
	assert.Positive(t, mainCrashes, "about one every 30 s / 2 threads")
}

// Final polls stop once they have read everything, or after 10 s if they
// never do.
func TestFinalPollsAreCutOffAfterTenSeconds(t *testing.T) {
	finalSpan := func(res *Result) time.Duration {
		var first, last time.Duration = -1, 0
		for _, op := range res.History {
			if op.Final && op.Type == history.Invoke {
				if first < 0 {
					first = op.Time
				}
				last = op.Time
			}
		}
		return last - first
	}
	res := kafkaRun(t, memKafka(map[string][]string{}, false), 1)
	assert.Less(t, finalSpan(res), time.Second, "every thread catches up at once")

	res = kafkaRun(t, memKafka(map[string][]string{}, true), 1)
	assert.Equal(t, checker.Invalid, res.Valid, "nothing is ever polled")
	assert.Greater(t, finalSpan(res), 9*time.Second)
	assert.Less(t, finalSpan(res), 10*time.Second)
}

func TestKafkaRunsReplay(t *testing.T) {
	o := Options{Workload: "kafka", Node: kafka.Program, Nodes: NodeIDs(2), Concurrency: 4, TimeLimit: 10 * time.Second,
		Rate: 100, Latency: 5 * time.Millisecond, Nemesis: []string{"partition", "kill"}, NemesisInterval: 2 * time.Second, Seed: 3}
	a, _ := runTrace(t, o)
	b, _ := runTrace(t, o)
	assert.Equal(t, a.Sim.TraceHash, b.Sim.TraceHash)
	assert.Equal(t, checker.Valid, a.Valid)
}

func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
