package node

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
)

// Program is a node program. It runs once per start of a node, when init
// arrives: n.ID() and n.NodeIDs() are set, and the program registers its
// handlers and timers. State lives in the program's own variables (lost on a
// crash) and in n.Storage() (kept).
type Program func(n *Node)

// HandlerFunc handles one message. Returning an error replies to the sender
// with an error body: an *Error keeps its code, anything else is code 13.
type HandlerFunc func(msg Message) error

// ReplyFunc receives the reply to an RPC. err is nil for a normal reply, the
// *Error an error reply carried, or an *Error with code Timeout.
type ReplyFunc func(reply Message, err error)

// TimerID names a timer so it can be cancelled.
type TimerID uint64

// Node is a running node as its program sees it. All methods must be called
// from the node's own handlers, callbacks and timers.
type Node struct {
	host    Host
	program Program

	id  string
	ids []string

	handlers  map[string]HandlerFunc
	calls     map[int64]call // outstanding RPCs by msg_id
	timers    map[TimerID]timer
	lastTimer TimerID
	lastMsgID int64
	state     func() any
}

type call struct {
	reply   ReplyFunc
	timeout TimerID
}

type timer struct {
	fn    func()
	every time.Duration // > 0 for a repeating timer
}

// New returns a node that will run program when init arrives.
func New(program Program, host Host) *Node {
	return &Node{
		host:     host,
		program:  program,
		handlers: map[string]HandlerFunc{},
		calls:    map[int64]call{},
		timers:   map[TimerID]timer{},
	}
}

// Restarted returns a node for a program starting again after a crash, for
// the run-th time (the first start is run 0, which is New). Each run numbers
// its RPCs in its own range, so a late reply to an RPC of an earlier run
// cannot be taken for the reply to one of this run that happens to share
// its msg_id. Runtimes that restart nodes call it; programs do not.
func Restarted(program Program, host Host, run int) *Node {
	n := New(program, host)
	n.lastMsgID = int64(run) << 32
	return n
}

// ID is this node's id, e.g. "n1". Empty before init.
func (n *Node) ID() string { return n.id }

// NodeIDs lists every node of the cluster, this one included, in the same
// order on every node.
func (n *Node) NodeIDs() []string { return slices.Clone(n.ids) }

// Peers lists every other node of the cluster.
func (n *Node) Peers() []string {
	peers := make([]string, 0, len(n.ids))
	for _, id := range n.ids {
		if id != n.id {
			peers = append(peers, id)
		}
	}
	return peers
}

// Handle registers the handler for messages of type typ.
func (n *Node) Handle(typ string, h HandlerFunc) {
	if _, dup := n.handlers[typ]; dup {
		panic(fmt.Sprintf("node %s: a handler for %q is already registered", n.id, typ))
	}
	n.handlers[typ] = h
}

// Send sends body (a struct, a map or raw JSON bytes forming an object) to
// dest. It expects no reply; to get one, use RPC.
func (n *Node) Send(dest string, body any) error {
	b, err := encodeBody(body)
	if err != nil {
		return fmt.Errorf("node %s: send to %s: %w", n.id, dest, err)
	}
	n.host.Send(dest, b)
	return nil
}

// Reply answers req with body, setting in_reply_to to req's msg_id.
func (n *Node) Reply(req Message, body any) error {
	if !req.isRequest {
		return fmt.Errorf("node %s: reply to %s %s: it has no msg_id, so nobody waits for a reply", n.id, req.Src, req.Type)
	}
	b, err := encodeBody(body)
	if err == nil {
		b, err = wire.SetInt(b, "in_reply_to", req.MsgID)
	}
	if err != nil {
		return fmt.Errorf("node %s: reply to %s: %w", n.id, req.Src, err)
	}
	n.host.Send(req.Src, b)
	return nil
}

