package counter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
)

func TestGCounterSeqKVTranscript(t *testing.T) {
	h := newHost()
	n := start(t, h, GCounterSeqKV)
	assert.Equal(t, []string{"boot"}, h.Storage().Keys(), "a durable count of starts")

	// The first add reads the node's own key: missing, so it is created
	// by the compare-and-swap.
	deliver(t, n, "c1", `{"type":"add","delta":3,"msg_id":2}`)
	assert.Equal(t, []string{`seq-kv {"msg_id":1,"type":"read","key":"count/n2"}`}, h.Sent())
	deliver(t, n, "seq-kv", `{"type":"error","code":20,"text":"key does not exist","in_reply_to":1}`)
	assert.Equal(t, []string{`seq-kv {"msg_id":2,"type":"cas","key":"count/n2","from":0,"to":3,"create_if_not_exists":true}`}, h.Sent())
	deliver(t, n, "seq-kv", `{"type":"cas_ok","in_reply_to":2}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":2,"type":"add_ok"}`}, h.Sent())

	// Later adds start from the value the last CAS wrote. Two at once:
	// the second CAS is refused, reads the key again, and retries.
	deliver(t, n, "c1", `{"type":"add","delta":2,"msg_id":3}`)
	deliver(t, n, "c2", `{"type":"add","delta":1,"msg_id":2}`)
	assert.Equal(t, []string{
		`seq-kv {"msg_id":3,"type":"cas","key":"count/n2","from":3,"to":5,"create_if_not_exists":true}`,
		`seq-kv {"msg_id":4,"type":"cas","key":"count/n2","from":3,"to":4,"create_if_not_exists":true}`,
	}, h.Sent())
	deliver(t, n, "seq-kv", `{"type":"cas_ok","in_reply_to":3}`)
	deliver(t, n, "seq-kv", `{"type":"error","code":22,"text":"current value 5 is not 3","in_reply_to":4}`)
	assert.Equal(t, []string{
		`c1 {"in_reply_to":3,"type":"add_ok"}`,
		`seq-kv {"msg_id":5,"type":"read","key":"count/n2"}`,
	}, h.Sent())
	deliver(t, n, "seq-kv", `{"type":"read_ok","value":5,"in_reply_to":5}`)
	deliver(t, n, "seq-kv", `{"type":"cas_ok","in_reply_to":6}`)
	assert.Equal(t, []string{
		`seq-kv {"msg_id":6,"type":"cas","key":"count/n2","from":5,"to":6,"create_if_not_exists":true}`,
		`c2 {"in_reply_to":2,"type":"add_ok"}`,
	}, h.Sent())

	// Adding 0 changes nothing and asks nobody.
	deliver(t, n, "c1", `{"type":"add","delta":0,"msg_id":4}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":4,"type":"add_ok"}`}, h.Sent())

	// A read first writes a value never written before to the node's
	// scratch key; once seq-kv acknowledges it, this node is at seq-kv's
	// newest state, and the reads of every node's key that follow cannot
	// be stale.
	deliver(t, n, "c1", `{"type":"read","msg_id":5}`)
	sent := h.Sent()
	require.Len(t, sent, 1)
	assert.Regexp(t, `^seq-kv \{"msg_id":7,"type":"write","key":"fresh/n2","value":"1\.1\.[0-9a-f]+"\}$`, sent[0], "boot 1, read 1")
	deliver(t, n, "seq-kv", `{"type":"write_ok","in_reply_to":7}`)
	assert.Equal(t, []string{
		`seq-kv {"msg_id":8,"type":"read","key":"count/n1"}`,
		`seq-kv {"msg_id":9,"type":"read","key":"count/n2"}`,
		`seq-kv {"msg_id":10,"type":"read","key":"count/n3"}`,
	}, h.Sent())
	deliver(t, n, "seq-kv", `{"type":"read_ok","value":10,"in_reply_to":8}`)
	deliver(t, n, "seq-kv", `{"type":"read_ok","value":6,"in_reply_to":9}`)
	deliver(t, n, "seq-kv", `{"type":"error","code":20,"text":"key does not exist","in_reply_to":10}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":5,"type":"read_ok","value":16}`}, h.Sent())

	// A CAS that times out may have happened: no retry, and the client
	// hears that the outcome is unknown (code 13, indefinite).
	deliver(t, n, "c1", `{"type":"add","delta":4,"msg_id":6}`)
	assert.Equal(t, []string{`seq-kv {"msg_id":11,"type":"cas","key":"count/n2","from":6,"to":10,"create_if_not_exists":true}`}, h.Sent())
	require.NoError(t, n.Fire(h.Timers[len(h.Timers)-1].ID)) // the RPC's timeout
	sent = h.Sent()
	require.Len(t, sent, 1)
	assert.Contains(t, sent[0], `"type":"error","code":13,`)
	assert.Contains(t, sent[0], `it may or may not have happened`)
	assert.False(t, node.Definite(13))

	// A restarted node counts its boot, so its freshness values stay new.
	n = start(t, h, GCounterSeqKV)
	deliver(t, n, "c1", `{"type":"read","msg_id":7}`)
	assert.Regexp(t, `"value":"2\.1\.[0-9a-f]+"`, h.Sent()[0])
}

