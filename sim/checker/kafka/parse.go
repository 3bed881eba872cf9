package kafka

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/history"
)

// interner numbers distinct JSON values (keys, or messages) by their
// canonical text, in order of first appearance.
type interner struct {
	ids  map[string]int32
	text []json.RawMessage // canonical JSON, by id
}

func newInterner() interner { return interner{ids: map[string]int32{}} }

func (in *interner) id(raw []byte) (int32, error) {
	c, err := wire.Canonical(raw)
	if err != nil {
		return 0, err
	}
	if id, ok := in.ids[c]; ok {
		return id, nil
	}
	id := int32(len(in.text))
	in.ids[c] = id
	in.text = append(in.text, json.RawMessage(c))
	return id, nil
}

// kv is a message of a key: key and message ids in one word, for maps.
type kv uint64

func pairOf(k, v int32) kv { return kv(uint64(uint32(k))<<32 | uint64(uint32(v))) }

// send is one sent message, and its offset once acknowledged.
type send struct {
	key, val int32
	off      int64
	known    bool // off is known
}

// read is what one operation polled of one key, micro-ops merged, in order.
type read struct {
	key   int32
	pairs []pair
}

type pair struct {
	off int64
	val int32
}

// op is one operation of the history, decoded.
type op struct {
	inv    *history.Op
	comp   *history.Op // nil if it never completed
	typ    history.Type
	sends  []send
	reads  []read
	assign []int32 // an assign's keys
}

// last is the op's completion, or its invocation if it never completed:
// what reports show.
func (o *op) last() *history.Op {
	if o.comp != nil {
		return o.comp
	}
	return o.inv
}

// parse decodes the history's sends, polls and assigns, in invocation
// order. An operation whose value cannot be read is counted and left out.
func (a *analysis) parse(h history.History) {
	pairs := h.Pairs()
	a.ops = make([]op, 0, len(pairs))
	for _, p := range pairs {
		o := op{inv: p.Invoke, comp: p.Completion, typ: p.Outcome()}
		value := o.inv.Value
		if o.typ == history.OK {
			value = o.comp.Value
		}
		var err error
		switch o.inv.F {
		case "send", "poll", "txn":
			err = a.mops(&o, value)
		case "assign":
			err = a.keyList(&o, value)
		default:
			continue
		}
		if err != nil {
			if a.malformed == 0 {
				a.firstMalformed = fmt.Sprintf("operation %d (%s): %v", o.last().Index, o.inv.F, err)
			}
			a.malformed++
			continue
		}
		a.ops = append(a.ops, o)
	}
}

// mops decodes a list of ["send", k, v], ["send", k, [offset, v]],
// ["poll"] and ["poll", {k: [[offset, v], …]}] micro-ops.
func (a *analysis) mops(o *op, value json.RawMessage) error {
	var mops [][]json.RawMessage
	if err := wire.Unmarshal(value, &mops); err != nil {
		return err
	}
	for _, m := range mops {
		if len(m) == 0 {
			return fmt.Errorf("empty micro-op")
		}
		f, err := wire.String(m[0])
		if err != nil {
			return fmt.Errorf("micro-op function %s: %w", m[0], err)
		}
		switch {
		case f == "send" && len(m) == 3:
			if err := a.send(o, m[1], m[2]); err != nil {
				return err
			}
		case f == "poll" && len(m) == 1:
		case f == "poll" && len(m) == 2:
			if err := a.poll(o, m[1]); err != nil {
				return err
			}
		default:
			return fmt.Errorf("micro-op %q with %d elements", f, len(m))
		}
	}
	return nil
}

// send decodes a sent message: v, or [offset, v] once acknowledged.
func (a *analysis) send(o *op, key, v json.RawMessage) error {
	k, err := a.keys.id(key)
	if err != nil {
		return err
	}
	s := send{key: k}
	if v = bytes.TrimSpace(v); len(v) > 0 && v[0] == '[' {
		var p pair
		if p, err = a.pair(v); err != nil {
			return err
		}
		s.off, s.val, s.known = p.off, p.val, true
	} else if s.val, err = a.vals.id(v); err != nil {
		return err
	}
	o.sends = append(o.sends, s)
	return nil
}

// poll decodes {k: [[offset, v], …], …}, appending each key's pairs to
// what the op already read of it.
func (a *analysis) poll(o *op, msgs json.RawMessage) error {
	var bad error
	err := wire.Fields(msgs, func(key, value []byte) bool {
		var raw []json.RawMessage
		if bad = wire.Unmarshal(value, &raw); bad != nil {
			return false
		}
		k, err := a.keys.id(key)
		if bad = err; bad != nil {
			return false
		}
		i := 0
		for i < len(o.reads) && o.reads[i].key != k {
			i++
		}
		if i == len(o.reads) {
			o.reads = append(o.reads, read{key: k})
		}
		for _, r := range raw {
			p, err := a.pair(r)
			if bad = err; bad != nil {
				return false
			}
			o.reads[i].pairs = append(o.reads[i].pairs, p)
		}
		return true
	})
	if err != nil {
		return err
	}
	return bad
}

// pair decodes [offset, v] with an integer offset.
func (a *analysis) pair(raw json.RawMessage) (pair, error) {
	var p []json.RawMessage
	if err := wire.Unmarshal(raw, &p); err != nil || len(p) != 2 {
		return pair{}, fmt.Errorf("%.60s is not an [offset, message] pair", raw)
	}
	off, err := strconv.ParseInt(string(bytes.TrimSpace(p[0])), 10, 64)
	if err != nil {
		return pair{}, fmt.Errorf("offset %s is not an integer", p[0])
	}
	v, err := a.vals.id(p[1])
	return pair{off: off, val: v}, err
}

// keyList decodes an assign's keys.
func (a *analysis) keyList(o *op, value json.RawMessage) error {
	var keys []json.RawMessage
	if err := wire.Unmarshal(value, &keys); err != nil {
		return err
	}
	for _, key := range keys {
		k, err := a.keys.id(key)
		if err != nil {
			return err
		}
		o.assign = append(o.assign, k)
	}
	return nil
}
