package workload_test

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	txncheck "github.com/eddy-sim/eddy/sim/checker/txn"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/workload"
)

// txnOptions are the sim's defaults for the txn workloads, changed by edit.
func txnOptions(edit func(*workload.Options)) workload.Options {
	o := workload.Options{Nodes: []string{"n0"}, Concurrency: 2, MaxTxnLength: 4, MaxWritesPerKey: 16,
		ConsistencyModels: []string{"strict-serializable"}}
	if edit != nil {
		edit(&o)
	}
	return o
}

func buildTxn(t *testing.T, name string, o workload.Options) workload.Single {
	t.Helper()
	spec, err := workload.Lookup(name)
	require.NoError(t, err)
	require.NoError(t, spec.Validate(o))
	w, err := spec.New(o)
	require.NoError(t, err)
	return w.(workload.Single)
}

// txnMop is a generated micro-op, decoded.
type txnMop struct {
	F string
	K int
	V *int
}

func (m *txnMop) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if len(raw) != 3 {
		return assert.AnError
	}
	if err := json.Unmarshal(raw[0], &m.F); err != nil {
		return err
	}
	if err := json.Unmarshal(raw[1], &m.K); err != nil {
		return err
	}
	return json.Unmarshal(raw[2], &m.V)
}

// genTxns draws n transactions.
func genTxns(t *testing.T, w workload.Workload, n int, seed uint64) [][]txnMop {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	txns := make([][]txnMop, n)
	for i := range txns {
		inv := w.Generate(r, i%2)
		require.Equal(t, "txn", inv.F)
		require.NoError(t, json.Unmarshal(inv.Value, &txns[i]), "%s", inv.Value)
	}
	return txns
}

func TestTxnWorkloadsFollowMaelstromsClients(t *testing.T) {
	for _, name := range []string{"txn-list-append", "txn-rw-register"} {
		spec, err := workload.Lookup(name)
		require.NoError(t, err)
		assert.True(t, spec.Reusable, "%s keeps its client after an info", name)
		assert.Empty(t, spec.Idempotent, name)
		assert.False(t, spec.HasFinal, name)
		assert.False(t, spec.ErrorsIndefinite, "%s: definite errors fail", name)
		assert.Equal(t, 5*time.Second, spec.ClientTimeout(txnOptions(nil)), name)
		_, ok := buildTxn(t, name, txnOptions(nil)).Final(0)
		assert.False(t, ok, name)
	}
}

func TestTxnGeneratorShapes(t *testing.T) {
	for name, write := range map[string]string{"txn-list-append": "append", "txn-rw-register": "w"} {
		txns := genTxns(t, buildTxn(t, name, txnOptions(nil)), 20000, 1)
		lengths := map[int]int{}
		reads, writes := 0, 0
		for _, txn := range txns {
			lengths[len(txn)]++
			for _, m := range txn {
				switch m.F {
				case "r":
					reads++
					assert.Nil(t, m.V, "reads are sent with null")
				case write:
					writes++
					require.NotNil(t, m.V)
				default:
					t.Fatalf("%s: unexpected function %q", name, m.F)
				}
			}
		}
		require.Len(t, lengths, 4, "%s: lengths 1…4 and nothing else: %v", name, lengths)
		for l := 1; l <= 4; l++ {
			assert.InDelta(t, 5000, lengths[l], 300, "%s: length %d is uniform", name, l)
		}
		assert.InDelta(t, 0.5, float64(reads)/float64(reads+writes), 0.02, "%s: reads and writes equally likely", name)
	}
}

func TestTxnMaxTxnLength(t *testing.T) {
	w := buildTxn(t, "txn-rw-register", txnOptions(func(o *workload.Options) { o.MaxTxnLength = 1 }))
	for _, txn := range genTxns(t, w, 500, 2) {
		require.Len(t, txn, 1)
	}
}

