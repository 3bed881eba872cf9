package txn

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
)

func TestListAppendSerialHistoryIsValid(t *testing.T) {
	h := serial(
		`[["append","x",1],["r","y",null]]`,
		`[["r","x",[1]],["append","y",1],["append","x",2]]`,
		`[["r","x",[1,2]],["r","y",[1]]]`,
		`[["append","x",3],["r","x",[1,2,3]]]`,
	)
	r := CheckListAppend(h, Options{})
	assert.Equal(t, checker.Valid, r.Valid, "%+v", r)
	assert.Equal(t, `{"valid?":true}`, marshal(t, r))
}

func TestListAppendEmptyHistoryIsUnknown(t *testing.T) {
	r := CheckListAppend(nil, Options{})
	assert.Equal(t, checker.Unknown, r.Valid)
	assert.Equal(t, []string{aEmptyGraph}, r.AnomalyTypes)
}

func TestListAppendG0(t *testing.T) {
	h := concurrent(
		`[["append","x",1],["append","y",1]]`,
		`[["append","x",2],["append","y",2]]`,
		`[["r","x",[1,2]],["r","y",[2,1]]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.Equal(t, []string{"G0"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G0",
		`T2 appended 2 after T1 appended 1 to key "x"`,
		`T1 appended 1 after T2 appended 2 to key "y"`, "a contradiction!")
	assert.Equal(t, []int{3, 4}, indices(a))
	assert.Equal(t, "ww ww", stepKinds(a))
	assert.Equal(t, []string{"read-uncommitted"}, r.Not)
}

func TestListAppendG1a(t *testing.T) {
	h := (&builder{}).
		invoke(0, `[["append","x",1]]`).fail(0).
		txn(1, `[["r","x",[1]]]`).history()
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "G1a", `T1 read key "x" = [1]`, "T2, which aborted")
	assert.Equal(t, []int{3, 1}, indices(a))
	assert.Equal(t, []string{"read-committed"}, r.Not)
}

func TestListAppendG1b(t *testing.T) {
	h := concurrent(
		`[["append","x",1],["append","x",2]]`,
		`[["r","x",[1]]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "G1b", "intermediate state of T2")
	assert.Equal(t, []int{3, 2}, indices(a))
	// The reader missed the append after the one it saw, and saw the
	// one before: a cycle too, as Elle reports.
	requireAnomaly(t, r, "G-single-item", "T1 < T2", "T2 < T1")
}

func TestListAppendG1c(t *testing.T) {
	h := concurrent(
		`[["append","x",1],["r","y",[1]]]`,
		`[["append","y",1],["r","x",[1]]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, []string{"G1c"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G1c",
		`T2 observed T1's append of 1 to key "x"`, `T1 observed T2's append of 1 to key "y"`)
	assert.Equal(t, "wr wr", stepKinds(a))
	assert.Equal(t, []string{"read-committed"}, r.Not)
}

func TestListAppendGSingle(t *testing.T) {
	// Read skew: T1 sees T2's append to y but not its append to x.
	h := concurrent(
		`[["r","x",[]],["r","y",[1]]]`,
		`[["append","x",1],["append","y",1]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.Equal(t, []string{"G-single-item"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G-single-item",
		`T1 observed the initial (empty) state of key "x", which T2 created by appending 1`,
		`T1 observed T2's append of 1 to key "y"`)
	assert.Equal(t, "rw wr", stepKinds(a))
	// Elle's lattice: G-single rules out consistent-view and, through
	// G-nonadjacent, snapshot isolation; as a G2-item it rules out
	// repeatable read too.
	assert.Equal(t, []string{"consistent-view", "repeatable-read"}, r.Not)
	assert.Contains(t, r.AlsoNot, "snapshot-isolation")
	assert.Contains(t, r.AlsoNot, "serializable")
}

func TestListAppendGNonadjacent(t *testing.T) {
	// Long fork: T1 and T3 each see one of T2 and T4 but not the other.
	h := concurrent(
		`[["r","a",[]],["r","d",[1]]]`,
		`[["append","a",1],["append","b",1]]`,
		`[["r","b",[1]],["r","c",[]]]`,
		`[["append","c",1],["append","d",1]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, []string{"G-nonadjacent-item"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G-nonadjacent-item", "T1 < T2", "T4 < T1")
	assert.Equal(t, "rw wr rw wr", stepKinds(a))
	assert.Contains(t, r.Not, "snapshot-isolation")

	// Snapshot isolation forbids it; repeatable read does not.
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"repeatable-read"}})
	assert.Equal(t, checker.Invalid, r.Valid, "G-nonadjacent-item implies G2-item")
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"snapshot-isolation"}})
	assert.Equal(t, checker.Invalid, r.Valid)
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"read-committed"}})
	assert.Equal(t, checker.Valid, r.Valid)
	assert.Equal(t, []string{"G-nonadjacent-item"}, r.AnomalyTypes, "reported even when allowed")
}

func TestListAppendG2Item(t *testing.T) {
	// Write skew: each reads both keys empty and appends to one.
	h := concurrent(
		`[["r","x",[]],["r","y",[]],["append","x",1]]`,
		`[["r","x",[]],["r","y",[]],["append","y",1]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.Equal(t, []string{"G2-item"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G2-item",
		`T1 observed the initial (empty) state of key "y", which T2 created by appending 1`,
		`T2 observed the initial (empty) state of key "x", which T1 created by appending 1`)
	assert.Equal(t, "rw rw", stepKinds(a))
	// Snapshot isolation allows write skew; serializability does not.
	assert.Equal(t, []string{"repeatable-read"}, r.Not)
	assert.Contains(t, r.AlsoNot, "serializable")
	assert.NotContains(t, r.AlsoNot, "snapshot-isolation")
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"snapshot-isolation"}})
	assert.Equal(t, checker.Valid, r.Valid)
}

func TestListAppendInternal(t *testing.T) {
	h := serial(
		`[["append","x",1],["r","x",[]]]`,
		`[["r","y",[]],["append","y",5],["r","y",[5]],["r","y",[]]]`,
		`[["append","z",1]]`, `[["r","z",[1]]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	list := r.Anomalies["internal"]
	require.Len(t, list, 2)
	assert.Contains(t, list[0].Explanation, `T1 read key "x" = [], but its own earlier operations imply it should have read [..., 1]`)
	assert.JSONEq(t, `["...",1]`, string(list[0].Expected))
	assert.Contains(t, list[1].Explanation, `should have read [5]`)
	assert.Equal(t, []string{"read-atomic"}, r.Not, "%v", r.AnomalyTypes)
	// Read committed allows internal inconsistency (Elle's lattice).
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"read-committed"}})
	assert.Equal(t, checker.Valid, r.Valid)
}

func TestListAppendIncompatibleOrder(t *testing.T) {
	h := concurrent(
		`[["append","x",1]]`,
		`[["append","x",2]]`,
		`[["r","x",[1,2]]]`,
		`[["r","x",[2,1]]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "incompatible-order", `T1 read key "x" = [2,1] and T2 read [1,2]`)
	assert.Equal(t, []int{7, 6}, indices(a))
	// incompatible-order implies G1a: read-committed is ruled out.
	assert.Contains(t, r.Not, "read-committed")
}

func TestListAppendLostUpdate(t *testing.T) {
	h := concurrent(
		`[["r","x",[]],["append","x",1]]`,
		`[["r","x",[]],["append","x",2]]`,
	)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "lost-update", `T1 and T2 both read key "x" = [] and then wrote it`)
	assert.Equal(t, []int{2, 3}, indices(a))
	// Both appends went unseen, so each follows the state both read.
	requireAnomaly(t, r, "G2-item")
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"cursor-stability"}})
	assert.Equal(t, checker.Invalid, r.Valid, "cursor stability forbids lost update")
}

func TestListAppendDuplicateElements(t *testing.T) {
	h := concurrent(
		`[["append","x",1]]`,
		`[["r","x",[1,1]]]`,
	)
	r := CheckListAppend(h, Options{ConsistencyModels: []string{"read-uncommitted"}})
	assert.Equal(t, checker.Invalid, r.Valid)
	requireAnomaly(t, r, "duplicate-elements", `T1 read key "x" = [1,1], in which [1] appeared more than once`)
}

func TestListAppendGarbageRead(t *testing.T) {
	h := serial(`[["r","x",[9]]]`, `[["append","x",1]]`)
	r := CheckListAppend(h, Options{ConsistencyModels: []string{"read-uncommitted"}})
	assert.Equal(t, checker.Invalid, r.Valid)
	requireAnomaly(t, r, "garbage-read", "no transaction ever appended 9")
}

func TestListAppendFutureRead(t *testing.T) {
	h := serial(`[["r","x",[1]],["append","x",1]]`)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	requireAnomaly(t, r, "future-read", "observing 1 before it appended 1 itself")
}

func TestListAppendDirtyUpdate(t *testing.T) {
	h := (&builder{}).
		invoke(0, `[["append","x",1]]`).fail(0).
		txn(1, `[["append","x",2]]`).
		txn(2, `[["r","x",[1,2]]]`).history()
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "dirty-update", "T1 appended 1", "aborted", "committed T2 appended 2")
	assert.Equal(t, []int{1, 3}, indices(a))
	requireAnomaly(t, r, "G1a")
}

