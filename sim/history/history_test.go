package history

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	for _, op := range []Op{
		{Index: 3, Time: 1500 * time.Millisecond, Type: Invoke, Process: 2, F: "echo", Value: json.RawMessage(`"Please echo 5"`), Client: "c7", Node: "n1"},
		{Index: 4, Type: Info, Process: 12, F: "read", Value: json.RawMessage(`[1,2,3]`), Error: []string{"net-timeout"}, Final: true},
		{Index: 5, Type: Fail, F: "txn", Error: []string{"txn-conflict", "a \"quoted\" reason"}},
	} {
		want, err := json.Marshal(op)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(op.AppendJSON(nil)))
	}
}

func TestPairs(t *testing.T) {
	h := History{
		{Type: Invoke, Process: 0, F: "read"},
		{Type: Invoke, Process: 1, F: "add"},
		{Type: OK, Process: 0, F: "read"},
		{Type: Invoke, Process: 0, F: "read"},
	}
	pairs := h.Pairs()
	require.Len(t, pairs, 3)
	assert.Equal(t, OK, pairs[0].Outcome())
	assert.Equal(t, Info, pairs[1].Outcome(), "never completed: info")
	assert.Same(t, &h[2], pairs[0].Completion)
}
