package checker

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

// generates returns a history of ok generates handing out ids, one process
// each.
func generates(ids ...string) history.History {
	var h history.History
	for i, id := range ids {
		h = append(h, inv(i, "generate", `null`), ok(i, "generate", id))
	}
	return hist(h...)
}

func TestUniqueIDsValid(t *testing.T) {
	h := append(generates(`3`, `1`, `20`, `-4`),
		inv(9, "generate", `null`), info(9, "generate", "net-timeout"),
		inv(10, "generate", `null`), fail(10, "generate", "temporarily-unavailable"),
		inv(11, "generate", `null`))
	r := UniqueIDs(hist(h...))
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 7, r.AttemptedCount)
	require.Equal(t, 4, r.AcknowledgedCount)
	require.Zero(t, r.DuplicatedCount)
	require.Empty(t, r.Duplicated)
	require.Equal(t, []json.RawMessage{raw(`-4`), raw(`20`)}, r.Range)
	require.Equal(t,
		`{"valid?":true,"attempted-count":7,"acknowledged-count":4,"duplicated-count":0,"duplicated":{},"range":[-4,20]}`,
		marshal(t, r))
}

func TestUniqueIDsDuplicateIsInvalid(t *testing.T) {
	r := UniqueIDs(generates(`"n1-1"`, `"n2-1"`, `"n1-1"`, `"n0-7"`, `"n1-1"`, `"n2-1"`))
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 6, r.AcknowledgedCount)
	require.Equal(t, 2, r.DuplicatedCount)
	require.Equal(t, map[string]int{`"n1-1"`: 3, `"n2-1"`: 2}, r.Duplicated)
	require.Equal(t, []json.RawMessage{raw(`"n0-7"`), raw(`"n2-1"`)}, r.Range)
	require.Equal(t,
		`{"valid?":false,"attempted-count":6,"acknowledged-count":6,"duplicated-count":2,`+
			`"duplicated":{"\"n1-1\"":3,"\"n2-1\"":2},"range":["n0-7","n2-1"]}`,
		marshal(t, r))
}

func TestUniqueIDsComparesDecodedValues(t *testing.T) {
	r := UniqueIDs(generates(`{"node":"n1","seq":1}`, `{ "seq": 1, "node": "n1" }`, `[1, 2]`, `[1,2]`))
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, map[string]int{`{"node":"n1","seq":1}`: 2, `[1,2]`: 2}, r.Duplicated)
	require.Nil(t, r.Range, "no range over ids that do not compare")
	require.NotContains(t, marshal(t, r), `"range"`)

	// 1 and 1.0 are different ids, as in Clojure.
	r = UniqueIDs(generates(`1`, `1.0`, `1.5`))
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, []json.RawMessage{raw(`1`), raw(`1.5`)}, r.Range)
}

func TestUniqueIDsMixedIDsHaveNoRange(t *testing.T) {
	r := UniqueIDs(generates(`1`, `"2"`))
	require.Equal(t, Valid, r.Verdict())
	require.Nil(t, r.Range)
}

func TestUniqueIDsBigNumbersOrderExactly(t *testing.T) {
	// Beyond a double's 53 bits: these round to the same float64.
	r := UniqueIDs(generates(`9007199254740993`, `9007199254740992`, `9007199254740994`))
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, []json.RawMessage{raw(`9007199254740992`), raw(`9007199254740994`)}, r.Range)
}

func TestUniqueIDsOnlyCountsGenerate(t *testing.T) {
	h := append(generates(`1`), inv(5, "other", `null`), ok(5, "other", `1`))
	r := UniqueIDs(hist(h...))
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 1, r.AttemptedCount)
	require.Equal(t, 1, r.AcknowledgedCount)
}

func TestUniqueIDsListsTheMostFrequentDuplicates(t *testing.T) {
	// 60 duplicated ids: id i handed out 2 times, ids 50… 3 times.
	var ids []string
	for i := range 60 {
		n := 2
		if i >= 50 {
			n = 3
		}
		for range n {
			ids = append(ids, fmt.Sprint(i))
		}
	}
	r := UniqueIDs(generates(ids...))
	require.Equal(t, 60, r.DuplicatedCount)
	require.Len(t, r.Duplicated, MaxListedDuplicates)
	for i := 50; i < 60; i++ {
		require.Equal(t, 3, r.Duplicated[fmt.Sprint(i)], i)
	}
	// Ties are broken by text: "0", "1", "10", … come before "9".
	require.Contains(t, r.Duplicated, "0")
	require.NotContains(t, r.Duplicated, "9")

	// The same history gives the same bytes.
	require.Equal(t, marshal(t, r), marshal(t, UniqueIDs(generates(ids...))))
}