func TestBugStaleReadAnswersFromItsView(t *testing.T) {
	h := newHost()
	n := start(t, h, BugStaleRead)
	deliver(t, n, "c1", `{"type":"add","delta":3,"msg_id":2}`)
	deliver(t, n, "seq-kv", `{"type":"read_ok","value":4,"in_reply_to":1}`)
	deliver(t, n, "seq-kv", `{"type":"cas_ok","in_reply_to":2}`)
	// Right after its CAS the node is fresh, and reads the others' keys.
	assert.Equal(t, []string{
		`seq-kv {"msg_id":1,"type":"read","key":"count/n2"}`,
		`seq-kv {"msg_id":2,"type":"cas","key":"count/n2","from":4,"to":7,"create_if_not_exists":true}`,
		`seq-kv {"msg_id":3,"type":"read","key":"count/n1"}`,
		`seq-kv {"msg_id":4,"type":"read","key":"count/n3"}`,
		`c1 {"in_reply_to":2,"type":"add_ok"}`,
	}, h.Sent())
	deliver(t, n, "seq-kv", `{"type":"read_ok","value":10,"in_reply_to":3}`)
	deliver(t, n, "seq-kv", `{"type":"read_ok","value":1,"in_reply_to":4}`)
	// A read asks nobody: whatever n1 and n3 added since is missing.
	deliver(t, n, "c1", `{"type":"read","msg_id":3}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":3,"type":"read_ok","value":18}`}, h.Sent())
}

func TestGossipGlomersChallenge4(t *testing.T) {
	// maelstrom test -w g-counter --node-count 3 --rate 100 --time-limit 20 --nemesis partition
	res, cr := counterRun(t, "g-counter", GCounterSeqKV, 3, 1, "partition")
	require.Equal(t, checker.Valid, res.Valid)
	t.Logf("msgs/op %.2f, final reads %s, acceptable %v", *res.Net.Servers.MsgsPerOp, cr.FinalReads, cr.Acceptable)
	// A read is a write and one read per node (8 messages with 3
	// nodes), an add usually one CAS (2): about 6 a operation.
	assert.Less(t, *res.Net.Servers.MsgsPerOp, 7.0)
}

func TestBugStaleReadIsCaught(t *testing.T) {
	res, cr := counterRun(t, "g-counter", BugStaleRead, 3, 1, "partition")
	assert.Equal(t, checker.Invalid, res.Valid)
	assert.NotEmpty(t, cr.Errors)

	// Every node's view misses the adds others made after its own last
	// one, and nobody adds in the final phase: 10 of 10 seeds caught here
	// when this was written, 50 of 50 over seeds 100–149.
	got := caught(t, "g-counter", BugStaleRead, "partition")
	t.Logf("BugStaleRead caught in %d of %d seeds", got, len(seeds()))
	assert.GreaterOrEqual(t, got, len(seeds())*9/10)
}