// Writes to a key are 1, 2, 3, … up to --max-writes-per-key; the write that
// would exceed it retires the key for good, and a fresh key, one above
// every key so far, takes its place: --key-count keys are active at a time.
func TestTxnWritesAreUniquePerKeyAndKeysRotate(t *testing.T) {
	const keys, maxWrites = 3, 5
	w := buildTxn(t, "txn-list-append", txnOptions(func(o *workload.Options) {
		o.KeyCount, o.MaxWritesPerKey = keys, maxWrites
	}))
	last := map[int]int{}                        // key → last value written
	first, final := map[int]int{}, map[int]int{} // key → position of its first and last micro-op
	full, pos := 0, 0
	for _, txn := range genTxns(t, w, 5000, 3) {
		for _, m := range txn {
			pos++
			if _, ok := first[m.K]; !ok {
				first[m.K] = pos
				assert.LessOrEqual(t, len(first)-keys, full, "key %d came in before a key was used up", m.K)
			}
			final[m.K] = pos
			if m.V == nil {
				continue
			}
			require.Equal(t, last[m.K]+1, *m.V, "key %d: writes go 1, 2, 3, …", m.K)
			require.LessOrEqual(t, *m.V, maxWrites, "key %d", m.K)
			last[m.K] = *m.V
			if *m.V == maxWrites {
				full++
			}
		}
	}
	require.Greater(t, len(first), 300, "keys rotate")
	highest := 0
	for k := range first {
		highest = max(highest, k)
	}
	assert.GreaterOrEqual(t, len(first), highest+1-keys, "fresh keys are numbered on from the largest; only keys still waiting in cold slots are unseen")
	starts, ends := make([]int, pos+2), make([]int, pos+2)
	for k := range first {
		starts[first[k]]++
		ends[final[k]+1]++
	}
	live, most := 0, 0 // keys between their first and last micro-op
	for p := 1; p <= pos; p++ {
		live += starts[p] - ends[p]
		most = max(most, live)
	}
	assert.Equal(t, keys, most, "never more than --key-count keys in play")
}

// Elle's exponential key distribution, base 2: the key in slot i is drawn
// with probability 2^i / (2^n − 1). Without retirement, slot i is key i.
func TestTxnKeysAreSkewed(t *testing.T) {
	w := buildTxn(t, "txn-rw-register", txnOptions(func(o *workload.Options) { o.MaxWritesPerKey = math.MaxInt32 }))
	counts := map[int]int{}
	total := 0
	for _, txn := range genTxns(t, w, 40000, 4) {
		for _, m := range txn {
			counts[m.K]++
			total++
		}
	}
	require.Len(t, counts, 10, "10 keys when --key-count is not given: %v", counts)
	for k := 0; k < 10; k++ {
		want := math.Pow(2, float64(k)) / 1023
		assert.InDelta(t, want, float64(counts[k])/float64(total), 0.01, "key %d", k)
	}
	assert.Greater(t, counts[9], counts[8])
	assert.Greater(t, counts[8], counts[7])
}

func TestTxnGenerateIsDeterministicForASeed(t *testing.T) {
	draw := func(seed uint64) [][]txnMop {
		return genTxns(t, buildTxn(t, "txn-list-append", txnOptions(nil)), 200, seed)
	}
	assert.Equal(t, draw(1), draw(1))
	assert.NotEqual(t, draw(1), draw(2))
}

func TestTxnRequestIsMaelstroms(t *testing.T) {
	w := buildTxn(t, "txn-list-append", txnOptions(nil))
	body, err := w.Request(workload.Invocation{F: "txn", Value: json.RawMessage(`[["r",1,null],["append",1,6]]`)})
	require.NoError(t, err)
	assert.Equal(t, `{"type":"txn","txn":[["r",1,null],["append",1,6]]}`, string(body), "the harness adds msg_id")
}

func TestTxnCompleteAcceptsTheRequestFilledIn(t *testing.T) {
	for _, c := range []struct{ name, sent, body, want string }{
		{"txn-list-append", `[["r",1,null],["append",1,6],["append",2,9]]`,
			`{"type":"txn_ok","txn":[["r",1,[8]],["append",1,6],["append",2,9]],"in_reply_to":1}`,
			`[["r",1,[8]],["append",1,6],["append",2,9]]`},
		{"txn-list-append", `[["r",3,null]]`, `{"type":"txn_ok","txn":[["r",3,null]],"in_reply_to":1}`, `[["r",3,null]]`},
		{"txn-list-append", `[["r",3,null]]`, `{"type":"txn_ok","txn":[[ "r" , 3 , [ ] ]],"in_reply_to":1,"msg_id":4}`, `[[ "r" , 3 , [ ] ]]`},
		{"txn-rw-register", `[["r",1,null],["w",1,6]]`, `{"type":"txn_ok","txn":[["r",1,8],["w",1,6]],"in_reply_to":1}`, `[["r",1,8],["w",1,6]]`},
		{"txn-rw-register", `[["r",1,null]]`, `{"type":"txn_ok","txn":[["r",1,null]],"in_reply_to":1}`, `[["r",1,null]]`},
	} {
		w := buildTxn(t, c.name, txnOptions(nil))
		v, err := complete(t, w, workload.Invocation{F: "txn", Value: json.RawMessage(c.sent)}, c.body)
		require.NoError(t, err, c.body)
		assert.Equal(t, c.want, v)
	}
}

