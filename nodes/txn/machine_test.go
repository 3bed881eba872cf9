package txn_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/txn"
)

// apply runs transactions on m in order, from no client in particular,
// and returns the replies.
func apply(m *txn.Machine, txns ...string) []string {
	out := make([]string, len(txns))
	for i, t := range txns {
		out[i] = string(m.Apply([]byte(`{"txn":` + t + `}`)))
	}
	return out
}

// The examples of Maelstrom's workload docs (spec §2.8, §2.9).
func TestMachineRunsTheSpecsExamples(t *testing.T) {
	m := txn.NewMachine()
	assert.Equal(t, []string{
		`{"type":"txn_ok","txn":[["append",1,8]]}`,
		`{"type":"txn_ok","txn":[["r",1,[8]],["append",1,6],["append",2,9]]}`,
		`{"type":"txn_ok","txn":[["r",1,[8,6]],["r",2,[9]],["r",3,null]]}`,
	}, apply(m, `[["append",1,8]]`, `[["r",1,null],["append",1,6],["append",2,9]]`, `[["r",1,null],["r",2,null],["r",3,null]]`))

	m = txn.NewMachine()
	assert.Equal(t, []string{
		`{"type":"txn_ok","txn":[["w",1,8]]}`,
		`{"type":"txn_ok","txn":[["r",1,8],["w",1,6],["w",2,9]]}`,
		`{"type":"txn_ok","txn":[["r",1,6],["r",2,9],["r",3,null]]}`,
	}, apply(m, `[["w",1,8]]`, `[["r",1,null],["w",1,6],["w",2,9]]`, `[["r",1,null],["r",2,null],["r",3,null]]`))
}

func TestMachineTransactionsSeeTheirOwnWritesInOrder(t *testing.T) {
	m := txn.NewMachine()
	assert.Equal(t, []string{
		`{"type":"txn_ok","txn":[["r",1,null],["w",1,1],["r",1,1],["w",1,2],["r",1,2]]}`,
		`{"type":"txn_ok","txn":[["r",5,null],["append",5,1],["r",5,[1]],["append",5,2],["r",5,[1,2]]]}`,
	}, apply(m, `[["r",1,null],["w",1,1],["r",1,null],["w",1,2],["r",1,null]]`,
		`[["r",5,null],["append",5,1],["r",5,null],["append",5,2],["r",5,null]]`))
}

func TestMachineKeysAreJSONValuesWhateverTheirSpacing(t *testing.T) {
	m := txn.NewMachine()
	assert.Equal(t, []string{
		`{"type":"txn_ok","txn":[["w",{"a":[1,2]},"x"]]}`,
		`{"type":"txn_ok","txn":[["r",{"a":[1,2]},"x"]]}`,
	}, apply(m, `[["w", {"a": [1, 2]}, "x"]]`, `[[ "r" , {"a":[1,2]} , null ]]`))
}

// A transaction applies whole or not at all: one that would append to a
// register aborts before changing anything.
func TestMachineRefusesToMixListsAndRegisters(t *testing.T) {
	m := txn.NewMachine()
	apply(m, `[["w",1,5]]`)
	got := apply(m, `[["append",2,1],["append",1,6]]`, `[["r",1,null],["r",2,null]]`)
	assert.JSONEq(t, `{"type":"error","code":14,"text":"micro-op 2: key 1 holds a register; only writes may change it"}`, got[0])
	assert.Equal(t, `{"type":"txn_ok","txn":[["r",1,5],["r",2,null]]}`, got[1], "nothing of the aborted transaction stayed")

	got = apply(m, `[["append",3,1],["w",3,2]]`)
	assert.Contains(t, got[0], `"code":14`, "not within one transaction either")
}