func TestListAppendInfoAppendsCount(t *testing.T) {
	// T1's outcome is unknown, but T2 observed its append, so T1
	// committed; T1 also saw T2's append: G1c between them.
	h := (&builder{}).
		invoke(0, `[["append","x",1],["r","y",null]]`).
		txn(1, `[["append","y",1],["r","x",[1]]]`).
		info(0).
		txn(2, `[["r","y",[1]]]`).history()
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Valid, r.Valid, "an info transaction's reads are unknown: %v", r.AnomalyTypes)

	// An info append nobody read is harmless.
	h = (&builder{}).
		invoke(0, `[["append","x",1]]`).info(0).
		txn(1, `[["r","x",[]]]`).history()
	r = CheckListAppend(h, Options{})
	assert.Equal(t, checker.Valid, r.Valid, "%v", r.AnomalyTypes)

	// But one that was read takes part in cycles.
	h = concurrent(
		`[["r","x",[]],["r","y",[1]]]`,
		`[["append","x",1],["append","y",1]]`,
	)
	h[3].Type, h[3].Value = "info", nil
	r = CheckListAppend(h, serializable)
	requireAnomaly(t, r, "G-single-item")
}

func TestListAppendMalformedReply(t *testing.T) {
	// Maelstrom issue #14: an append where a read was asked for.
	h := (&builder{}).
		invoke(0, `[["r",1,null]]`).ok(0, `[["append",1,6]]`).history()
	r := CheckListAppend(h, Options{ConsistencyModels: []string{"read-uncommitted"}})
	assert.Equal(t, checker.Invalid, r.Valid)
	requireAnomaly(t, r, "malformed-txn", "changed micro-op 1")

	h = (&builder{}).txn(0, `[["w",1,6]]`).history()
	r = CheckListAppend(h, Options{})
	requireAnomaly(t, r, "malformed-txn", `neither a read nor a "append"`)
}

