package node_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/nodetest"
)

// The tests below read as transcripts: a message arrives (deliver), and the
// test states exactly what the node put on the wire (h.sent), logged
// (h.Logs) or armed (h.Timers). The host is driven by hand: its clock never
// moves and timers fire only when a test calls n.Fire.

type host = nodetest.Host

func newHost() *host { return nodetest.NewHost() }

var deliver = nodetest.Deliver

const initN2 = `{"type":"init","msg_id":1,"node_id":"n2","node_ids":["n1","n2","n3"]}`

// boot returns node n2 of a three-node cluster, initialized, with its
// init_ok already taken off the wire.
func boot(t *testing.T, program node.Program) (*node.Node, *host) {
	t.Helper()
	h := newHost()
	return h.Boot(t, program, "n2", "n1", "n2", "n3"), h
}

func nothing(*node.Node) {}

// --- init ---

func TestInitSetsIdentityRunsProgramAndRepliesInitOK(t *testing.T) {
	h := newHost()
	runs := 0
	var seenID string
	n := node.New(func(n *node.Node) { runs++; seenID = n.ID() }, h)
	assert.Equal(t, "", n.ID(), "no id before init")

	deliver(t, n, "c0", initN2)

	assert.Equal(t, []string{`c0 {"in_reply_to":1,"type":"init_ok"}`}, h.Sent())
	assert.Equal(t, 1, runs)
	assert.Equal(t, "n2", seenID, "the program already sees its id")
	assert.Equal(t, "n2", n.ID())
	assert.Equal(t, []string{"n1", "n2", "n3"}, n.NodeIDs())
	assert.Equal(t, []string{"n1", "n3"}, n.Peers())
}

func TestNodeIDsIsACopy(t *testing.T) {
	n, _ := boot(t, nothing)
	ids := n.NodeIDs()
	ids[0] = "mangled"
	assert.Equal(t, []string{"n1", "n2", "n3"}, n.NodeIDs())
}

func TestSecondInitAnswersAgainWithoutRerunningTheProgram(t *testing.T) {
	runs := 0
	n, h := boot(t, func(*node.Node) { runs++ })

	deliver(t, n, "c7", `{"type":"init","msg_id":4,"node_id":"n9","node_ids":["n9"]}`)

	assert.Equal(t, []string{`c7 {"in_reply_to":4,"type":"init_ok"}`}, h.Sent())
	assert.Equal(t, 1, runs)
	assert.Equal(t, "n2", n.ID(), "the first init's identity stays")
	require.Len(t, h.Logs, 1)
	assert.Contains(t, h.Logs[0], "init again")
}

func TestInitWithoutNodeIDIsMalformed(t *testing.T) {
	h := newHost()
	runs := 0
	n := node.New(func(*node.Node) { runs++ }, h)

	deliver(t, n, "c0", `{"type":"init","msg_id":1,"node_ids":["n1"]}`)

	assert.Equal(t, []string{`c0 {"in_reply_to":1,"type":"error","code":12,"text":"init needs node_id and node_ids, which must include node_id"}`}, h.Sent())
	assert.Equal(t, 0, runs)
	assert.Equal(t, "", n.ID())
}

func TestRequestBeforeInitIsTemporarilyUnavailable(t *testing.T) {
	h := newHost()
	n := node.New(nothing, h)

	deliver(t, n, "c1", `{"type":"echo","msg_id":3,"echo":"hi"}`)

	assert.Equal(t, []string{`c1 {"in_reply_to":3,"type":"error","code":11,"text":"node not initialized yet"}`}, h.Sent())
}

func TestNonRequestBeforeInitIsDroppedAndLogged(t *testing.T) {
	h := newHost()
	n := node.New(nothing, h)

	deliver(t, n, "n1", `{"type":"gossip"}`)

	assert.Empty(t, h.Sent())
	require.Len(t, h.Logs, 1)
	assert.Contains(t, h.Logs[0], "dropped gossip from n1")
}

// --- handlers and replies ---

func echo(n *node.Node) {
	n.Handle("echo", func(msg node.Message) error {
		var body map[string]any
		if err := msg.Decode(&body); err != nil {
			return err
		}
		body["type"] = "echo_ok"
		return n.Reply(msg, body)
	})
}

