package kafka_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/kafka"
	"github.com/eddy-sim/eddy/sim/history"
)

// Known-good: sparse offsets are fine (holes do not count), a fresh
// process may start anywhere, polls may return nothing, an indefinite send
// may or may not show up.
func TestGoodHistoryIsValid(t *testing.T) {
	b := (&builder{}).
		send(0, "a", 1, 0).send(1, "a", 2, 1).
		send(0, "b", 1, 5).send(0, "b", 2, 9).
		sendAs(history.Info, 3, "b", 3).
		assign(2, "a", "b").
		poll(2, `{"a":[[0,1]],"b":[[5,1],[9,2]]}`).
		poll(2, `{"a":[[1,2]],"b":[]}`).
		poll(2, `{}`).
		poll(4, `{"a":[[1,2]]}`)
	r := b.check(t)
	only(t, r, checker.Valid)
	assert.Equal(t, 0, r.Malformed)
	assert.Nil(t, r.Unseen)
}

func TestErrorTypes(t *testing.T) {
	for _, c := range []struct {
		name    string
		history *builder
		valid   checker.Validity
		types   []string
		want    string // a fragment of the first error's JSON
	}{
		{"lost-write: offset 1 was never polled, yet offset 2 was",
			(&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).send(0, "a", 3, 2).
				poll(1, `{"a":[[0,1]]}`).poll(2, `{"a":[[2,3]]}`),
			checker.Invalid, []string{"lost-write", "unseen"}, `"key":"a","value":2,"index":1,"max-read-index":2`},
		{"poll-skip: a process's next poll starts past what it read",
			(&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).send(0, "a", 3, 2).
				poll(1, `{"a":[[0,1]]}`).poll(1, `{"a":[[2,3]]}`).poll(2, `{"a":[[1,2]]}`),
			checker.Invalid, []string{"poll-skip"}, `"key":"a","delta":2,"skipped":[2]`},
		{"nonmonotonic-poll: a process's next poll starts where it was",
			(&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).
				poll(1, `{"a":[[0,1],[1,2]]}`).poll(1, `{"a":[[1,2]]}`),
			checker.Invalid, []string{"nonmonotonic-poll"}, `"key":"a","values":[2,2],"delta":0`},
		{"int-poll-skip: one poll skips a message",
			(&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).send(0, "a", 3, 2).
				poll(1, `{"a":[[0,1],[2,3]]}`).poll(2, `{"a":[[1,2]]}`),
			checker.Invalid, []string{"int-poll-skip"}, `"key":"a","values":[1,3],"delta":2,"skipped":[2]`},
		{"int-nonmonotonic-poll: one poll goes backwards",
			(&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).poll(1, `{"a":[[1,2],[0,1]]}`),
			checker.Invalid, []string{"int-nonmonotonic-poll"}, `"key":"a","values":[2,1],"delta":-1`},
		{"nonmonotonic-send: a process's second send lands before its first",
			(&builder{}).send(0, "a", 1, 1).send(0, "a", 2, 0).poll(1, `{"a":[[0,2],[1,1]]}`),
			checker.Invalid, []string{"nonmonotonic-send"}, `"key":"a","values":[1,2],"delta":-1`},
		{"int-nonmonotonic-send: one operation's sends land backwards",
			(&builder{}).op(0, "send", history.OK, `[["send","a",1],["send","a",2]]`, `[["send","a",[1,1]],["send","a",[0,2]]]`).
				poll(1, `{"a":[[0,2],[1,1]]}`),
			checker.Invalid, []string{"int-nonmonotonic-send"}, `"key":"a","values":[1,2],"delta":-1`},
		{"int-send-skip is allowed: another client's send came between",
			(&builder{}).op(0, "send", history.OK, `[["send","a",1],["send","a",3]]`, `[["send","a",[0,1]],["send","a",[2,3]]]`).
				send(1, "a", 2, 1).poll(2, `{"a":[[0,1],[1,2],[2,3]]}`),
			checker.Valid, []string{"int-send-skip"}, `"key":"a","values":[1,3],"delta":2,"skipped":[2]`},
		{"inconsistent-offsets: two messages at one offset",
			(&builder{}).send(0, "a", 1, 0).send(1, "a", 2, 0).poll(2, `{"a":[[0,1]]}`).poll(3, `{"a":[[0,2]]}`),
			checker.Invalid, []string{"inconsistent-offsets"}, `"key":"a","values":[1,2],"offset":0,"index":0`},
		{"duplicate: one message at two offsets",
			(&builder{}).send(0, "a", 1, 0).poll(1, `{"a":[[0,1]]}`).poll(2, `{"a":[[1,1]]}`),
			checker.Invalid, []string{"duplicate"}, `"key":"a","value":1,"offsets":[0,1],"count":2`},
		{"G1a: a failed send's message was polled",
			(&builder{}).sendAs(history.Fail, 0, "a", 1).poll(1, `{"a":[[0,1]]}`),
			checker.Invalid, []string{"G1a"}, `"key":"a","value":1,"writer":{"index":1`},
		{"G1c-realtime: a poll returned a message sent only after it",
			(&builder{}).poll(1, `{"a":[[0,1]]}`).send(0, "a", 1, 0),
			checker.Invalid, []string{"G1c-realtime"}, `"key":"a","value":1,"writer":{"index":3`},
		{"garbage-read: a poll returned a message nobody sent",
			(&builder{}).send(0, "a", 1, 0).poll(1, `{"a":[[0,1],[1,42]]}`),
			checker.Invalid, []string{"garbage-read"}, `"key":"a","value":42,"reader":{"index":3`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.history.check(t)
			only(t, r, c.valid, c.types...)
			first := c.types[0]
			require.Contains(t, r.Errors, first)
			assert.Equal(t, 1, r.Errors[first].Count)
			assert.Contains(t, js(t, r.Errors[first].Errs[0]), c.want)
		})
	}
}

