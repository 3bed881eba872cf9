package rsm_test

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft/rsm"
)

// host is a node.Host driven by hand: the test fires timers, reads what
// the node sent and what it stored.
type host struct {
	rng    *rand.Rand
	store  *node.MemStorage
	out    []string
	timers []node.TimerID
}

func (h *host) Now() time.Time                            { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
func (h *host) Rand() *rand.Rand                          { return h.rng }
func (h *host) Send(dest string, body []byte)             { h.out = append(h.out, dest+" "+string(body)) }
func (h *host) SetTimer(_ time.Duration, id node.TimerID) { h.timers = append(h.timers, id) }
func (h *host) Log(string)                                {}
func (h *host) Storage() node.Storage                     { return h.store }

// list is a state machine that appends each command to a list and answers
// the list's length.
type list struct{ items []json.RawMessage }

func (l *list) Apply(cmd json.RawMessage) json.RawMessage {
	l.items = append(l.items, cmd)
	b, _ := json.Marshal(len(l.items))
	return b
}
func (l *list) Snapshot() json.RawMessage       { b, _ := json.Marshal(l.items); return b }
func (l *list) Restore(s json.RawMessage) error { l.items = nil; return json.Unmarshal(s, &l.items) }
func (l *list) String() string                  { return string(l.Snapshot()) }

// keys lists the stored keys with a prefix.
func (h *host) keys(prefix string) (out []string) {
	for _, k := range h.store.Keys() {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}

// replica starts a one-node cluster on h and ticks until it leads.
func replica(t *testing.T, h *host, cfg rsm.Config) (*node.Node, *rsm.Replica, *list) {
	t.Helper()
	sm := &list{}
	var rep *rsm.Replica
	n := node.New(func(n *node.Node) {
		var err error
		rep, err = rsm.Start(n, sm, cfg)
		require.NoError(t, err)
	}, h)
	require.NoError(t, n.Deliver("c0", []byte(`{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}`)))
	tick := h.timers[len(h.timers)-1]
	for range 2 * cfg.ElectionTicks {
		require.NoError(t, n.Fire(tick))
	}
	require.Equal(t, "leader", rep.Status().Role.String())
	return n, rep, sm
}

func propose(t *testing.T, rep *rsm.Replica, cmd string) string {
	t.Helper()
	var got string
	rep.Propose(json.RawMessage(cmd), func(result json.RawMessage, err error) {
		require.NoError(t, err)
		got = string(result)
	})
	return got
}

func TestStoresEveryEntryUnderItsOwnKeyAndRestartsFromThem(t *testing.T) {
	h := &host{rng: rand.New(rand.NewPCG(1, 2)), store: node.NewMemStorage()}
	cfg := rsm.DefaultConfig()
	n, rep, sm := replica(t, h, cfg)

	// A one-node cluster commits at once: the callback runs before
	// Propose returns, with the state machine's answer.
	assert.Equal(t, "1", propose(t, rep, `"a"`))
	assert.Equal(t, "2", propose(t, rep, `{"b":[1]}`))
	assert.Equal(t, []string{"raft/log/00000000000000000001", "raft/log/00000000000000000002",
		"raft/log/00000000000000000003"}, h.keys("raft/log/"), "the no-op and two commands")
	b, _ := h.store.Get("raft/log/00000000000000000003")
	assert.JSONEq(t, `{"index":3,"term":1,"data":{"b":[1]}}`, string(b))
	b, _ = h.store.Get("raft/state")
	assert.JSONEq(t, `{"term":1,"vote":"n1"}`, string(b))

	read := false
	rep.Read(func(err error) { read = err == nil })
	assert.True(t, read, "a one-node cluster is its own majority: reads are served at once")

	state, err := n.State()
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"n1","role":"leader","term":1,"vote":"n1","leader":"n1","commit":3,"applied":3,
		"snapshot_index":0,"last_index":3,"log_length":3,"pending":0}`, string(state))

	// A restart loses the state machine and rebuilds it from the log: the
	// node is a follower until it wins a new election, whose no-op
	// commits everything before it.
	h.timers = nil
	_, rep, sm = replica(t, h, cfg)
	assert.Equal(t, uint64(2), rep.Status().Term)
	assert.Equal(t, `["a",{"b":[1]}]`, sm.String())
}

func TestSnapshotsReplaceTheEntriesTheyCover(t *testing.T) {
	h := &host{rng: rand.New(rand.NewPCG(1, 2)), store: node.NewMemStorage()}
	cfg := rsm.DefaultConfig()
	cfg.SnapshotEvery = 3
	_, rep, _ := replica(t, h, cfg)
	for _, cmd := range []string{`1`, `2`, `3`, `4`} {
		propose(t, rep, cmd)
	}
	// Index 3 (no-op, 1, 2) went into a snapshot; 4 and 5 are entries.
	b, _ := h.store.Get("raft/snapshot")
	assert.JSONEq(t, `{"index":3,"term":1,"data":[1,2]}`, string(b))
	assert.Equal(t, []string{"raft/log/00000000000000000004", "raft/log/00000000000000000005"}, h.keys("raft/log/"))

	h.timers = nil
	_, _, sm := replica(t, h, cfg)
	assert.Equal(t, `[1,2,3,4]`, sm.String(), "snapshot restored, then entries 4 and 5 applied")
}

func TestReadsAndErrorsWithoutALeader(t *testing.T) {
	h := &host{rng: rand.New(rand.NewPCG(1, 2)), store: node.NewMemStorage()}
	cfg := rsm.DefaultConfig()
	var rep *rsm.Replica
	n := node.New(func(n *node.Node) {
		var err error
		rep, err = rsm.Start(n, &list{}, cfg)
		require.NoError(t, err)
	}, h)
	require.NoError(t, n.Deliver("c0", []byte(`{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1","n2","n3"]}`)))

	// A follower that knows no leader refuses at once, definitely.
	var perr, rerr error
	rep.Propose(json.RawMessage(`1`), func(_ json.RawMessage, err error) { perr = err })
	rep.Read(func(err error) { rerr = err })
	for _, err := range []error{perr, rerr} {
		assert.Equal(t, node.TemporarilyUnavailable, node.ErrorCode(err))
	}
	rep.Propose(json.RawMessage(`not json`), func(_ json.RawMessage, err error) { perr = err })
	assert.Equal(t, node.MalformedRequest, node.ErrorCode(perr))
}

// A node's msg_ids start over from 1 when it restarts, so the answer to a
// request it forwarded before a crash can arrive as the reply to one it
// forwarded after. The forwarded request's own id tells them apart: an
// answer to another request says nothing about this one's fate.
func TestAnswerToAnotherRequestLeavesTheOutcomeUnknown(t *testing.T) {
	h := &host{rng: rand.New(rand.NewPCG(1, 2)), store: node.NewMemStorage()}
	var rep *rsm.Replica
	n := node.New(func(n *node.Node) {
		var err error
		rep, err = rsm.Start(n, &list{}, rsm.DefaultConfig())
		require.NoError(t, err)
	}, h)
	require.NoError(t, n.Deliver("c0", []byte(`{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1","n2","n3"]}`)))
	require.NoError(t, n.Deliver("n2", []byte(`{"type":"raft_append","term":1}`)))
	require.Equal(t, "n2", rep.Status().Leader)
	h.out = nil

	forward := func() (id uint64, result *string, err *error) {
		result, err = new(string), new(error)
		rep.Propose(json.RawMessage(`"x"`), func(r json.RawMessage, e error) { *result, *err = string(r), e })
		require.Len(t, h.out, 1)
		var req struct {
			Type  string `json:"type"`
			ID    uint64 `json:"id"`
			MsgID int64  `json:"msg_id"`
		}
		require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(h.out[0], "n2 ")), &req))
		require.Equal(t, "raft_forward", req.Type)
		h.out = nil
		return req.ID, result, err
	}
	answer := func(msgID int, id uint64, result string) {
		body, _ := json.Marshal(map[string]any{"type": "raft_forward_ok", "in_reply_to": msgID, "id": id, "result": json.RawMessage(result)})
		require.NoError(t, n.Deliver("n2", body))
	}

	id, result, err := forward()
	answer(1, id, `7`)
	require.NoError(t, *err)
	assert.Equal(t, "7", *result)

	id, _, err = forward()
	answer(2, id+1, `8`) // the right msg_id, another request's id
	assert.Equal(t, node.Crash, node.ErrorCode(*err), "indefinite: %v", *err)
}
