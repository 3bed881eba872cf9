package workload_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/workload"
)

// linKV builds lin-kv for nodes nodes and concurrency threads.
func linKV(t *testing.T, nodes, concurrency int) workload.Single {
	t.Helper()
	spec, err := workload.Lookup("lin-kv")
	require.NoError(t, err)
	o := workload.Options{Nodes: make([]string, nodes), Concurrency: concurrency}
	require.NoError(t, spec.Validate(o))
	w, err := spec.New(o)
	require.NoError(t, err)
	return w.(workload.Single)
}

// linKVOp is a generated operation, decoded: value is [key, v].
type linKVOp struct {
	f   string
	key int
	v   json.RawMessage
}

func generate(t *testing.T, w workload.Workload, r *rand.Rand, thread int) linKVOp {
	t.Helper()
	inv := w.Generate(r, thread)
	var kv [2]json.RawMessage
	require.NoError(t, json.Unmarshal(inv.Value, &kv), "%s", inv.Value)
	op := linKVOp{f: inv.F, v: kv[1]}
	require.NoError(t, json.Unmarshal(kv[0], &op.key), "integer keys: %s", inv.Value)
	return op
}

// Spec §1.6 and §2.7: read is idempotent, clients are kept after an info,
// the timeout is max(10 × latency, 1 s).
func TestLinKVClientsFollowMaelstrom(t *testing.T) {
	spec, err := workload.Lookup("lin-kv")
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"read": true}, spec.Idempotent)
	assert.True(t, spec.Reusable)
	assert.False(t, spec.HasFinal)
	for latency, want := range map[time.Duration]time.Duration{
		0: time.Second, 50 * time.Millisecond: time.Second, 100 * time.Millisecond: time.Second, 250 * time.Millisecond: 2500 * time.Millisecond,
	} {
		assert.Equal(t, want, spec.ClientTimeout(workload.Options{Latency: latency}), "latency %v", latency)
	}
}

func TestLinKVNeedsConcurrencyAMultipleOfTwiceTheNodes(t *testing.T) {
	spec, err := workload.Lookup("lin-kv")
	require.NoError(t, err)
	check := func(nodes, concurrency int) error {
		return spec.Validate(workload.Options{Nodes: make([]string, nodes), Concurrency: concurrency})
	}
	for _, c := range [][2]int{{5, 10}, {5, 20}, {1, 2}, {3, 60}, {10, 20}} {
		assert.NoError(t, check(c[0], c[1]), "%d nodes, concurrency %d", c[0], c[1])
	}
	for _, c := range [][2]int{{5, 5}, {5, 15}, {5, 0}, {5, -10}, {3, 3}} {
		err := check(c[0], c[1])
		if assert.Error(t, err, "%d nodes, concurrency %d", c[0], c[1]) {
			assert.Contains(t, err.Error(), "--concurrency")
			assert.Contains(t, err.Error(), "--concurrency 2n")
		}
	}
	assert.EqualError(t, check(5, 5), "lin-kv needs --concurrency to be a positive multiple of 2 × node-count "+
		"(10 with 5 nodes), e.g. --concurrency 2n; got 5")

	err = check(11, 22)
	require.Error(t, err, "a key's 22 processes exceed Jepsen's 20: Maelstrom hangs")
	assert.Contains(t, err.Error(), "at most 10 nodes")
	_, err = spec.New(workload.Options{Nodes: make([]string, 5), Concurrency: 5})
	assert.Error(t, err, "New checks too")
}

// Threads split, in order, into groups of 2 × node-count; group g starts on
// key g; the first node-count threads of a group read, the others write
// and cas 1:2, with values 0…4.
func TestLinKVGroupsReadersWritersAndValues(t *testing.T) {
	w := linKV(t, 3, 12)
	r := rand.New(rand.NewPCG(1, 2))
	counts := map[string]int{}
	values := map[string]bool{}
	for i := range 6000 {
		thread := i % 12
		op := generate(t, w, r, thread)
		require.Equal(t, thread/6, op.key, "thread %d works on its group's key", thread)
		if thread%6 < 3 {
			require.Equal(t, "read", op.f, "thread %d is a reader", thread)
			require.JSONEq(t, "null", string(op.v))
			continue
		}
		require.Contains(t, []string{"write", "cas"}, op.f, "thread %d is a writer", thread)
		counts[op.f]++
		switch op.f {
		case "write":
			var v int
			require.NoError(t, json.Unmarshal(op.v, &v), "%s", op.v)
			require.True(t, 0 <= v && v <= 4, "write %d", v)
			values[string(op.v)] = true
		case "cas":
			var ft []int
			require.NoError(t, json.Unmarshal(op.v, &ft), "%s", op.v)
			require.Len(t, ft, 2)
			for _, v := range ft {
				require.True(t, 0 <= v && v <= 4, "cas %v", ft)
			}
			values[string(op.v)] = true
		}
	}
	assert.InDelta(t, 1000, counts["write"], 100, "a third of 3000 writer ops")
	assert.InDelta(t, 2000, counts["cas"], 100)
	assert.Len(t, values, 5+25, "every write value and every (from, to) turns up")
}