func TestHandlerReplies(t *testing.T) {
	n, h := boot(t, echo)

	deliver(t, n, "c1", `{"type":"echo","msg_id":5,"echo":"Please echo 7"}`)

	// msg_id stays (the body is echoed whole); in_reply_to is added first.
	assert.Equal(t, []string{`c1 {"in_reply_to":5,"echo":"Please echo 7","msg_id":5,"type":"echo_ok"}`}, h.Sent())
}

func TestHandlerSeesTheMessage(t *testing.T) {
	var got node.Message
	n, _ := boot(t, func(n *node.Node) {
		n.Handle("read", func(msg node.Message) error { got = msg; return nil })
	})

	deliver(t, n, "c1", `{"type":"read","msg_id":9,"key":"k"}`)

	assert.Equal(t, "c1", got.Src)
	assert.Equal(t, "n2", got.Dest)
	assert.Equal(t, "read", got.Type)
	assert.Equal(t, int64(9), got.MsgID)
	assert.True(t, got.IsRequest())
	assert.JSONEq(t, `{"type":"read","msg_id":9,"key":"k"}`, string(got.Body))
}

func TestUnknownRequestTypeIsNotSupported(t *testing.T) {
	n, h := boot(t, echo)

	deliver(t, n, "c1", `{"type":"frobnicate","msg_id":2}`)

	assert.Equal(t, []string{`c1 {"in_reply_to":2,"type":"error","code":10,"text":"no handler for \"frobnicate\""}`}, h.Sent())
}

func TestUnknownNonRequestIsDroppedAndLogged(t *testing.T) {
	n, h := boot(t, echo)

	deliver(t, n, "n1", `{"type":"gossip","items":[1]}`)

	assert.Empty(t, h.Sent(), "nobody waits for a reply, so none is sent")
	require.Len(t, h.Logs, 1)
	assert.Equal(t, "dropped gossip from n1: no handler for it", h.Logs[0])
}

func TestHandlerErrorKeepsItsCodeAndText(t *testing.T) {
	n, h := boot(t, func(n *node.Node) {
		n.Handle("read", func(node.Message) error { return node.Errorf(node.KeyDoesNotExist, "no key %q", "x") })
	})

	deliver(t, n, "c1", `{"type":"read","msg_id":4,"key":"x"}`)

	assert.Equal(t, []string{`c1 {"in_reply_to":4,"type":"error","code":20,"text":"no key \"x\""}`}, h.Sent())
}

func TestPlainHandlerErrorIsCrash(t *testing.T) {
	n, h := boot(t, func(n *node.Node) {
		n.Handle("read", func(node.Message) error { return errors.New("disk on fire") })
	})

	deliver(t, n, "c1", `{"type":"read","msg_id":4}`)

	assert.Equal(t, []string{`c1 {"in_reply_to":4,"type":"error","code":13,"text":"disk on fire"}`}, h.Sent())
}

func TestHandlerErrorOnNonRequestIsOnlyLogged(t *testing.T) {
	n, h := boot(t, func(n *node.Node) {
		n.Handle("gossip", func(node.Message) error { return errors.New("bad gossip") })
	})

	deliver(t, n, "n1", `{"type":"gossip"}`)

	assert.Empty(t, h.Sent())
	require.Len(t, h.Logs, 1)
	assert.Contains(t, h.Logs[0], "bad gossip")
}

func TestReplyToAMessageWithoutMsgIDIsAnError(t *testing.T) {
	var replyErr error
	n, h := boot(t, func(n *node.Node) {
		n.Handle("gossip", func(msg node.Message) error {
			replyErr = n.Reply(msg, map[string]any{"type": "gossip_ok"})
			return nil
		})
	})

	deliver(t, n, "n1", `{"type":"gossip"}`)

	require.Error(t, replyErr)
	assert.Contains(t, replyErr.Error(), "no msg_id")
	assert.Empty(t, h.Sent())
}

func TestDuplicateHandlerPanics(t *testing.T) {
	h := newHost()
	n := node.New(func(n *node.Node) {
		n.Handle("echo", func(node.Message) error { return nil })
		n.Handle("echo", func(node.Message) error { return nil })
	}, h)

	err := n.Deliver("c0", []byte(initN2))

	var p *node.PanicError
	require.ErrorAs(t, err, &p)
	assert.Contains(t, fmt.Sprint(p.Value), `a handler for "echo" is already registered`)
}