func TestTxnCompleteRejectsRepliesThatDoNotMatchTheRequest(t *testing.T) {
	sent := `[["r",1,null],["append",1,6]]`
	for _, c := range []struct{ body, want string }{
		// Maelstrom issue #14: its schema lets this through.
		{`{"type":"txn_ok","txn":[["append",1,6],["append",1,6]],"in_reply_to":1}`,
			`micro-op 1 is ["append",1,6] but the request had ["r",1,null] there: a read must come back as a read`},
		{`{"type":"txn_ok","txn":[["r",1,[6]]],"in_reply_to":1}`, "txn_ok txn has 1 micro-ops; the request had 2"},
		{`{"type":"txn_ok","txn":[["r",1,[6]],["append",1,6],["r",1,[6]]],"in_reply_to":1}`, "has 3 micro-ops"},
		{`{"type":"txn_ok","txn":[["r",2,[6]],["append",1,6]],"in_reply_to":1}`, "micro-op 1 is [\"r\",2,[6]]" + ` but the request had ["r",1,null] there: micro-ops must keep their key`},
		{`{"type":"txn_ok","txn":[["r","1",[6]],["append",1,6]],"in_reply_to":1}`, "keep their key"},
		{`{"type":"txn_ok","txn":[["r",1,[6]],["append",1,7]],"in_reply_to":1}`, "micro-op 2 is [\"append\",1,7]" + ` but the request had ["append",1,6] there: a append must be echoed unchanged`},
		{`{"type":"txn_ok","txn":[["r",1,[6]],["r",1,[6]]],"in_reply_to":1}`, "micro-ops must keep their function"},
		{`{"type":"txn_ok","txn":[["r",1,6],["append",1,6]],"in_reply_to":1}`, "a read of a list must return a list, or null"},
		{`{"type":"txn_ok","txn":[["r",1],["append",1,6]],"in_reply_to":1}`, "want [f, k, v], got 2 elements"},
		{`{"type":"txn_ok","txn":{"r":1},"in_reply_to":1}`, "is not a list of [f, k, v] micro-ops"},
		{`{"type":"txn_ok","in_reply_to":1}`, `missing key "txn"`},
		{`{"type":"txn_ok","txn":[["r",1,[6]],["append",1,6]],"in_reply_to":1,"ts":3}`, "unexpected key(s) ts"},
		{`{"type":"txn","txn":[["r",1,[6]],["append",1,6]],"in_reply_to":1}`, `reply type "txn", want "txn_ok"`},
	} {
		w := buildTxn(t, "txn-list-append", txnOptions(nil))
		_, err := complete(t, w, workload.Invocation{F: "txn", Value: json.RawMessage(sent)}, c.body)
		if assert.Error(t, err, c.body) {
			assert.Contains(t, err.Error(), c.want, c.body)
		}
	}
}

func TestTxnRWRegisterReadsMayHoldAnyValue(t *testing.T) {
	w := buildTxn(t, "txn-rw-register", txnOptions(nil))
	// Maelstrom's schema allows any value; what it means is the checker's
	// business (a list in a register is a malformed-txn there).
	_, err := complete(t, w, workload.Invocation{F: "txn", Value: json.RawMessage(`[["r",1,null]]`)},
		`{"type":"txn_ok","txn":[["r",1,[1,2]]],"in_reply_to":1}`)
	assert.NoError(t, err)
	_, err = complete(t, w, workload.Invocation{F: "txn", Value: json.RawMessage(`[["w",1,3]]`)},
		`{"type":"txn_ok","txn":[["w",1,4]],"in_reply_to":1}`)
	assert.ErrorContains(t, err, "a w must be echoed unchanged")
}