// A group moves to the next unused key once more than 20 processes have
// run on its threads since its key began: 2n at the start, one more per
// info. Other groups keep their keys.
func TestLinKVRotatesKeysAsProcessesCrash(t *testing.T) {
	w := linKV(t, 3, 12) // groups of 6 threads: keys 0 and 1, then 2, 3, …
	pt, ok := w.(workload.ProcessTracker)
	require.True(t, ok, "lin-kv tracks processes")
	r := rand.New(rand.NewPCG(1, 2))
	process := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	crash := func(thread int) {
		process[thread] += 12
		pt.SetProcess(thread, process[thread])
	}

	for i := range 14 { // 6 + 14 = 20 processes: still within the limit
		crash(i % 6)
		assert.Equal(t, 0, generate(t, w, r, i%6).key)
	}
	crash(7) // another group's crash does not count against key 0
	assert.Equal(t, 0, generate(t, w, r, 2).key)
	assert.Equal(t, 1, generate(t, w, r, 7).key)

	crash(4) // the 21st process
	assert.Equal(t, 2, generate(t, w, r, 0).key, "the next op of group 0, from any thread, is on a new key")
	assert.Equal(t, 2, generate(t, w, r, 5).key)
	assert.Equal(t, 1, generate(t, w, r, 11).key)

	// The new key counts from the processes the group runs as now.
	for i := range 14 {
		crash(i % 6)
		assert.Equal(t, 2, generate(t, w, r, i%6).key)
	}
	crash(0)
	assert.Equal(t, 3, generate(t, w, r, 3).key)
}

// As in Jepsen's process-limit, the processes counted are those the
// group's threads run as whenever it asks for an operation. (A thread
// crashes at most once between two: each crash takes an operation.)
func TestLinKVCountsProcessesWhenAskedForAnOperation(t *testing.T) {
	w := linKV(t, 1, 2) // one group of 2 threads
	pt := w.(workload.ProcessTracker)
	r := rand.New(rand.NewPCG(1, 2))
	for p := 2; p <= 2*19; p += 2 {
		pt.SetProcess(0, p)
	}
	assert.Equal(t, 0, generate(t, w, r, 1).key, "only processes 0, 1 and 38 were seen")
	for p := 40; p <= 2*40; p += 2 {
		pt.SetProcess(0, p)
		generate(t, w, r, 1)
	}
	assert.Equal(t, 1, generate(t, w, r, 1).key)
}

func TestLinKVRequestsAreMaelstroms(t *testing.T) {
	w := linKV(t, 5, 10)
	for _, c := range []struct{ f, value, want string }{
		{"read", `[3,null]`, `{"type":"read","key":3}`},
		{"write", `[3,4]`, `{"type":"write","key":3,"value":4}`},
		{"cas", `[3,[1,2]]`, `{"type":"cas","key":3,"from":1,"to":2}`},
		{"write", `[0,0]`, `{"type":"write","key":0,"value":0}`},
	} {
		body, err := w.Request(workload.Invocation{F: c.f, Value: json.RawMessage(c.value)})
		require.NoError(t, err, c.value)
		assert.JSONEq(t, c.want, string(body), c.value)
	}
	_, err := w.Request(workload.Invocation{F: "cas", Value: json.RawMessage(`[3,4]`)})
	assert.Error(t, err, "cas needs [from, to]")
	_, err = w.Request(workload.Invocation{F: "delete", Value: json.RawMessage(`[3,4]`)})
	assert.Error(t, err)
}

// History values are independent's tuples: a read completes as [k, v].
func TestLinKVCompleteRecordsKeyValueTuples(t *testing.T) {
	w := linKV(t, 5, 10)
	read := workload.Invocation{F: "read", Value: json.RawMessage(`[3,null]`)}
	for body, want := range map[string]string{
		`{"type":"read_ok","value":4,"in_reply_to":1}`:               `[3,4]`,
		`{"type":"read_ok","value":null,"in_reply_to":1,"msg_id":2}`: `[3,null]`,
		`{"type":"read_ok","value":{"a":[1]},"in_reply_to":1}`:       `[3,{"a":[1]}]`,
	} {
		v, err := complete(t, w, read, body)
		require.NoError(t, err, body)
		assert.Equal(t, want, v, body)
	}
	write := workload.Invocation{F: "write", Value: json.RawMessage(`[3,4]`)}
	v, err := complete(t, w, write, `{"type":"write_ok","in_reply_to":1}`)
	require.NoError(t, err)
	assert.Equal(t, `[3,4]`, v)
	cas := workload.Invocation{F: "cas", Value: json.RawMessage(`[3,[1,2]]`)}
	v, err = complete(t, w, cas, `{"type":"cas_ok","in_reply_to":1}`)
	require.NoError(t, err)
	assert.Equal(t, `[3,[1,2]]`, v)
}

func TestLinKVCompleteRejectsBodiesOutsideTheSchema(t *testing.T) {
	w := linKV(t, 5, 10)
	for _, c := range []struct {
		f, body, want string
	}{
		{"read", `{"type":"read_ok","in_reply_to":1}`, `missing key "value"`},
		{"read", `{"type":"read_ok","value":1,"key":3,"in_reply_to":1}`, `unexpected key(s) key`},
		{"read", `{"type":"write_ok","in_reply_to":1}`, `want "read_ok"`},
		{"write", `{"type":"write_ok","value":4,"in_reply_to":1}`, `unexpected key(s) value`},
		{"cas", `{"type":"write_ok","in_reply_to":1}`, `want "cas_ok"`},
	} {
		_, err := complete(t, w, workload.Invocation{F: c.f, Value: json.RawMessage(`[3,null]`)}, c.body)
		if assert.Error(t, err, c.body) {
			assert.Contains(t, err.Error(), c.want, c.body)
		}
	}
}

func TestLinKVHasNoFinalPhase(t *testing.T) {
	_, ok := linKV(t, 5, 10).Final(0)
	assert.False(t, ok)
}
