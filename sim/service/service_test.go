package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/service"
)

func TestNamesAreMaelstromsFourServices(t *testing.T) {
	assert.Equal(t, []string{"lin-kv", "lin-tso", "lww-kv", "seq-kv"}, service.Names())
	assert.Equal(t, []string{service.LinKV, service.LinTSO, service.LWWKV, service.SeqKV}, service.Names())
}

func TestUnknownServiceIsAnError(t *testing.T) {
	h := newHarness(t, 1)
	_, err := service.New(h.w, "lin-queue", 1, nil)
	require.ErrorContains(t, err, `unknown service "lin-queue"`)
	assert.ErrorContains(t, service.Register(h.w, []string{"lin-kv", "nope"}, 1, nil), `"nope"`)
}

func TestNewRegistersTheServiceUnderItsName(t *testing.T) {
	h := newHarness(t, 1)
	s, err := service.New(h.w, service.LinTSO, 7, nil) // replaces the harness's
	require.NoError(t, err)
	assert.Equal(t, "lin-tso", s.ID())
	assert.Equal(t, `{"type":"ts_ok","ts":0,"in_reply_to":1}`, h.caller("n1").call("lin-tso", `{"type":"ts"}`))
}

func TestReplyComesFromTheServiceAfterARoundTrip(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	n1.call("lin-kv", `{"type":"write","key":"x","value":1}`)
	require.Len(t, n1.inbox, 1)
	p := n1.inbox[0]
	assert.Equal(t, "lin-kv", p.Src)
	assert.Equal(t, "n1", p.Dest)
	assert.Equal(t, 2*latency, h.w.Now(), "service links have the network's latency both ways")
	assert.NotContains(t, string(p.Body), "msg_id", "a service never sets msg_id")
}

func TestInReplyToCopiesMsgIDWhateverItIs(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	assert.Equal(t, `{"type":"ts_ok","ts":0,"in_reply_to":42}`, n1.send("lin-tso", `{"type":"ts","msg_id":42}`))
	assert.Equal(t, `{"type":"ts_ok","ts":1,"in_reply_to":null}`, n1.send("lin-tso", `{"type":"ts"}`))
	assert.Equal(t, `{"type":"ts_ok","ts":2,"in_reply_to":null}`, n1.send("lin-tso", `{"type":"ts","msg_id":null}`))
	assert.Equal(t, `{"type":"ts_ok","ts":3,"in_reply_to":"abc"}`, n1.send("lin-tso", `{"type":"ts","msg_id":"abc"}`))
	assert.Equal(t, `{"type":"ts_ok","ts":4,"in_reply_to":7.0}`, n1.send("lin-tso", `{"type":"ts","msg_id":7.00}`))
}

func TestUnknownTypeGetsNoReplyButIsReported(t *testing.T) {
	for _, name := range service.Names() {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, 1)
			n2 := h.caller("n2")
			assert.Empty(t, n2.sendAll(name, `{"type":"frobnicate","msg_id":3}`))
			assert.Empty(t, n2.sendAll(name, `{"msg_id":4}`))
			assert.Empty(t, n2.sendAll(name, `{"type":7,"msg_id":5}`))
			assert.Empty(t, n2.sendAll(name, `{"type":"read_ok","in_reply_to":9}`), "a reply sent to a service is just another unknown type")
			require.Len(t, h.problems, 4)
			assert.Contains(t, h.problems[0], `n2: sent `+name+` a "frobnicate" request (msg_id 3), which it does not handle (only `)
			assert.Contains(t, h.problems[0], "without a reply")
			assert.Contains(t, h.problems[1], `n2: sent `+name+` a message with no string "type" (msg_id 4)`)
			assert.Contains(t, h.problems[2], `no string "type" (msg_id 5)`)
			assert.Contains(t, h.problems[3], `a "read_ok" request (msg_id null)`)
		})
	}
}

func TestBodyThatIsNotAnObjectGetsNoReplyButIsReported(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	assert.Empty(t, n1.sendAll("lin-kv", `[1,2]`))
	assert.Empty(t, n1.sendAll("lin-kv", `null`))
	require.Len(t, h.problems, 2)
	assert.Contains(t, h.problems[0], "n1: sent lin-kv a body it cannot read")
	assert.Contains(t, h.problems[1], "not a JSON object")
}

func TestMissingFieldIsTakenAsNullAndReported(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	assert.Equal(t, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":1}`,
		n1.call("lin-kv", `{"type":"read"}`))
	assert.Equal(t, `{"type":"write_ok","in_reply_to":2}`, n1.call("lin-kv", `{"type":"write","value":5}`))
	assert.Equal(t, `{"type":"read_ok","value":5,"in_reply_to":3}`, n1.call("lin-kv", `{"type":"read","key":null}`),
		"the write went to the key null")
	assert.Equal(t, `{"type":"cas_ok","in_reply_to":4}`, n1.call("lin-kv", `{"type":"cas","key":null,"from":5}`))
	assert.Equal(t, `{"type":"read_ok","value":null,"in_reply_to":5}`, n1.call("lin-kv", `{"type":"read","key":null}`))
	assert.Equal(t, []string{
		`n1: sent lin-kv a "read" request (msg_id 1) without "key"; Maelstrom takes a missing field as null, and so does Eddy`,
		`n1: sent lin-kv a "write" request (msg_id 2) without "key"; Maelstrom takes a missing field as null, and so does Eddy`,
		`n1: sent lin-kv a "cas" request (msg_id 4) without "to"; Maelstrom takes a missing field as null, and so does Eddy`,
	}, h.problems)
}

func TestNilOnProblemIsFine(t *testing.T) {
	h := newHarness(t, 1)
	_, err := service.New(h.w, service.LinKV, 1, nil)
	require.NoError(t, err)
	assert.Empty(t, h.caller("n1").sendAll("lin-kv", `{"type":"nope","msg_id":1}`))
}

// The same seed gives the same replies; the services never let Go's map
// order or anything else outside the seed in.
func TestSameSeedSameReplies(t *testing.T) {
	run := func(seed uint64) []string {
		h := newHarness(t, seed)
		var out []string
		for i := range 40 {
			w := h.caller([]string{"n1", "n2", "n3"}[i%3])
			r := h.caller("n3")
			for _, name := range []string{"seq-kv", "lww-kv"} {
				w.call(name, `{"type":"write","key":"k","value":`+string(rune('0'+i%10))+`}`)
				out = append(out, r.call(name, `{"type":"read","key":"k"}`))
			}
		}
		return out
	}
	a, b, c := run(1), run(1), run(2)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c, "a different seed should give different stale reads")
}