func TestPanicInHandlerIsReturnedAsPanicError(t *testing.T) {
	n, h := boot(t, func(n *node.Node) {
		n.Handle("boom", func(node.Message) error { panic("kaboom") })
	})

	err := n.Deliver("c1", []byte(`{"type":"boom","msg_id":1}`))

	var p *node.PanicError
	require.ErrorAs(t, err, &p)
	assert.Equal(t, "kaboom", p.Value)
	assert.True(t, strings.HasPrefix(p.Error(), "panic: kaboom\n"), p.Error())
	assert.NotEmpty(t, p.Stack)
	assert.Empty(t, h.Sent(), "a crashed node answers nothing")
}

func TestMalformedBodyIsReportedToTheRuntime(t *testing.T) {
	n, h := boot(t, echo)

	err := n.Deliver("c1", []byte(`{"type":"echo","msg_id":"one"}`))

	require.Error(t, err)
	assert.Contains(t, err.Error(), "msg_id")
	assert.Empty(t, h.Sent())
}

// --- Send ---

func TestSendEncodesStructsMapsAndRawObjects(t *testing.T) {
	n, h := boot(t, nothing)
	type gossip struct {
		Type  string `json:"type"`
		Items []int  `json:"items"`
	}

	require.NoError(t, n.Send("n1", gossip{"gossip", []int{1, 2}}))
	require.NoError(t, n.Send("n3", map[string]any{"type": "gossip", "items": []int{3}}))
	require.NoError(t, n.Send("n1", json.RawMessage(`{"type":"raw"}`)))
	require.NoError(t, n.Send("n1", []byte(`{"type":"bytes"}`)))

	assert.Equal(t, []string{
		`n1 {"type":"gossip","items":[1,2]}`,
		`n3 {"items":[3],"type":"gossip"}`,
		`n1 {"type":"raw"}`,
		`n1 {"type":"bytes"}`,
	}, h.Sent())
}

func TestSendRawBodyThatIsNotAnObjectFails(t *testing.T) {
	n, h := boot(t, nothing)

	for _, raw := range []string{`[1,2]`, `"gossip"`, `42`, ``, `{"type":"x"} trailing`} {
		err := n.Send("n1", json.RawMessage(raw))
		assert.Error(t, err, "%q", raw)
	}
	err := n.Send("n1", []byte(`null`))
	assert.Error(t, err)
	assert.Empty(t, h.Sent())
}

func TestSendValueThatIsNotAnObjectFails(t *testing.T) {
	n, h := boot(t, nothing)

	assert.Error(t, n.Send("n1", []int{1, 2}))
	assert.Error(t, n.Send("n1", "gossip"))
	assert.Error(t, n.Send("n1", make(chan int)), "cannot be encoded at all")
	assert.Empty(t, h.Sent())
}

func TestSendRawBodyWithABadTypeFails(t *testing.T) {
	n, h := boot(t, nothing)

	assert.Error(t, n.Send("n1", json.RawMessage(`{"type":7}`)))
	assert.Error(t, n.Send("n1", json.RawMessage(`{"type":"x","msg_id":"one"}`)))
	assert.Empty(t, h.Sent())
}

func TestSendEncodedBodyWithABadTypeFails(t *testing.T) {
	n, h := boot(t, nothing)

	assert.Error(t, n.Send("n1", map[string]any{"type": 7}))
	assert.Error(t, n.Send("n1", map[string]any{"type": "x", "msg_id": "one"}))
	assert.Empty(t, h.Sent())
}

func TestSendRawBodyThatIsNotJSONFails(t *testing.T) {
	n, h := boot(t, nothing)

	assert.Error(t, n.Send("n1", json.RawMessage(`{"type":"x","v":nope}`)))
	assert.Empty(t, h.Sent())
}

// --- RPC ---

// rpcRecorder collects what RPC callbacks receive, as "body" or "error …".
type rpcRecorder []string

func (r *rpcRecorder) callback(reply node.Message, err error) {
	if err != nil {
		var e *node.Error
		if errors.As(err, &e) {
			*r = append(*r, fmt.Sprintf("error %d: %s", e.Code, e.Text))
			return
		}
		*r = append(*r, "non-node error: "+err.Error())
		return
	}
	*r = append(*r, string(reply.Body))
}

