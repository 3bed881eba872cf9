package txn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
)

func TestRWRegisterSerialHistoryIsValid(t *testing.T) {
	h := serial(
		`[["r","x",null],["w","x",1]]`,
		`[["r","x",1],["w","x",2],["w","y",1]]`,
		`[["r","y",1],["r","x",2],["w","y",2]]`,
		`[["r","y",2]]`,
	)
	r := CheckRWRegister(h, Options{})
	assert.Equal(t, checker.Valid, r.Valid, "%+v", r)
	r = CheckRWRegister(h, Options{SequentialKeys: true, LinearizableKeys: true})
	assert.Equal(t, checker.Valid, r.Valid, "%+v", r)
}

func TestRWRegisterG0WriteCycle(t *testing.T) {
	// The write cycle of Maelstrom issue #56, arranged so that writes
	// follow reads: T2 read x = 1 before writing x = 2, T1 read y = 2
	// before writing y = 1. So x: 1 < 2 (T1 before T2) but y: 2 < 1 (T2
	// before T1).
	h := concurrent(
		`[["w","x",1],["r","y",2],["w","y",1]]`,
		`[["r","x",1],["w","x",2],["w","y",2]]`,
	)
	opts := Options{ConsistencyModels: []string{"read-uncommitted"}}
	r := CheckRWRegister(h, opts)
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.Contains(t, r.AnomalyTypes, "G0")
	a := requireAnomaly(t, r, "G0",
		`T1 set key "x" to 1, and T2 set it to 2, which came later in the version order`,
		`T2 set key "y" to 2, and T1 set it to 1, which came later in the version order`)
	assert.Equal(t, "ww ww", stepKinds(a))
	assert.Equal(t, []int{2, 3}, indices(a))
	assert.Equal(t, []string{"read-uncommitted"}, r.Not)

	// Without wfr-keys there is no version order to go on.
	opts.NoWFRKeys = true
	r = CheckRWRegister(h, opts)
	assert.NotContains(t, r.AnomalyTypes, "G0")
}

func TestRWRegisterIssue56History(t *testing.T) {
	// The history reported in Maelstrom issue #56, one key: t2's writes 1,
	// 2 and 3 interleave with t3's 10 and 11.
	h := concurrent(
		`[["w",0,1],["r",0,1],["r",0,10],["w",0,2],["w",0,3],["r",0,3]]`,
		`[["r",0,1],["w",0,10],["r",0,3],["w",0,11]]`,
	)
	r := CheckRWRegister(h, Options{ConsistencyModels: []string{"read-uncommitted"}})
	assert.Equal(t, checker.Invalid, r.Valid, "%v", r.AnomalyTypes)
	requireAnomaly(t, r, "G0",
		"T1 set key 0 to 1, and T2 set it to 10", "T2 set key 0 to 10, and T1 set it to 2")
	requireAnomaly(t, r, "internal", "T1 read key 0 = 1, then read 10")
	requireAnomaly(t, r, "G1b")
}

func TestRWRegisterG1a(t *testing.T) {
	h := (&builder{}).
		invoke(0, `[["w","x",1]]`).fail(0).
		txn(1, `[["r","x",1]]`).history()
	r := CheckRWRegister(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "G1a", `T1 read key "x" = 1, written by T2, which aborted`)
	assert.Equal(t, []int{3, 1}, indices(a))
}

func TestRWRegisterG1b(t *testing.T) {
	h := concurrent(`[["w","x",1],["w","x",2]]`, `[["r","x",1]]`)
	r := CheckRWRegister(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	requireAnomaly(t, r, "G1b", "intermediate state of T2")
}

func TestRWRegisterG1c(t *testing.T) {
	h := concurrent(`[["w","x",1],["r","y",1]]`, `[["w","y",1],["r","x",1]]`)
	r := CheckRWRegister(h, serializable)
	assert.Equal(t, []string{"G1c"}, r.AnomalyTypes)
	requireAnomaly(t, r, "G1c", `T1 wrote key "x" = 1, which was read by T2`, `T2 wrote key "y" = 1, which was read by T1`)
}

func TestRWRegisterGSingle(t *testing.T) {
	h := concurrent(`[["r","x",null],["r","y",1]]`, `[["w","x",1],["w","y",1]]`)
	r := CheckRWRegister(h, serializable)
	assert.Equal(t, []string{"G-single-item"}, r.AnomalyTypes)
	a := requireAnomaly(t, r, "G-single-item",
		`T1 read key "x" = null, its initial state, and T2 set it to 1`, `T2 wrote key "y" = 1, which was read by T1`)
	assert.Equal(t, "rw wr", stepKinds(a))
}

func TestRWRegisterG2Item(t *testing.T) {
	h := concurrent(
		`[["r","x",null],["r","y",null],["w","x",1]]`,
		`[["r","x",null],["r","y",null],["w","y",1]]`,
	)
	r := CheckRWRegister(h, serializable)
	assert.Equal(t, []string{"G2-item"}, r.AnomalyTypes)
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.Equal(t, checker.Valid, CheckRWRegister(h, Options{ConsistencyModels: []string{"snapshot-isolation"}}).Valid)
}

func TestRWRegisterInternal(t *testing.T) {
	h := serial(`[["w","x",1],["r","x",2]]`, `[["w","x",2]]`, `[["r","y",null],["r","y",3]]`, `[["w","y",3]]`)
	r := CheckRWRegister(h, serializable)
	list := r.Anomalies["internal"]
	require.Len(t, list, 2)
	assert.Contains(t, list[0].Explanation, `T1 wrote key "x" = 1, then read 2 without writing it in between`)
	assert.Contains(t, list[1].Explanation, `T1 read key "y" = null, then read 3`)
}

func TestRWRegisterLostUpdate(t *testing.T) {
	h := concurrent(`[["r","x",null],["w","x",1]]`, `[["r","x",null],["w","x",2]]`)
	r := CheckRWRegister(h, serializable)
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "lost-update", `T1 and T2 both read key "x" = null and then wrote it (w)`)
	assert.Equal(t, []int{2, 3}, indices(a))
}