func TestUnseenListsAcknowledgedMessagesNeverPolled(t *testing.T) {
	r := (&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).send(0, "b", 7, 0).
		sendAs(history.Info, 0, "c", 1). // not acknowledged: not unseen
		poll(1, `{"a":[[0,1]]}`).check(t)
	only(t, r, checker.Invalid, "unseen")
	require.NotNil(t, r.Unseen)
	assert.JSONEq(t, `{"time":9000000,"unseen":{"a":1,"b":1},"messages":{"a":[2],"b":[7]}}`, js(t, r.Unseen))
}

// Assigning a set of keys without one forgets where the process was in
// it; keeping the key keeps it.
func TestAssignForgetsDroppedKeys(t *testing.T) {
	history := func(between func(b *builder)) *builder {
		b := (&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).send(0, "a", 3, 2).
			poll(2, `{"a":[[1,2]]}`).poll(1, `{"a":[[0,1]]}`)
		between(b)
		return b.poll(1, `{"a":[[2,3]]}`)
	}
	only(t, history(func(b *builder) { b.assign(1, "b").assign(1, "a") }).check(t), checker.Valid)
	only(t, history(func(b *builder) { b.assign(1, "a", "b") }).check(t), checker.Invalid, "poll-skip")
	only(t, history(func(*builder) {}).check(t), checker.Invalid, "poll-skip")
}

// Unlike Jepsen, a poll that returns an empty list for a key does not make
// the next poll of it unjudgeable.
func TestEmptyPollDoesNotHideASkip(t *testing.T) {
	r := (&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).send(0, "a", 3, 2).poll(2, `{"a":[[1,2]]}`).
		poll(1, `{"a":[[0,1]]}`).poll(1, `{"a":[]}`).poll(1, `{"a":[[2,3]]}`).check(t)
	only(t, r, checker.Invalid, "poll-skip")
}

// A failed or indefinite poll read nothing; its process's position stays.
func TestIndefinitePollsAreIgnored(t *testing.T) {
	r := (&builder{}).send(0, "a", 1, 0).send(0, "a", 2, 1).
		poll(1, `{"a":[[0,1]]}`).op(1, "poll", history.Fail, `[["poll"]]`, `[["poll"]]`).
		op(1, "poll", history.Info, `[["poll"]]`, `[["poll"]]`).poll(5, `{"a":[[1,2]]}`).check(t)
	only(t, r, checker.Valid)
}

// An indefinite send may or may not have happened: polled or not, it is
// neither lost nor unseen.
func TestIndefiniteSendsMayOrMayNotHaveHappened(t *testing.T) {
	r := (&builder{}).sendAs(history.Info, 0, "a", 1).sendAs(history.Info, 1, "a", 2).
		send(2, "a", 3, 2).poll(3, `{"a":[[1,1],[2,3]]}`).check(t)
	only(t, r, checker.Valid)
}