func TestRPCNumbersRequestsAndDeliversReplies(t *testing.T) {
	n, h := boot(t, nothing)
	var got rpcRecorder

	require.NoError(t, n.RPC("n1", map[string]any{"type": "read"}, 0, got.callback))
	require.NoError(t, n.RPC("n3", map[string]any{"type": "read"}, 0, got.callback))
	assert.Equal(t, []string{`n1 {"msg_id":1,"type":"read"}`, `n3 {"msg_id":2,"type":"read"}`}, h.Sent())
	assert.Empty(t, h.Timers, "a zero timeout arms no timer")

	// Replies arrive out of order; each reaches its own callback.
	deliver(t, n, "n3", `{"type":"read_ok","value":3,"in_reply_to":2}`)
	deliver(t, n, "n1", `{"type":"read_ok","value":1,"in_reply_to":1}`)

	assert.Equal(t, rpcRecorder{
		`{"type":"read_ok","value":3,"in_reply_to":2}`,
		`{"type":"read_ok","value":1,"in_reply_to":1}`,
	}, got)
	assert.Empty(t, h.Sent(), "a reply is not answered")
}

func TestRPCReplacesAMsgIDInTheBody(t *testing.T) {
	n, h := boot(t, nothing)

	require.NoError(t, n.RPC("n1", json.RawMessage(`{"type":"read","msg_id":99}`), 0, func(node.Message, error) {}))

	assert.Equal(t, []string{`n1 {"type":"read","msg_id":1}`}, h.Sent())
}

func TestRPCErrorReplyArrivesAsNodeError(t *testing.T) {
	n, h := boot(t, nothing)
	var got rpcRecorder
	require.NoError(t, n.RPC("n1", map[string]any{"type": "cas"}, 0, got.callback))
	h.Sent()

	deliver(t, n, "n1", `{"type":"error","in_reply_to":1,"code":22,"text":"expected 1, had 2"}`)

	assert.Equal(t, rpcRecorder{"error 22: expected 1, had 2"}, got)
}

func TestRPCErrorReplyWithoutCodeIsCrash(t *testing.T) {
	n, _ := boot(t, nothing)
	var got rpcRecorder
	require.NoError(t, n.RPC("n1", map[string]any{"type": "cas"}, 0, got.callback))

	deliver(t, n, "n1", `{"type":"error","in_reply_to":1}`)

	assert.Equal(t, rpcRecorder{"error 13: "}, got, "an error body without a code is the safe default: indefinite")
}

func TestRPCReplyIsDeliveredOnce(t *testing.T) {
	n, h := boot(t, nothing)
	var got rpcRecorder
	require.NoError(t, n.RPC("n1", map[string]any{"type": "read"}, 0, got.callback))

	deliver(t, n, "n1", `{"type":"read_ok","in_reply_to":1}`)
	deliver(t, n, "n1", `{"type":"read_ok","in_reply_to":1}`) // a duplicate

	assert.Len(t, got, 1)
	require.Len(t, h.Logs, 1)
	assert.Contains(t, h.Logs[0], "nobody awaits")
}

func TestRPCTimeoutThenLateReplyIsDroppedAndLogged(t *testing.T) {
	n, h := boot(t, nothing)
	var got rpcRecorder

	require.NoError(t, n.RPC("n1", map[string]any{"type": "read"}, 2*time.Second, got.callback))
	assert.Equal(t, []string{`n1 {"msg_id":1,"type":"read"}`}, h.Sent())
	require.Len(t, h.Timers, 1)
	assert.Equal(t, 2*time.Second, h.Timers[0].After)

	require.NoError(t, n.Fire(h.Timers[0].ID))
	assert.Equal(t, rpcRecorder{"error 0: no reply from n1 to msg_id 1 within 2s"}, got)

	deliver(t, n, "n1", `{"type":"read_ok","in_reply_to":1}`)
	assert.Len(t, got, 1, "the callback ran once, with the timeout")
	assert.Empty(t, h.Sent())
	require.Len(t, h.Logs, 1)
	assert.Equal(t, "dropped read_ok from n1: reply to msg_id 1, which nobody awaits (late, or a duplicate)", h.Logs[0])
}