func TestListAppendDuplicateAppendsAreUnknown(t *testing.T) {
	h := serial(`[["append","x",1]]`, `[["append","x",1]]`, `[["r","x",[1]]]`)
	r := CheckListAppend(h, Options{})
	assert.Equal(t, checker.Unknown, r.Valid, "%v", r.AnomalyTypes)
	requireAnomaly(t, r, "duplicate-appends", "written to key \"x\" by both T1 and T2")
}

func TestListAppendRealtime(t *testing.T) {
	// T1 completes before T2 begins, yet T2 does not see T1's append.
	h := serial(`[["append","x",1]]`, `[["r","x",[]]]`)
	r := CheckListAppend(h, serializable)
	assert.Equal(t, checker.Valid, r.Valid)
	r = CheckListAppend(h, Options{})
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.Equal(t, []string{"G-single-item-realtime"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G-single-item-realtime",
		"T1 completed at index 1, 0.001 seconds before the invocation of T2, at index 2",
		`T2 observed the initial (empty) state of key "x"`)
	assert.Equal(t, "realtime rw", stepKinds(a))
	assert.Equal(t, []string{"strong-snapshot-isolation"}, r.Not)
	assert.Equal(t, []string{"strong-serializable"}, r.AlsoNot)

	// A write order against real time: G0-realtime.
	h = (&builder{}).
		txn(0, `[["append","x",1]]`).
		txn(1, `[["append","x",2]]`).
		txn(2, `[["r","x",[2,1]]]`).history()
	r = CheckListAppend(h, Options{})
	requireAnomaly(t, r, "G0-realtime", "T1 appended 1 after T2 appended 2", "before the invocation of T2")

	// Observing a write that had not begun: G1c-realtime.
	h = serial(`[["r","x",[1]]]`, `[["append","x",1]]`)
	r = CheckListAppend(h, Options{})
	requireAnomaly(t, r, "G1c-realtime", `T1 observed T2's append of 1`)
}

func TestListAppendProcess(t *testing.T) {
	// One process fails to read its own earlier append.
	h := (&builder{}).
		invoke(0, `[["append","x",1]]`).
		invoke(1, `[["r","y",null]]`).
		ok(0, `[["append","x",1]]`).
		invoke(0, `[["r","x",null]]`).
		ok(1, `[["r","y",[]]]`).
		ok(0, `[["r","x",[]]]`).history()
	opts := Options{ConsistencyModels: []string{"strong-session-serializable"}}
	r := CheckListAppend(h, opts)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "G-single-item-process", "process 0 executed T1 before T2")
	assert.Equal(t, "process rw", stepKinds(a))
	assert.Equal(t, checker.Valid, CheckListAppend(h, serializable).Valid)

	// One process's appends land in the opposite order: G0-process.
	h = (&builder{}).
		txn(0, `[["append","x",1]]`).
		txn(0, `[["append","x",2]]`).
		txn(1, `[["r","x",[2,1]]]`).history()
	r = CheckListAppend(h, opts)
	a = requireAnomaly(t, r, "G0-process", "process 0 executed T1 before T2", "T1 appended 1 after T2 appended 2")
	assert.Equal(t, "process ww", stepKinds(a))
}

