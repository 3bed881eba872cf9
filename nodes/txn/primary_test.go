package txn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/nodetest"
	"github.com/eddy-sim/eddy/nodes/txn"
)

// The primary answers from its own machine; another node forwards to it
// and relays the answer, with the client's in_reply_to.
func TestPrimaryTranscript(t *testing.T) {
	h := nodetest.NewHost()
	n0 := h.Boot(t, txn.Program, "n0", "n0", "n1")
	nodetest.Deliver(t, n0, "c1", `{"type":"txn","msg_id":2,"txn":[["r",1,null],["append",1,6]]}`)
	assert.Equal(t, []string{`c1 {"in_reply_to":2,"type":"txn_ok","txn":[["r",1,null],["append",1,6]]}`}, h.Sent())

	f := nodetest.NewHost()
	n1 := f.Boot(t, txn.Program, "n1", "n0", "n1")
	nodetest.Deliver(t, n1, "c2", `{"type":"txn","msg_id":7,"txn":[["r",1,null]]}`)
	assert.Equal(t, []string{`n0 {"msg_id":1,"type":"txn","client":"c2","seq":7,"txn":[["r",1,null]]}`}, f.Sent(),
		"the client and its msg_id go along, so that the primary runs each request once")
	nodetest.Deliver(t, n0, "n1", `{"msg_id":1,"type":"txn","client":"c2","seq":7,"txn":[["r",1,null]]}`)
	assert.Equal(t, []string{`n1 {"in_reply_to":1,"type":"txn_ok","txn":[["r",1,[6]]]}`}, h.Sent())
	nodetest.Deliver(t, n1, "n0", `{"in_reply_to":1,"type":"txn_ok","txn":[["r",1,[6]]]}`)
	assert.Equal(t, []string{`c2 {"in_reply_to":7,"type":"txn_ok","txn":[["r",1,[6]]]}`}, f.Sent())
	nodetest.Deliver(t, n0, "n1", `{"msg_id":1,"type":"txn","client":"c2","seq":7,"txn":[["r",1,null]]}`)
	assert.Empty(t, h.Sent(), "a duplicate runs no more")

	// No answer within a second: the outcome is unknown, and the client
	// is told so with an indefinite error.
	nodetest.Deliver(t, n1, "c2", `{"type":"txn","msg_id":8,"txn":[["append",1,7]]}`)
	assert.Equal(t, []string{`n0 {"msg_id":2,"type":"txn","client":"c2","seq":8,"txn":[["append",1,7]]}`}, f.Sent())
	require.NoError(t, n1.Fire(rpcTimeout(t, f)))
	sent := f.Sent()
	require.Len(t, sent, 1)
	assert.Regexp(t, `^c2 \{"in_reply_to":8,"type":"error","code":0,"text":"no answer from primary n0 within 1s`, sent[0])

	// The primary's errors are relayed as they are.
	nodetest.Deliver(t, n1, "c2", `{"type":"txn","msg_id":9,"txn":[["w",1,7]]}`)
	f.Sent()
	nodetest.Deliver(t, n0, "n1", `{"msg_id":3,"type":"txn","client":"c2","seq":9,"txn":[["w",1,7]]}`)
	reply := strings.TrimPrefix(h.Sent()[0], "n1 ")
	assert.Contains(t, reply, `"code":14`, "a write to a list")
	nodetest.Deliver(t, n1, "n0", reply)
	assert.Regexp(t, `^c2 \{"in_reply_to":9,"type":"error","code":14,`, f.Sent()[0])

	// A malformed request is refused where it arrives.
	nodetest.Deliver(t, n1, "c2", `{"type":"txn","msg_id":10,"txn":[["r",1,2]]}`)
	sent = f.Sent()
	require.Len(t, sent, 1)
	assert.Regexp(t, `^c2 \{"in_reply_to":10,"type":"error","code":12,`, sent[0])
}

// A restarted primary has every transaction it answered: from the
// snapshot, and from the log since.
func TestPrimaryRecoversFromItsJournal(t *testing.T) {
	h := nodetest.NewHost()
	n := h.Boot(t, txn.Program, "n0", "n0")
	const txns = 2500
	for i := 1; i <= txns; i++ {
		nodetest.Deliver(t, n, "c1", fmt.Sprintf(`{"type":"txn","msg_id":%d,"txn":[["append",%d,%d],["r",0,null]]}`, 2*i, i%7, i))
		nodetest.Deliver(t, n, "c1", fmt.Sprintf(`{"type":"txn","msg_id":%d,"txn":[["r",%d,null]]}`, 2*i+1, i%7))
	}
	h.Sent()
	read := `{"type":"txn","msg_id":1,"txn":[["r",0,null],["r",1,null],["r",2,null],["r",3,null],["r",4,null],["r",5,null],["r",6,null]]}`
	nodetest.Deliver(t, n, "c2", read)
	before := h.Sent()
	require.Len(t, before, 1)

	var logged []string
	for _, k := range h.Storage().Keys() {
		if strings.HasPrefix(k, "log/") {
			logged = append(logged, k)
		}
	}
	assert.Len(t, logged, txns%1000, "only writing transactions are logged, and a snapshot replaced all but the last %d", txns%1000)
	_, ok := h.Storage().Get("snapshot")
	assert.True(t, ok)

	n = h.Boot(t, txn.Program, "n0", "n0")
	nodetest.Deliver(t, n, "c3", read)
	after := h.Sent()
	require.Len(t, after, 1)
	assert.Equal(t, strings.TrimPrefix(before[0], "c2 "), strings.TrimPrefix(after[0], "c3 "))
	nodetest.Deliver(t, n, "c1", `{"type":"txn","msg_id":5000,"txn":[["append",1,1]]}`)
	assert.Empty(t, h.Sent(), "the primary remembers which requests it ran")
}

// A crash between writing a snapshot and deleting the log it covers
// leaves log entries the snapshot already has: they are not replayed.
func TestPrimaryRecoveryIgnoresLogTheSnapshotCovers(t *testing.T) {
	h := nodetest.NewHost()
	n := h.Boot(t, txn.Program, "n0", "n0")
	for i := 1; i <= 1000; i++ {
		nodetest.Deliver(t, n, "c1", fmt.Sprintf(`{"type":"txn","msg_id":%d,"txn":[["append",1,%d]]}`, i+1, i))
	}
	h.Sent()
	require.NoError(t, h.Storage().Put("log/0000000000000999", []byte(`{"txn":[["append",1,999]]}`)))
	n = h.Boot(t, txn.Program, "n0", "n0")
	nodetest.Deliver(t, n, "c2", `{"type":"txn","msg_id":2,"txn":[["r",1,null]]}`)
	sent := h.Sent()
	require.Len(t, sent, 1)
	assert.Equal(t, 1000, strings.Count(sent[0], ",")-3, "1000 elements, not 1001: %.200s…", sent[0])
	_, stale := h.Storage().Get("log/0000000000000999")
	assert.False(t, stale, "cleaned up")

	// A hole in the log is not papered over: the primary refuses to serve.
	require.NoError(t, h.Storage().Put("log/0000000000001005", []byte(`{"txn":[["append",1,1005]]}`)))
	n = h.Boot(t, txn.Program, "n0", "n0")
	nodetest.Deliver(t, n, "c2", `{"type":"txn","msg_id":3,"txn":[["r",1,null]]}`)
	assert.Regexp(t, `"code":11,"text":"primary n0 cannot recover its state"`, h.Sent()[0])
	assert.Contains(t, strings.Join(h.Logs, "\n"), "the log has a hole")
}