// RPC sends body to dest with a fresh msg_id and calls reply once: with the
// reply, or with a Timeout error when none arrives within timeout. A timeout
// of 0 waits forever. A reply arriving after the timeout is logged and
// dropped.
func (n *Node) RPC(dest string, body any, timeout time.Duration, reply ReplyFunc) error {
	b, err := encodeBody(body)
	if err != nil {
		return fmt.Errorf("node %s: rpc to %s: %w", n.id, dest, err)
	}
	n.lastMsgID++
	id := n.lastMsgID
	if b, err = wire.SetInt(b, "msg_id", id); err != nil {
		return fmt.Errorf("node %s: rpc to %s: %w", n.id, dest, err)
	}
	c := call{reply: reply}
	if timeout > 0 {
		c.timeout = n.After(timeout, func() {
			delete(n.calls, id)
			reply(Message{}, Errorf(Timeout, "no reply from %s to msg_id %d within %v", dest, id, timeout))
		})
	}
	n.calls[id] = c
	n.host.Send(dest, b)
	return nil
}

// After calls fn once, d from now, unless cancelled first.
func (n *Node) After(d time.Duration, fn func()) TimerID {
	return n.arm(d, timer{fn: fn})
}

// Every calls fn every d, starting d from now, until cancelled.
func (n *Node) Every(d time.Duration, fn func()) TimerID {
	if d <= 0 {
		panic(fmt.Sprintf("node %s: Every needs a positive interval, got %v", n.id, d))
	}
	return n.arm(d, timer{fn: fn, every: d})
}

func (n *Node) arm(d time.Duration, t timer) TimerID {
	n.lastTimer++
	n.timers[n.lastTimer] = t
	n.host.SetTimer(d, n.lastTimer)
	return n.lastTimer
}

// Cancel stops a timer. Cancelling a timer that already fired is harmless.
func (n *Node) Cancel(id TimerID) { delete(n.timers, id) }

// Now is the node's clock: real time under the stdio runtime, virtual (and
// possibly skewed) time in the simulator.
func (n *Node) Now() time.Time { return n.host.Now() }

// Rand is the node's random stream. In the simulator it is derived from the
// run's seed, so a run replays exactly.
func (n *Node) Rand() *rand.Rand { return n.host.Rand() }

// Logf writes a line to the node's log (stderr under Maelstrom, the node's
// log file and the trace in the simulator).
func (n *Node) Logf(format string, args ...any) { n.host.Log(fmt.Sprintf(format, args...)) }

// Storage is the node's durable storage.
func (n *Node) Storage() Storage { return n.host.Storage() }

// Save stores v, encoded as JSON, under key in durable storage.
func (n *Node) Save(key string, v any) error {
	b, err := wire.Marshal(v)
	if err == nil {
		err = n.host.Storage().Put(key, b)
	}
	if err != nil {
		return fmt.Errorf("node %s: save %q: %w", n.id, key, err)
	}
	return nil
}

// Load decodes the JSON stored under key into v and reports whether the key
// existed.
func (n *Node) Load(key string, v any) (bool, error) {
	b, ok := n.host.Storage().Get(key)
	if !ok {
		return false, nil
	}
	if err := wire.Unmarshal(b, v); err != nil {
		return true, fmt.Errorf("node %s: load %q: %w", n.id, key, err)
	}
	return true, nil
}

// Expose registers a function returning a JSON-able snapshot of the node's
// state, which the visualizer shows.
func (n *Node) Expose(state func() any) { n.state = state }

// State returns the exposed state snapshot as JSON, or nil if the program
// exposes none. Runtimes call it; programs do not.
func (n *Node) State() (json.RawMessage, error) {
	if n.state == nil {
		return nil, nil
	}
	return wire.Marshal(n.state())
}

