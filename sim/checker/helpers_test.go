package checker

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

// Every checker's result is a Result.
var (
	_ Result = StatsResult{}
	_ Result = AvailabilityResult{}
	_ Result = NetResult{}
	_ Result = EchoResult{}
	_ Result = UniqueIDsResult{}
)

// hist builds a history from ops, numbering them.
func hist(ops ...history.Op) history.History {
	h := history.History(ops)
	for i := range h {
		h[i].Index = i
	}
	return h
}

func inv(p int, f, value string) history.Op {
	return history.Op{Type: history.Invoke, Process: p, F: f, Value: raw(value)}
}

func ok(p int, f, value string) history.Op {
	return history.Op{Type: history.OK, Process: p, F: f, Value: raw(value)}
}

func fail(p int, f string, err ...string) history.Op {
	return history.Op{Type: history.Fail, Process: p, F: f, Error: err}
}

func info(p int, f string, err ...string) history.Op {
	return history.Op{Type: history.Info, Process: p, F: f, Error: err}
}

func raw(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

// marshal returns v's JSON text.
func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// keys returns the keys of the JSON object v marshals to.
func keys(t *testing.T, v any) []string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(marshal(t, v)), &m))
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestCanonical(t *testing.T) {
	cases := []struct{ in, want string }{
		{` {"b": 2, "a" : [1, "x"]} `, `{"a":[1,"x"],"b":2}`},
		{`"\u0041<&>"`, `"A<&>"`},
		{`-0`, `0`},
		{`100`, `100`},
		{`100.0`, `100.0`},
		{`1e2`, `100.0`},
		{`1.5E-7`, `1.5e-07`},
		{`123456789012345678901234567890`, `123456789012345678901234567890`},
		{`null`, `null`},
	}
	for _, c := range cases {
		got, ok := canonical(json.RawMessage(c.in))
		require.True(t, ok, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{``, `{`, `1 2`, `nope`} {
		got, ok := canonical(json.RawMessage(bad))
		require.False(t, ok, bad)
		require.Equal(t, bad, got)
	}
}
