package txn

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

// builder writes histories by hand: each call appends one op, a
// millisecond after the last.
type builder struct{ ops history.History }

func (b *builder) op(t history.Type, p int, value string) *builder {
	var v json.RawMessage
	if value != "" {
		v = json.RawMessage(value)
	}
	b.ops = append(b.ops, history.Op{
		Index: len(b.ops), Time: time.Duration(len(b.ops)) * time.Millisecond,
		Type: t, Process: p, F: "txn", Value: v,
	})
	return b
}

// invoke starts a transaction on process p; reads in it should be null.
func (b *builder) invoke(p int, value string) *builder { return b.op(history.Invoke, p, value) }

// ok completes process p's transaction with the values read.
func (b *builder) ok(p int, value string) *builder { return b.op(history.OK, p, value) }

func (b *builder) fail(p int) *builder { return b.op(history.Fail, p, "") }
func (b *builder) info(p int) *builder { return b.op(history.Info, p, "") }

// txn runs a whole transaction on process p, invoked and completed at
// once: value is the completion; the invocation has its reads nulled.
func (b *builder) txn(p int, value string) *builder {
	return b.invoke(p, nullReads(value)).ok(p, value)
}

// nullReads replaces the values of ["r", k, v] micro-ops by null.
func nullReads(value string) string {
	var mops [][]json.RawMessage
	if err := json.Unmarshal([]byte(value), &mops); err != nil {
		panic(err)
	}
	for _, m := range mops {
		if string(m[0]) == `"r"` {
			m[2] = json.RawMessage("null")
		}
	}
	out, err := json.Marshal(mops)
	if err != nil {
		panic(err)
	}
	return string(out)
}

func (b *builder) history() history.History { return b.ops }

// concurrent builds a history in which all the transactions overlap:
// every invocation, then every completion, so realtime order adds
// nothing. Each transaction runs on its own process, numbered from 0.
func concurrent(values ...string) history.History {
	b := &builder{}
	for p, v := range values {
		b.invoke(p, nullReads(v))
	}
	for p, v := range values {
		b.ok(p, v)
	}
	return b.history()
}

// serial builds a history of the transactions one after another, each on
// its own process.
func serial(values ...string) history.History {
	b := &builder{}
	for p, v := range values {
		b.txn(p, v)
	}
	return b.history()
}

// serializable checks without realtime edges.
var serializable = Options{ConsistencyModels: []string{"serializable"}}

// requireAnomaly asserts the result has the anomaly type, and that its
// first explained instance mentions each of the words given.
func requireAnomaly(t *testing.T, r Result, typ string, words ...string) Anomaly {
	t.Helper()
	require.Contains(t, r.AnomalyTypes, typ, "anomaly types %v", r.AnomalyTypes)
	list := r.Anomalies[typ]
	require.NotEmpty(t, list, typ)
	a := list[0]
	assert.Equal(t, typ, a.Type)
	for _, w := range words {
		assert.Contains(t, a.Explanation, w, "explanation of %s", typ)
	}
	return a
}

// indices returns the history indices of an anomaly's transactions.
func indices(a Anomaly) []int {
	var out []int
	for _, t := range a.Txns {
		out = append(out, t.Index)
	}
	return out
}

// marshal returns v's JSON text.
func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// stepKinds returns a cycle's step kinds joined, e.g. "ww ww".
func stepKinds(a Anomaly) string {
	var ks []string
	for _, s := range a.Steps {
		ks = append(ks, s.Kind)
	}
	return strings.Join(ks, " ")
}