func TestRPCLateReplyDoesNotReachAHandlerForItsType(t *testing.T) {
	var handled []string
	n, h := boot(t, func(n *node.Node) {
		n.Handle("read_ok", func(msg node.Message) error { handled = append(handled, string(msg.Body)); return nil })
	})
	var got rpcRecorder
	require.NoError(t, n.RPC("n1", map[string]any{"type": "read"}, time.Second, got.callback))
	require.NoError(t, n.Fire(h.Timers[0].ID))

	deliver(t, n, "n1", `{"type":"read_ok","in_reply_to":1}`)

	assert.Len(t, got, 1)
	assert.Empty(t, handled, "a late reply is not a new message")
	require.Len(t, h.Logs, 1)
	assert.Contains(t, h.Logs[0], "nobody awaits")
}

func TestRPCReplyInTimeCancelsItsTimeout(t *testing.T) {
	n, h := boot(t, nothing)
	var got rpcRecorder
	require.NoError(t, n.RPC("n1", map[string]any{"type": "read"}, time.Second, got.callback))

	deliver(t, n, "n1", `{"type":"read_ok","in_reply_to":1}`)
	require.NoError(t, n.Fire(h.Timers[0].ID)) // the host fires the cancelled timer anyway

	assert.Equal(t, rpcRecorder{`{"type":"read_ok","in_reply_to":1}`}, got)
}

// --- timers ---

func TestAfterRunsOnceAndCancelledTimersNeverRun(t *testing.T) {
	n, h := boot(t, nothing)
	var ran []string

	a := n.After(time.Second, func() { ran = append(ran, "a") })
	b := n.After(2*time.Second, func() { ran = append(ran, "b") })
	assert.Equal(t, []nodetest.Armed{{After: time.Second, ID: a}, {After: 2 * time.Second, ID: b}}, h.Timers)
	assert.NotEqual(t, a, b)

	n.Cancel(b)
	require.NoError(t, n.Fire(a))
	require.NoError(t, n.Fire(b))
	require.NoError(t, n.Fire(a)) // a one-shot that already fired: stale

	assert.Equal(t, []string{"a"}, ran)
	assert.Len(t, h.Timers, 2, "one-shots are not re-armed")
}

func TestEveryRearmsUntilCancelled(t *testing.T) {
	n, h := boot(t, nothing)
	ticks := 0

	id := n.Every(500*time.Millisecond, func() { ticks++ })
	require.NoError(t, n.Fire(id))
	require.NoError(t, n.Fire(id))

	assert.Equal(t, 2, ticks)
	assert.Equal(t, []nodetest.Armed{{After: 500 * time.Millisecond, ID: id}, {After: 500 * time.Millisecond, ID: id}, {After: 500 * time.Millisecond, ID: id}}, h.Timers,
		"armed once by Every, then again by each firing")

	n.Cancel(id)
	require.NoError(t, n.Fire(id))
	assert.Equal(t, 2, ticks)
	assert.Len(t, h.Timers, 3, "a cancelled timer is not re-armed")
}

func TestEveryCanCancelItselfFromItsCallback(t *testing.T) {
	n, _ := boot(t, nothing)
	ticks := 0
	var id node.TimerID
	id = n.Every(time.Second, func() {
		ticks++
		if ticks == 2 {
			n.Cancel(id)
		}
	})

	for range 5 {
		require.NoError(t, n.Fire(id))
	}

	assert.Equal(t, 2, ticks)
}

func TestEveryNeedsAPositiveInterval(t *testing.T) {
	n, _ := boot(t, nothing)
	assert.Panics(t, func() { n.Every(0, func() {}) })
}

func TestFiringAnUnknownTimerIsHarmless(t *testing.T) {
	n, _ := boot(t, nothing)
	assert.NoError(t, n.Fire(12345))
}

func TestPanicInTimerIsReturnedAsPanicError(t *testing.T) {
	n, _ := boot(t, nothing)
	id := n.After(time.Second, func() { panic(fmt.Errorf("timer broke")) })

	err := n.Fire(id)

	var p *node.PanicError
	require.ErrorAs(t, err, &p)
	assert.EqualError(t, p.Value.(error), "timer broke")
}

