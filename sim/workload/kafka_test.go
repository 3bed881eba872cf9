package workload_test

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/workload"
)

// kafka returns a fresh kafka workload, as its Clients.
func kafka(t *testing.T) workload.Clients {
	t.Helper()
	c, ok := build(t, "kafka").(workload.Clients)
	require.True(t, ok, "kafka's clients keep state")
	return c
}

func inv(f, value string) workload.Invocation {
	return workload.Invocation{F: f, Value: json.RawMessage(value)}
}

// exchange feeds a reply to a client and returns its next step.
func exchange(t *testing.T, c workload.Client, op workload.Invocation, body string) workload.Step {
	t.Helper()
	step, err := c.Next(op, reply(t, body))
	require.NoError(t, err, body)
	return step
}

// Spec §1.6, §2.10: assign is idempotent; clients are replaced after an
// info; the final phase is cut off after 10 s; a client crashes every
// 30 s / concurrency on average.
func TestKafkaClientBehaviourFollowsMaelstrom(t *testing.T) {
	spec, err := workload.Lookup("kafka")
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"assign": true}, spec.Idempotent)
	assert.False(t, spec.Reusable)
	assert.True(t, spec.HasFinal)
	assert.Equal(t, 10*time.Second, spec.FinalLimit)
	assert.Equal(t, 7500*time.Millisecond, spec.CrashInterval(workload.Options{Concurrency: 4}))
	assert.Equal(t, 5*time.Second, spec.ClientTimeout(workload.Options{}))
	assert.Error(t, spec.Validate(workload.Options{KeyCount: -1}))
}

// An assign asks for committed offsets; a poll reads every assigned key
// from its offset, moves the offsets past what came back and commits the
// highest offsets it read; the next poll starts from there.
func TestKafkaAssignPollCommit(t *testing.T) {
	c := kafka(t).NewClient(0)
	assign := inv("assign", `["1","2","3"]`)
	step, err := c.Start(assign)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"list_committed_offsets","keys":["1","2","3"]}`, string(step.Request))
	step = exchange(t, c, assign, `{"type":"list_committed_offsets_ok","offsets":{"1":3,"9":7},"in_reply_to":1}`)
	assert.True(t, step.Done)
	assert.Equal(t, `["1","2","3"]`, string(step.Value))

	poll := inv("poll", `[["poll"]]`)
	step, err = c.Start(poll)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"poll","offsets":{"1":3,"2":0,"3":0}}`, string(step.Request), "committed offset, else 0")
	msgs := `{"1":[[3,9],[5,10]],"2":[],"3":null}`
	step = exchange(t, c, poll, `{"type":"poll_ok","msgs":`+msgs+`,"in_reply_to":2}`)
	assert.False(t, step.Done)
	assert.JSONEq(t, `{"type":"commit_offsets","offsets":{"1":5}}`, string(step.Request))
	step = exchange(t, c, poll, `{"type":"commit_offsets_ok","in_reply_to":3}`)
	assert.True(t, step.Done)
	assert.JSONEq(t, `[["poll",`+msgs+`]]`, string(step.Value), "the messages as the node sent them")

	step, err = c.Start(poll)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"poll","offsets":{"1":6,"2":0,"3":0}}`, string(step.Request))
	step = exchange(t, c, poll, `{"type":"poll_ok","msgs":{},"in_reply_to":4}`)
	assert.True(t, step.Done, "nothing polled, nothing to commit")
	assert.JSONEq(t, `[["poll",{}]]`, string(step.Value))

	// A reassignment keeps where the client was on the keys it keeps.
	assign = inv("assign", `["1","4"]`)
	_, err = c.Start(assign)
	require.NoError(t, err)
	exchange(t, c, assign, `{"type":"list_committed_offsets_ok","offsets":{"1":0,"4":2},"in_reply_to":5}`)
	step, err = c.Start(poll)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"poll","offsets":{"1":6,"4":2}}`, string(step.Request))

	// A fresh client knows nothing.
	step, err = kafka(t).NewClient(0).Start(poll)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"poll","offsets":{}}`, string(step.Request))
}

// A poll whose commit fails has still moved the client on, as in
// Maelstrom: the harness ends the operation, and the next poll starts
// after what the failed one read.
func TestKafkaPollMovesOnEvenIfItsCommitFails(t *testing.T) {
	c := kafka(t).NewClient(0)
	poll := inv("poll", `[["poll"]]`)
	_, err := c.Start(poll)
	require.NoError(t, err)
	step := exchange(t, c, poll, `{"type":"poll_ok","msgs":{"1":[[0,1]]},"in_reply_to":1}`)
	require.False(t, step.Done) // the commit_offsets now gets an error reply, which the harness handles
	step, err = c.Start(poll)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"poll","offsets":{"1":1}}`, string(step.Request))
	step = exchange(t, c, poll, `{"type":"poll_ok","msgs":{},"in_reply_to":3}`)
	assert.True(t, step.Done, "the reply is read as a poll's, not a commit's")
}