func TestRWRegisterGarbageAndFutureReads(t *testing.T) {
	h := serial(`[["r","x",7]]`, `[["r","y",5],["w","y",5]]`)
	r := CheckRWRegister(h, Options{ConsistencyModels: []string{"read-uncommitted"}})
	assert.Equal(t, checker.Invalid, r.Valid)
	requireAnomaly(t, r, "garbage-read", "no transaction ever wrote 7")
	requireAnomaly(t, r, "future-read", `T1 read key "y" = 5 before it wrote 5 itself`)
}

func TestRWRegisterCyclicVersions(t *testing.T) {
	h := concurrent(`[["r","x",1],["w","x",2]]`, `[["r","x",2],["w","x",1]]`)
	r := CheckRWRegister(h, Options{ConsistencyModels: []string{"read-uncommitted"}})
	assert.Equal(t, checker.Invalid, r.Valid)
	a := requireAnomaly(t, r, "cyclic-versions", `key "x" from initial-state, wfr-keys makes it cyclic`)
	assert.Equal(t, []string{"initial-state", "wfr-keys"}, a.Sources)
	assert.Equal(t, []string{"read-uncommitted"}, r.Not)
}

func TestRWRegisterSequentialKeys(t *testing.T) {
	// Process 0 reads x = 2, then x = 1; but T3 read 1 before writing 2.
	h := (&builder{}).
		invoke(2, `[["w","x",1]]`).
		invoke(3, `[["r","x",null],["w","x",2]]`).
		ok(2, `[["w","x",1]]`).
		ok(3, `[["r","x",1],["w","x",2]]`).
		txn(0, `[["r","x",2]]`).
		txn(0, `[["r","x",1]]`).history()
	r := CheckRWRegister(h, serializable)
	assert.NotContains(t, r.AnomalyTypes, "cyclic-versions")
	r = CheckRWRegister(h, Options{ConsistencyModels: []string{"serializable"}, SequentialKeys: true})
	a := requireAnomaly(t, r, "cyclic-versions", "sequential-keys")
	assert.Equal(t, []string{"initial-state", "wfr-keys", "sequential-keys"}, a.Sources)

	// Without wfr-keys, sequential-keys alone orders 2 < 1, which is not
	// cyclic.
	r = CheckRWRegister(h, Options{ConsistencyModels: []string{"serializable"}, SequentialKeys: true, NoWFRKeys: true})
	assert.NotContains(t, r.AnomalyTypes, "cyclic-versions")
}

func TestRWRegisterLinearizableKeys(t *testing.T) {
	// Different processes this time, ordered in real time.
	h := (&builder{}).
		invoke(2, `[["w","x",1]]`).
		invoke(3, `[["r","x",null],["w","x",2]]`).
		ok(2, `[["w","x",1]]`).
		ok(3, `[["r","x",1],["w","x",2]]`).
		txn(0, `[["r","x",2]]`).
		txn(1, `[["r","x",1]]`).history()
	r := CheckRWRegister(h, Options{ConsistencyModels: []string{"serializable"}, SequentialKeys: true})
	assert.NotContains(t, r.AnomalyTypes, "cyclic-versions")
	r = CheckRWRegister(h, Options{ConsistencyModels: []string{"serializable"}, LinearizableKeys: true})
	a := requireAnomaly(t, r, "cyclic-versions", "linearizable-keys")
	assert.Equal(t, []string{"initial-state", "wfr-keys", "linearizable-keys"}, a.Sources)
}

func TestRWRegisterRealtime(t *testing.T) {
	h := serial(`[["w","x",1]]`, `[["r","x",null]]`)
	r := CheckRWRegister(h, Options{})
	assert.Equal(t, []string{"G-single-item-realtime"}, r.AnomalyTypes)
	requireAnomaly(t, r, "G-single-item-realtime", `T2 read key "x" = null, its initial state, and T1 set it to 1`)
}

func TestRWRegisterDuplicateWritesAreUnknown(t *testing.T) {
	h := serial(`[["w","x",1]]`, `[["w","x",1]]`)
	r := CheckRWRegister(h, Options{})
	assert.Equal(t, checker.Unknown, r.Valid, "%v", r.AnomalyTypes)
	requireAnomaly(t, r, "duplicate-writes")
}