func TestTxnValidateRejectsUnknownModelsUpFront(t *testing.T) {
	spec, err := workload.Lookup("txn-rw-register")
	require.NoError(t, err)
	err = spec.Validate(txnOptions(func(o *workload.Options) { o.ConsistencyModels = []string{"read-committed", "read-comitted"} }))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--consistency-models")
	assert.Contains(t, err.Error(), `"read-comitted"`)
	assert.Contains(t, err.Error(), "read-committed", "the known models are listed")

	// What Maelstrom makes of "read-committed,serializable" unsplit.
	err = spec.Validate(txnOptions(func(o *workload.Options) { o.ConsistencyModels = []string{"read-committed,serializable"} }))
	assert.ErrorContains(t, err, "read-committed,serializable")

	err = spec.Validate(txnOptions(func(o *workload.Options) { o.KeyCount = -1 }))
	assert.ErrorContains(t, err, "--key-count -1: must not be negative")
	assert.NoError(t, spec.Validate(txnOptions(func(o *workload.Options) { o.ConsistencyModels = []string{"PL-2", "serializable"} })))
}

// The workload checks with the run's models: an aborted read is fine for
// read-uncommitted, not for read-committed.
func TestTxnCheckUsesTheRunsModels(t *testing.T) {
	h := history.History{
		{Type: history.Invoke, Process: 0, F: "txn", Value: json.RawMessage(`[["w",1,1]]`)},
		{Type: history.Fail, Process: 0, F: "txn", Value: json.RawMessage(`[["w",1,1]]`), Error: []string{"abort"}},
		{Type: history.Invoke, Process: 1, F: "txn", Value: json.RawMessage(`[["r",1,null],["w",2,1]]`)},
		{Type: history.OK, Process: 1, F: "txn", Value: json.RawMessage(`[["r",1,1],["w",2,1]]`)},
		{Type: history.Invoke, Process: 1, F: "txn", Value: json.RawMessage(`[["r",2,null],["w",1,2]]`)},
		{Type: history.OK, Process: 1, F: "txn", Value: json.RawMessage(`[["r",2,1],["w",1,2]]`)},
	}
	for i := range h {
		h[i].Index, h[i].Time = i, time.Duration(i)*time.Millisecond
	}
	check := func(model string) txncheck.Result {
		w := buildTxn(t, "txn-rw-register", txnOptions(func(o *workload.Options) { o.ConsistencyModels = []string{model} }))
		return w.Check(h).(txncheck.Result)
	}
	ru := check("read-uncommitted")
	assert.Equal(t, checker.Valid, ru.Verdict(), "%+v", ru)
	assert.Contains(t, ru.AnomalyTypes, "G1a", "found, and reported, but allowed")
	rc := check("read-committed")
	assert.Equal(t, checker.Invalid, rc.Verdict(), "%+v", rc)
	assert.Contains(t, rc.Not, "read-committed")
}

// A node that answers reads with appends (Maelstrom issue #14) gets each
// such transaction recorded as info, and a malformed-reply problem in the
// run's result naming it.
func TestTxnMalformedRepliesAreInfoAndProblems(t *testing.T) {
	issue14 := func(n *node.Node) {
		n.Handle("txn", func(msg node.Message) error {
			var req struct{ Txn [][]any }
			if err := msg.Decode(&req); err != nil {
				return err
			}
			for _, m := range req.Txn {
				if m[0] == "r" {
					m[0] = "append"
				}
			}
			return n.Reply(msg, map[string]any{"type": "txn_ok", "txn": req.Txn})
		})
	}
	res, err := sim.Run(context.Background(), sim.Options{Workload: "txn-list-append", Node: issue14, Nodes: []string{"n0"},
		TimeLimit: 2 * time.Second, Rate: 50, Seed: 1})
	require.NoError(t, err)
	withReads, infos := 0, 0
	for _, p := range res.History.Pairs() {
		if strings.Contains(string(p.Invoke.Value), `"r"`) {
			withReads++
			if assert.Equal(t, history.Info, p.Outcome(), "%s", p.Invoke.Value) {
				infos++
				assert.Equal(t, "malformed-reply", p.Completion.Error[0])
			}
		} else {
			assert.Equal(t, history.OK, p.Outcome(), "%s", p.Invoke.Value)
		}
	}
	require.Positive(t, withReads)
	malformed := 0
	for _, p := range res.Problems {
		if p.Kind == "malformed-reply" && p.Node == "n0" && strings.Contains(p.Text, "a read must come back as a read") {
			malformed++
		}
	}
	assert.Equal(t, infos, malformed, "one problem per malformed reply")
}