// PanicError is what Deliver and Fire return when node code panicked: the
// runtime treats it as a crash of the node.
type PanicError struct {
	Value any
	Stack string
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v\n\n%s", e.Value, e.Stack) }

func recoverPanic(err *error) {
	if r := recover(); r != nil {
		*err = &PanicError{Value: r, Stack: string(debug.Stack())}
	}
}

// Fire runs timer id, if it is still armed. Runtimes call it.
func (n *Node) Fire(id TimerID) (err error) {
	defer recoverPanic(&err)
	t, ok := n.timers[id]
	if !ok {
		return nil // cancelled, or a one-shot that already fired
	}
	if t.every > 0 {
		n.host.SetTimer(t.every, id)
	} else {
		delete(n.timers, id)
	}
	t.fn()
	return nil
}

// Deliver hands the node one message and runs whatever it triggers to
// completion: init, a reply callback, or a handler. Runtimes call it. The
// returned error is one the runtime should report: a malformed body, or a
// panic in node code.
func (n *Node) Deliver(src string, body []byte) (err error) {
	defer recoverPanic(&err)
	msg, err := NewMessage(src, n.id, body)
	if err != nil {
		return err
	}
	if msg.Type == "init" {
		return n.init(msg)
	}
	if n.id == "" {
		if msg.isRequest {
			return n.ReplyError(msg, Errorf(TemporarilyUnavailable, "node not initialized yet"))
		}
		n.host.Log(fmt.Sprintf("dropped %s from %s: node not initialized yet", msg.Type, src))
		return nil
	}
	if msg.InReplyTo != 0 {
		// A reply belongs to the RPC that awaits it, never to a handler: a
		// late or duplicated reply would otherwise look like a request.
		c, ok := n.calls[msg.InReplyTo]
		if !ok {
			n.host.Log(fmt.Sprintf("dropped %s from %s: reply to msg_id %d, which nobody awaits (late, or a duplicate)", msg.Type, src, msg.InReplyTo))
			return nil
		}
		delete(n.calls, msg.InReplyTo)
		n.Cancel(c.timeout)
		if e := msg.replyError(); e != nil {
			c.reply(msg, e)
		} else {
			c.reply(msg, nil)
		}
		return nil
	}
	if h, ok := n.handlers[msg.Type]; ok {
		if herr := h(msg); herr != nil && !isNilError(herr) {
			if !msg.isRequest {
				n.host.Log(fmt.Sprintf("handler for %s from %s failed: %v", msg.Type, src, herr))
				return nil
			}
			return n.ReplyError(msg, herr)
		}
		return nil
	}
	if msg.isRequest {
		return n.ReplyError(msg, Errorf(NotSupported, "no handler for %q", msg.Type))
	}
	n.host.Log(fmt.Sprintf("dropped %s from %s: no handler for it", msg.Type, src))
	return nil
}

func (n *Node) init(msg Message) error {
	var body struct {
		NodeID  string   `json:"node_id"`
		NodeIDs []string `json:"node_ids"`
	}
	if err := msg.Decode(&body); err != nil || body.NodeID == "" || !slices.Contains(body.NodeIDs, body.NodeID) {
		return n.ReplyError(msg, Errorf(MalformedRequest, "init needs node_id and node_ids, which must include node_id"))
	}
	if n.id != "" {
		n.host.Log(fmt.Sprintf("init again from %s; already %s, answering init_ok", msg.Src, n.id))
	} else {
		n.id, n.ids = body.NodeID, body.NodeIDs
		n.program(n)
	}
	return n.Reply(msg, json.RawMessage(`{"type":"init_ok"}`))
}

// isNilError catches Go's typed-nil trap: a handler returning a nil *Error
// as an error means no error.
func isNilError(err error) bool {
	e, ok := err.(*Error)
	return ok && e == nil
}

// ReplyError answers req with an error body, as a handler that returned err
// would: an *Error (or one wrapped in err) keeps its code, anything else is
// code 13. Use it where the answer comes later, in an RPC callback.
func (n *Node) ReplyError(req Message, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Code: Crash, Text: err.Error()}
	}
	body := struct {
		Type string `json:"type"`
		*Error
	}{"error", e}
	return n.Reply(req, body)
}
