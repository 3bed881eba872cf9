package node

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
)

// The ids of Maelstrom's services, reachable from every node.
const (
	LinKV  = "lin-kv"  // linearizable key-value store
	SeqKV  = "seq-kv"  // sequentially consistent key-value store
	LWWKV  = "lww-kv"  // "last-write-wins" key-value store; its replicas never converge
	LinTSO = "lin-tso" // linearizable timestamp oracle
)

// KV is a client of one of Maelstrom's key-value services (LinKV, SeqKV,
// LWWKV), like the KV of Maelstrom's Go library, but in the node's callback
// style: each method sends one RPC and calls back once, with the result or
// an error.
//
// Errors are *Error values: KeyDoesNotExist (20) when a read or cas finds no
// key, PreconditionFailed (22) when a cas finds another value than from, and
// Timeout (0) when no reply came within the KV's timeout. Test them with
// ErrorCode. Keys and values are anything that encodes to JSON; the services
// compare them by value.
//
// A counter kept in lin-kv, incremented by read then compare-and-swap,
// retrying when another node got there first:
//
//	kv := node.NewKV(n, node.LinKV, time.Second)
//	var add func(delta int)
//	add = func(delta int) {
//		kv.ReadInt("counter", func(v int, err error) {
//			if node.ErrorCode(err) == node.KeyDoesNotExist {
//				v, err = 0, nil // created by the CAS below
//			}
//			if err != nil {
//				n.Logf("read counter: %v", err)
//				return
//			}
//			kv.CAS("counter", v, v+delta, true, func(err error) {
//				if node.ErrorCode(err) == node.PreconditionFailed {
//					add(delta)
//				}
//			})
//		})
//	}
//
// Callbacks always run later, as their own event, never inside the call
// that starts the request; that includes a key or value that cannot be
// encoded, which is reported to the callback (and logged). A nil callback is
// allowed when the result does not matter.
type KV struct {
	n       *Node
	service string
	timeout time.Duration
}

// NewKV returns a client of the key-value service with id service (LinKV,
// SeqKV or LWWKV) whose requests time out after timeout; 0 waits forever,
// which is unwise: a service ignores requests it does not understand.
func NewKV(n *Node, service string, timeout time.Duration) *KV {
	return &KV{n: n, service: service, timeout: timeout}
}

// Read reads key and calls back with its value as raw JSON.
func (kv *KV) Read(key any, cb func(value json.RawMessage, err error)) {
	if cb == nil {
		cb = func(json.RawMessage, error) {}
	}
	body := struct {
		Type string `json:"type"`
		Key  any    `json:"key"`
	}{"read", key}
	kv.rpc(body, func(reply Message, err error) {
		if err != nil {
			cb(nil, err)
			return
		}
		var ok struct {
			Value json.RawMessage `json:"value"`
		}
		if reply.Type != "read_ok" || wire.Unmarshal(reply.Body, &ok) != nil || ok.Value == nil {
			cb(nil, Errorf(Crash, "%s replied %s to read", kv.service, reply.Body))
			return
		}
		cb(ok.Value, nil)
	}, func(err error) { cb(nil, err) })
}

// ReadInt reads key and calls back with its value, which must be a JSON
// integer.
func (kv *KV) ReadInt(key any, cb func(value int, err error)) {
	if cb == nil {
		cb = func(int, error) {}
	}
	kv.Read(key, func(value json.RawMessage, err error) {
		if err != nil {
			cb(0, err)
			return
		}
		var i int
		if string(value) == "null" || wire.Unmarshal(value, &i) != nil {
			cb(0, fmt.Errorf("%s: value of %s is %s, not an integer", kv.service, keyText(key), value))
			return
		}
		cb(i, nil)
	})
}

// Write sets key to value.
func (kv *KV) Write(key, value any, cb func(err error)) {
	body := struct {
		Type  string `json:"type"`
		Key   any    `json:"key"`
		Value any    `json:"value"`
	}{"write", key, value}
	kv.rpc(body, replyErr(cb), cb)
}

// CAS sets key to to if its value is from. With createIfNotExists a missing
// key is created with to (lww-kv ignores this and fails with
// KeyDoesNotExist); the flag is sent only when true, as Maelstrom's library
// does.
func (kv *KV) CAS(key, from, to any, createIfNotExists bool, cb func(err error)) {
	body := struct {
		Type   string `json:"type"`
		Key    any    `json:"key"`
		From   any    `json:"from"`
		To     any    `json:"to"`
		Create bool   `json:"create_if_not_exists,omitempty"`
	}{"cas", key, from, to, createIfNotExists}
	kv.rpc(body, replyErr(cb), cb)
}

// rpc sends body to the service; if it cannot be sent, fail gets the error
// as the next event.
func (kv *KV) rpc(body any, reply ReplyFunc, fail func(error)) {
	if err := kv.n.RPC(kv.service, body, kv.timeout, reply); err != nil {
		kv.n.Logf("%v", err)
		if fail != nil {
			kv.n.After(0, func() { fail(err) })
		}
	}
}

// replyErr adapts a callback that only wants to know whether the request
// succeeded.
func replyErr(cb func(error)) ReplyFunc {
	return func(_ Message, err error) {
		if cb != nil {
			cb(err)
		}
	}
}

func keyText(key any) string {
	b, err := wire.Marshal(key)
	if err != nil {
		return fmt.Sprint(key)
	}
	return string(b)
}

// TSO is a client of lin-tso, Maelstrom's timestamp oracle: every request
// gets the next integer, from 0 up, across all nodes.
type TSO struct {
	n       *Node
	timeout time.Duration
}

// NewTSO returns a client of lin-tso whose requests time out after timeout.
func NewTSO(n *Node, timeout time.Duration) *TSO { return &TSO{n: n, timeout: timeout} }

// Timestamp asks for the next timestamp.
func (t *TSO) Timestamp(cb func(ts int64, err error)) {
	if cb == nil {
		cb = func(int64, error) {}
	}
	err := t.n.RPC(LinTSO, json.RawMessage(`{"type":"ts"}`), t.timeout, func(reply Message, err error) {
		if err != nil {
			cb(0, err)
			return
		}
		var ok struct {
			TS *int64 `json:"ts"`
		}
		if reply.Type != "ts_ok" || wire.Unmarshal(reply.Body, &ok) != nil || ok.TS == nil {
			cb(0, Errorf(Crash, "%s replied %s to ts", LinTSO, reply.Body))
			return
		}
		cb(*ok.TS, nil)
	})
	if err != nil { // cannot happen: the body is a constant
		t.n.After(0, func() { cb(0, err) })
	}
}