// --- environment ---

func TestClockAndRandomnessComeFromTheHost(t *testing.T) {
	n, h := boot(t, nothing)
	assert.Equal(t, h.Clock, n.Now())
	assert.Same(t, h.Rand(), n.Rand())
}

func TestLogfFormats(t *testing.T) {
	n, h := boot(t, nothing)
	n.Logf("term %d, leader %s", 3, "n1")
	assert.Equal(t, []string{"term 3, leader n1"}, h.Logs)
}

func TestSaveLoadRoundTrip(t *testing.T) {
	n, h := boot(t, nothing)
	type state struct {
		Term int      `json:"term"`
		Log  []string `json:"log"`
	}

	require.NoError(t, n.Save("raft", state{Term: 3, Log: []string{"a", "b"}}))
	raw, ok := h.Storage().Get("raft")
	require.True(t, ok)
	assert.Equal(t, `{"term":3,"log":["a","b"]}`, string(raw), "stored as JSON")

	var got state
	found, err := n.Load("raft", &got)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, state{Term: 3, Log: []string{"a", "b"}}, got)
}

func TestLoadOfAMissingKey(t *testing.T) {
	n, _ := boot(t, nothing)
	got := 42

	found, err := n.Load("nothing-here", &got)

	require.NoError(t, err)
	assert.False(t, found)
	assert.Equal(t, 42, got, "v is left alone")
}

func TestLoadOfUndecodableValue(t *testing.T) {
	n, h := boot(t, nothing)
	require.NoError(t, h.Storage().Put("term", []byte(`"three"`)))

	var term int
	found, err := n.Load("term", &term)

	assert.True(t, found)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"term"`)
}

func TestSaveOfUnencodableValue(t *testing.T) {
	n, h := boot(t, nothing)
	assert.Error(t, n.Save("ch", make(chan int)))
	assert.Empty(t, h.Storage().Keys())
}

func TestMemStorage(t *testing.T) {
	s := node.NewMemStorage()
	v := []byte("one")
	require.NoError(t, s.Put("b", v))
	require.NoError(t, s.Put("a", []byte("two")))
	v[0] = 'X' // the caller's slice is not aliased

	got, ok := s.Get("b")
	require.True(t, ok)
	assert.Equal(t, "one", string(got))
	got[0] = 'Y' // nor is the returned one
	again, _ := s.Get("b")
	assert.Equal(t, "one", string(again))

	assert.Equal(t, []string{"a", "b"}, s.Keys())
	require.NoError(t, s.Delete("a"))
	_, ok = s.Get("a")
	assert.False(t, ok)
	assert.Equal(t, []string{"b"}, s.Keys())
}

func TestExposedState(t *testing.T) {
	n, _ := boot(t, nothing)
	st, err := n.State()
	require.NoError(t, err)
	assert.Nil(t, st, "nothing exposed")

	counter := 0
	n.Expose(func() any { return map[string]int{"counter": counter} })
	counter = 5
	st, err = n.State()
	require.NoError(t, err)
	assert.Equal(t, `{"counter":5}`, string(st), "a snapshot taken when asked")
}

// A restarted node numbers its RPCs apart from its earlier runs, so a late
// reply from before the crash cannot complete a new call.
func TestRestartedNodeNumbersRPCsApart(t *testing.T) {
	h := newHost()
	var got []string
	caller := func(n *node.Node) {
		n.Handle("go", func(node.Message) error {
			return n.RPC("n1", map[string]any{"type": "ping"}, 0, func(m node.Message, err error) { got = append(got, m.Type) })
		})
	}
	n := node.Restarted(caller, h, 1)
	deliver(t, n, "c0", initN2)
	h.Sent()
	deliver(t, n, "c0", `{"type":"go"}`)
	assert.Equal(t, []string{`n1 {"msg_id":4294967297,"type":"ping"}`}, h.Sent())

	deliver(t, n, "n1", `{"type":"pong","in_reply_to":1}`) // a reply to run 0's first RPC
	assert.Empty(t, got, "a reply from an earlier run completes nothing")
	deliver(t, n, "n1", `{"type":"pong","in_reply_to":4294967297}`)
	assert.Equal(t, []string{"pong"}, got)
}