func TestMachineAnswersMalformedTransactionsWithCode12(t *testing.T) {
	for cmd, want := range map[string]string{
		`{"r":1}`:                 "is not a list of [f, k, v] micro-ops",
		`[["r",1]]`:               "micro-op 1 of",
		`[["w",1,2],[3,1,2]]`:     "micro-op 2 of",
		`[["cas",1,2]]`:           `micro-op 1: unknown function "cas"`,
		`[["w",1,1],["r",1,[5]]]`: "micro-op 2 reads with value [5]; reads are sent with null",
		`[["w",1,1],["r",1,null]`: "is not a list",
		`[["append",1,2,3]]`:      "micro-op 1 of",
	} {
		_, err := txn.ParseTxn([]byte(cmd))
		require.Error(t, err, cmd)
		assert.Equal(t, node.MalformedRequest, node.ErrorCode(err), cmd)
		assert.Contains(t, err.Error(), want, cmd)

		if !json.Valid([]byte(cmd)) {
			continue
		}
		res := apply(txn.NewMachine(), cmd)[0]
		assert.Contains(t, res, `"code":12`, cmd)
		assert.Contains(t, res, `"type":"error"`, cmd)
	}
	assert.Contains(t, string(txn.NewMachine().Apply([]byte(`[["r",1,null]]`))), `"code":12`, "a command is an object")
}

// Each client's request runs once, however often it arrives: the
// duplicate, and anything older than the last request applied, get no
// answer.
func TestMachineRunsEachRequestOnce(t *testing.T) {
	m := txn.NewMachine()
	run := func(client string, seq int, txn string) string {
		return string(m.Apply([]byte(fmt.Sprintf(`{"client":%q,"seq":%d,"txn":%s}`, client, seq, txn))))
	}
	assert.Equal(t, `{"type":"txn_ok","txn":[["append",1,1]]}`, run("c1", 5, `[["append",1,1]]`))
	assert.Equal(t, "", run("c1", 5, `[["append",1,1]]`), "a duplicate")
	assert.Equal(t, `{"type":"txn_ok","txn":[["append",1,2]]}`, run("c2", 5, `[["append",1,2]]`), "another client's")
	assert.Equal(t, `{"type":"txn_ok","txn":[["append",1,3]]}`, run("c1", 7, `[["append",1,3]]`))
	assert.Equal(t, "", run("c1", 6, `[["append",1,9]]`), "older than the last")
	assert.Equal(t, `{"type":"txn_ok","txn":[["r",1,[1,2,3]]]}`, run("c1", 8, `[["r",1,null]]`))

	// The sessions are part of the state.
	restored := txn.NewMachine()
	require.NoError(t, restored.Restore(m.Snapshot()))
	assert.Empty(t, restored.Apply([]byte(`{"client":"c2","seq":5,"txn":[["append",1,2]]}`)))
	assert.NotEmpty(t, restored.Apply([]byte(`{"client":"c2","seq":6,"txn":[["append",1,4]]}`)))
}

func TestMachineSnapshotRestoresTheSameState(t *testing.T) {
	cmds := []string{`[["w",1,5],["append",2,1]]`, `[["append",2,"x"],["w",{"k":1},null],["w",3,[1,2]]]`, `[["append",4,{"n":1}]]`}
	read := `[["r",1,null],["r",2,null],["r",{"k":1},null],["r",3,null],["r",4,null],["r",5,null]]`
	m := txn.NewMachine()
	apply(m, cmds...)
	snap := m.Snapshot()

	restored := txn.NewMachine()
	apply(restored, `[["w",9,9]]`) // replaced, not merged
	require.NoError(t, restored.Restore(snap))
	assert.Equal(t, apply(m, read), apply(restored, read))
	assert.Equal(t, []string{`{"type":"txn_ok","txn":[["r",9,null]]}`}, apply(restored, `[["r",9,null]]`))
	assert.Equal(t, string(snap), string(restored.Snapshot()), "equal states, equal snapshots")

	// The same commands in another machine give the same bytes: key
	// order never depends on map iteration.
	again := txn.NewMachine()
	apply(again, cmds...)
	assert.Equal(t, string(snap), string(again.Snapshot()))

	// A list stays a list and a register a register, even one holding a
	// list or null.
	assert.Contains(t, apply(restored, `[["append",3,1]]`)[0], `"code":14`)
	assert.Contains(t, apply(restored, `[["append",{"k":1},1]]`)[0], `"code":14`)
	assert.Equal(t, []string{`{"type":"txn_ok","txn":[["append",2,7]]}`}, apply(restored, `[["append",2,7]]`))

	assert.Error(t, restored.Restore([]byte(`["not","a snapshot"]`)))
}