func TestWorstRealtimeLag(t *testing.T) {
	// Offset 0 of a exists from 1 ms; the first poll, at offset -1 of a,
	// is invoked at 4 ms: 3 ms behind.
	b := (&builder{}).send(0, "a", 1, 0).assign(1, "a")
	r := b.poll(1, `{}`).poll(1, `{"a":[[0,1]]}`).check(t)
	only(t, r, checker.Valid)
	assert.JSONEq(t, `{"time":0.004,"process":1,"key":"a","lag":0.003}`, js(t, r.WorstRealtimeLag))

	// Offset 2 was known (1 ms) before offset 1 (3 ms): a poll at offset 0,
	// invoked at 8 ms, is 7 ms behind.
	b = (&builder{}).send(0, "a", 3, 2).send(1, "a", 2, 1).send(2, "a", 1, 0).assign(3, "a")
	r = b.poll(3, `{"a":[[0,1]]}`).poll(3, `{"a":[[1,2],[2,3]]}`).check(t)
	only(t, r, checker.Valid)
	assert.JSONEq(t, `{"time":0.008,"process":3,"key":"a","lag":0.007}`, js(t, r.WorstRealtimeLag))

	r = (&builder{}).send(0, "a", 1, 0).check(t)
	assert.JSONEq(t, `{"time":0,"lag":0}`, js(t, r.WorstRealtimeLag), "no polls, no lag")
}

func TestReportKeysAreJepsens(t *testing.T) {
	b := (&builder{}).sendAs(history.Info, 0, "a", 9)
	b.h[len(b.h)-1].Error = []string{"net-timeout"}
	b.send(1, "a", 1, 0).send(1, "a", 2, 0)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(js(t, b.check(t))), &m))
	assert.JSONEq(t, `false`, string(m["valid?"]))
	assert.JSONEq(t, `["inconsistent-offsets","unseen"]`, string(m["error-types"]))
	assert.JSONEq(t, `["inconsistent-offsets","unseen"]`, string(m["bad-error-types"]))
	assert.JSONEq(t, `[["net-timeout"]]`, string(m["info-txn-causes"]))
	assert.JSONEq(t, `{"count":1,"errs":[{"key":"a","values":[1,2],"offset":0,"index":0}]}`, string(m["inconsistent-offsets"]))
	assert.Contains(t, m, "worst-realtime-lag")
	assert.Contains(t, m, "unseen")

	m = nil
	require.NoError(t, json.Unmarshal([]byte(js(t, (&builder{}).check(t))), &m))
	assert.JSONEq(t, `{"valid?":true,"error-types":[],"bad-error-types":[],"info-txn-causes":[],"worst-realtime-lag":{"time":0,"lag":0}}`,
		js(t, m), "an empty history")
}

func TestReportsAreTrimmed(t *testing.T) {
	b := &builder{}
	for i := range 100 {
		b.send(0, "a", 2*i, i).send(1, "a", 2*i+1, i)
	}
	r := b.check(t)
	assert.Equal(t, 100, r.Errors["inconsistent-offsets"].Count)
	assert.Len(t, r.Errors["inconsistent-offsets"].Errs, kafka.MaxErrs)
	assert.Len(t, r.Unseen.Messages["a"], kafka.MaxErrs)
	assert.Equal(t, 200, r.Unseen.Unseen["a"])
}

func TestUnreadableOperationsMakeTheVerdictUnknown(t *testing.T) {
	r := (&builder{}).send(0, "a", 1, 0).poll(1, `{"a":[[0,1]]}`).poll(1, `{"a":[["zero",1]]}`).check(t)
	assert.Equal(t, checker.Unknown, r.Valid)
	assert.Equal(t, 1, r.Malformed)
	assert.Contains(t, r.Error, `offset "zero" is not an integer`)
}

// Maelstrom issue #51: offsets in the trillions, and far apart, cost
// nothing more than small ones.
func TestHugeSparseOffsets(t *testing.T) {
	b := &builder{}
	const base = 1 << 50
	for i := range 1000 {
		b.send(0, "a", i, base+i*1_000_000_007)
	}
	b.poll(1, fmt.Sprintf(`{"a":[[%d,0],[%d,1]]}`, base, base+1_000_000_007))
	b.poll(1, fmt.Sprintf(`{"a":[[%d,3]]}`, base+3*1_000_000_007))
	r := b.check(t)
	assert.Equal(t, []string{"lost-write", "poll-skip", "unseen"}, r.ErrorTypes)
	assert.Equal(t, 1, r.Errors["lost-write"].Count, "message 2")
	assert.Equal(t, 997, r.Unseen.Unseen["a"])
}