func TestKafkaSendRecordsItsOffset(t *testing.T) {
	c := kafka(t).NewClient(0)
	send := inv("send", `[["send","7",3]]`)
	step, err := c.Start(send)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"send","key":"7","msg":3}`, string(step.Request))
	step = exchange(t, c, send, `{"type":"send_ok","offset":1000,"in_reply_to":1}`)
	assert.True(t, step.Done)
	assert.Equal(t, `[["send","7",[1000,3]]]`, string(step.Value))
}

func TestKafkaRejectsRepliesOutsideTheSchema(t *testing.T) {
	poll, send, assign := inv("poll", `[["poll"]]`), inv("send", `[["send","7",3]]`), inv("assign", `["1"]`)
	for _, c := range []struct {
		op         workload.Invocation
		body, want string
	}{
		{send, `{"type":"send_ok","offset":"5","in_reply_to":1}`, `offset: "5" is not an integer`},
		{send, `{"type":"send_ok","offset":5.5,"in_reply_to":1}`, `offset: 5.5 is not an integer`},
		{send, `{"type":"send_ok","offset":5,"key":"7","in_reply_to":1}`, `unexpected key(s) key`},
		{poll, `{"type":"poll_ok","msgs":null,"in_reply_to":1}`, `poll_ok msgs`},
		{poll, `{"type":"poll_ok","msgs":{"1":[[0]]},"in_reply_to":1}`, `msgs of "1": 1 elements where an [offset, message] pair belongs`},
		{poll, `{"type":"poll_ok","msgs":{"1":[["a",1]]},"in_reply_to":1}`, `msgs of "1": offset "a" is not an integer`},
		{poll, `{"type":"poll_ok","msgs":{"1":5},"in_reply_to":1}`, `is not a list of [offset, message] pairs`},
		{poll, `{"type":"send_ok","offset":5,"in_reply_to":1}`, `want "poll_ok"`},
		{assign, `{"type":"list_committed_offsets_ok","offsets":{"1":"x"},"in_reply_to":1}`, `offset of "1": "x" is not an integer`},
		{assign, `{"type":"list_committed_offsets_ok","in_reply_to":1}`, `missing key "offsets"`},
	} {
		cl := kafka(t).NewClient(0)
		_, err := cl.Start(c.op)
		require.NoError(t, err)
		_, err = cl.Next(c.op, reply(t, c.body))
		if assert.Error(t, err, c.body) {
			assert.Contains(t, err.Error(), c.want, c.body)
		}
	}
}

// Jepsen's generator: Elle list-append with one micro-op, so sends and
// polls about half each, each key's messages 1, 2, 3, … up to 16, string
// keys; about one op in 64 an assign of the next op's key.
func TestKafkaGenerator(t *testing.T) {
	w := build(t, "kafka")
	r := rand.New(rand.NewPCG(1, 2))
	counts := map[string]int{}
	last := map[string]int{} // per key: the last message sent
	var assignKeys []string
	const n = 20_000
	for range n {
		op := w.Generate(r, 0)
		counts[op.F]++
		switch op.F {
		case "send":
			var mops [][]json.RawMessage
			require.NoError(t, json.Unmarshal(op.Value, &mops))
			require.Len(t, mops, 1)
			var key string
			var msg int
			require.NoError(t, json.Unmarshal(mops[0][1], &key))
			require.NoError(t, json.Unmarshal(mops[0][2], &msg))
			_, err := strconv.Atoi(key)
			require.NoError(t, err, "keys are integers, as strings")
			require.Equal(t, last[key]+1, msg, "key %s: messages count up", key)
			require.LessOrEqual(t, msg, 16)
			last[key] = msg
		case "poll":
			require.Equal(t, `[["poll"]]`, string(op.Value))
		case "assign":
			var keys []string
			require.NoError(t, json.Unmarshal(op.Value, &keys))
			require.NotEmpty(t, keys)
			assignKeys = append(assignKeys, keys[0])
		default:
			t.Fatalf("unexpected op %s", op.F)
		}
	}
	// A little under half are sends: a send that would be a key's 17th
	// retires the key and the op is drawn again, as in Elle.
	assert.InDelta(t, 0.485, float64(counts["send"])/float64(counts["send"]+counts["poll"]), 0.015)
	assert.InDelta(t, 1.0/64, float64(counts["assign"])/n, 0.005)
	assert.Greater(t, len(last), 500, "keys retire after 16 messages")
	assert.NotEmpty(t, assignKeys)
}

// The final phase of each thread: crash, assign every key seen (from
// offset 0, without asking the node), then poll every 0–0.4 s until its
// polls have reached the highest offset any op saw of each key.
func TestKafkaFinalPhase(t *testing.T) {
	w := kafka(t)
	main := w.NewClient(1)
	send := inv("send", `[["send","3",1]]`)
	_, err := main.Start(send)
	require.NoError(t, err)
	exchange(t, main, send, `{"type":"send_ok","offset":4,"in_reply_to":1}`)
	poll := inv("poll", `[["poll"]]`)
	_, err = main.Start(poll)
	require.NoError(t, err)
	exchange(t, main, poll, `{"type":"poll_ok","msgs":{"12":[[8,1]]},"in_reply_to":2}`)
	exchange(t, main, poll, `{"type":"commit_offsets_ok","in_reply_to":3}`)

	r := rand.New(rand.NewPCG(1, 2))
	op, wait, ok := w.NextFinal(r, 0)
	require.True(t, ok)
	assert.Equal(t, workload.CrashInvocation, op)
	assert.Zero(t, wait)
	op, _, ok = w.NextFinal(r, 0)
	require.True(t, ok)
	assert.Equal(t, inv("assign", `["3","12"]`), op, "every key seen, in order")

	c := w.NewClient(0) // the crash replaced the client
	step, err := c.Start(op)
	require.NoError(t, err)
	assert.True(t, step.Done, "no list_committed_offsets")
	for range 3 {
		op, wait, ok = w.NextFinal(r, 0)
		require.True(t, ok)
		assert.Equal(t, "poll", op.F)
		assert.Less(t, wait, 400*time.Millisecond)
	}
	step, err = c.Start(op)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"poll","offsets":{"3":0,"12":0}}`, string(step.Request))
	exchange(t, c, op, `{"type":"poll_ok","msgs":{"3":[[4,1]]},"in_reply_to":1}`)
	exchange(t, c, op, `{"type":"commit_offsets_ok","in_reply_to":2}`)
	_, _, ok = w.NextFinal(r, 0)
	assert.True(t, ok, "key 12 not read up to offset 8 yet")
	exchange(t, c, op, `{"type":"poll_ok","msgs":{"12":[[8,1]]},"in_reply_to":3}`)
	exchange(t, c, op, `{"type":"commit_offsets_ok","in_reply_to":4}`)
	_, _, ok = w.NextFinal(r, 0)
	assert.False(t, ok, "thread 0 is done")

	op, _, _ = w.NextFinal(r, 1)
	assert.Equal(t, workload.CrashInvocation, op, "other threads go on on their own")

	_, _, ok = kafka(t).NextFinal(r, 0)
	assert.False(t, ok, "nothing was ever seen: no final phase")
}