func TestResultJSON(t *testing.T) {
	h := (&builder{}).
		invoke(0, `[["append","x",1]]`).fail(0).
		txn(1, `[["r","x",[1]]]`).history()
	r := CheckListAppend(h, Options{ConsistencyModels: []string{"read-committed"}})
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(marshal(t, r)), &m))
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"valid?", "anomaly-types", "anomalies", "not", "also-not"}, keys)
	assert.JSONEq(t, `false`, string(m["valid?"]))
	assert.JSONEq(t, `["G1a", "empty-transaction-graph"]`, string(m["anomaly-types"]))
	assert.JSONEq(t, `{
		"G1a": [{
			"type": "G1a",
			"explanation": "T1 read key \"x\" = [1], observing the append of 1 by T2, which aborted (failed).",
			"txns": [
				{"name": "T1", "index": 3, "process": 1, "type": "ok", "value": [["r","x",[1]]]},
				{"name": "T2", "index": 1, "process": 0, "type": "fail", "value": [["append","x",1]]}
			],
			"key": "x", "value": [1], "element": 1
		}],
		"empty-transaction-graph": [{
			"type": "empty-transaction-graph",
			"explanation": "No dependencies between transactions could be inferred, so nothing could be checked."
		}]
	}`, string(m["anomalies"]))
	assert.JSONEq(t, `["read-committed"]`, string(m["not"]))
}

func TestExtraAnomaliesAndCaps(t *testing.T) {
	h := concurrent(
		`[["r","x",[]],["r","y",[]],["append","x",1]]`,
		`[["r","x",[]],["r","y",[]],["append","y",1]]`,
	)
	r := CheckListAppend(h, Options{ConsistencyModels: []string{"read-committed"}})
	assert.Equal(t, checker.Valid, r.Valid)
	r = CheckListAppend(h, Options{ConsistencyModels: []string{"read-committed"}, Anomalies: []string{"G2-item"}})
	assert.Equal(t, checker.Invalid, r.Valid)

	// Many G1a reads: capped at MaxExplained, or not at all.
	b := (&builder{}).invoke(0, `[["append","x",1]]`).fail(0)
	for p := 1; p <= 20; p++ {
		b.txn(p, `[["r","x",[1]]]`)
	}
	r = CheckListAppend(b.history(), Options{})
	assert.Len(t, r.Anomalies["G1a"], DefaultMaxExplained)
	r = CheckListAppend(b.history(), Options{MaxExplained: -1})
	assert.Len(t, r.Anomalies["G1a"], 20)
}
