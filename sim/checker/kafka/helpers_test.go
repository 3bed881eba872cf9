package kafka_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/kafka"
	"github.com/eddy-sim/eddy/sim/history"
)

// builder writes histories: each call adds an invocation and its
// completion, a millisecond apart, unless the op is left open.
type builder struct{ h history.History }

func (b *builder) op(p int, f string, typ history.Type, inv, comp string) *builder {
	b.invoke(p, f, inv)
	return b.complete(p, f, typ, comp)
}

func (b *builder) invoke(p int, f, value string) *builder {
	b.h = append(b.h, history.Op{Index: len(b.h), Time: time.Duration(len(b.h)) * time.Millisecond,
		Type: history.Invoke, Process: p, F: f, Value: json.RawMessage(value)})
	return b
}

func (b *builder) complete(p int, f string, typ history.Type, value string) *builder {
	b.h = append(b.h, history.Op{Index: len(b.h), Time: time.Duration(len(b.h)) * time.Millisecond,
		Type: typ, Process: p, F: f, Value: json.RawMessage(value)})
	return b
}

// send: process p sends v to k and is told offset off.
func (b *builder) send(p int, k string, v, off int) *builder {
	return b.op(p, "send", history.OK, sendValue(k, v), fmt.Sprintf(`[["send",%q,[%d,%d]]]`, k, off, v))
}

// sendAs: a send that completed with typ (fail, info): its value stays
// the invocation's.
func (b *builder) sendAs(typ history.Type, p int, k string, v int) *builder {
	return b.op(p, "send", typ, sendValue(k, v), sendValue(k, v))
}

// poll: process p polls and gets msgs, as in {"k": [[offset, v], …]}.
func (b *builder) poll(p int, msgs string) *builder {
	return b.op(p, "poll", history.OK, `[["poll"]]`, `[["poll",`+msgs+`]]`)
}

func (b *builder) assign(p int, keys ...string) *builder {
	v := `["` + strings.Join(keys, `","`) + `"]`
	return b.op(p, "assign", history.OK, v, v)
}

func sendValue(k string, v int) string { return fmt.Sprintf(`[["send",%q,%d]]`, k, v) }

// check checks the history, and its JSON report marshals.
func (b *builder) check(t *testing.T) kafka.Result {
	t.Helper()
	r := kafka.Check(b.h)
	_, err := json.Marshal(r)
	require.NoError(t, err)
	return r
}

// errorTypes are the types found.
func errorTypes(r kafka.Result) []string { return r.ErrorTypes }

// only asserts the result has exactly these error types and is invalid
// unless they are all allowed.
func only(t *testing.T, r kafka.Result, valid checker.Validity, types ...string) {
	t.Helper()
	if types == nil {
		types = []string{}
	}
	assert.Equal(t, types, nonNil(errorTypes(r)))
	assert.Equal(t, valid, r.Valid)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
