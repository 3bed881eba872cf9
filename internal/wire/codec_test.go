package wire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The codec must agree with encoding/json byte for byte, or traces would
// depend on which one encoded a body.
func TestCodecMatchesEncodingJSON(t *testing.T) {
	type body struct {
		Type     string          `json:"type"`
		MsgID    int64           `json:"msg_id,omitempty"`
		Messages []int           `json:"messages"`
		Raw      json.RawMessage `json:"raw,omitempty"`
		Skip     string          `json:"-"`
		Zero     int             `json:"zero,omitzero"`
	}
	values := []any{
		body{Type: "read_ok", Messages: []int{1, 2, 3}, Raw: json.RawMessage(`{"b":1,"a":2}`)},
		body{Type: "x", MsgID: 7},
		map[string]any{"z": 1, "a": []any{"<&>", "\u2028", 1.5, nil, true}, "m": map[string]any{"y": 1, "b": 2}},
		"héllo \"quoted\" \x01", 1e21, 0.1, -0.0, []string{}, map[string]int{},
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
	var a, b map[string]any
	in := []byte(`{"type":"echo","echo":"Please echo 5","msg_id":1,"nested":{"k":[1,2.5,"s",null]}}`)
	require.NoError(t, json.Unmarshal(in, &a))
	require.NoError(t, Unmarshal(in, &b))
	assert.Equal(t, a, b)
}
