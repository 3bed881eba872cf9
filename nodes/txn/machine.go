package txn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// StateMachine is what a replicated log applies its commands to, in log
// order, on every replica: Apply must be deterministic. Snapshot and
// Restore compact the log: a snapshot taken after command i, restored,
// then fed commands i+1, i+2, … ends in the same state as feeding all of
// them. Commands, results and snapshots are JSON. It is the shape a Raft
// library expects (Ongaro & Ousterhout §7, §8) — that of nodes/raft/rsm —
// and here a journal on one node drives it.
type StateMachine interface {
	// Apply applies a command and returns the result to hand back to
	// whoever proposed it.
	Apply(cmd json.RawMessage) json.RawMessage
	// Snapshot encodes the whole state.
	Snapshot() json.RawMessage
	// Restore replaces the state with a snapshot's.
	Restore(snapshot json.RawMessage) error
}

// Machine is a transactional key-value store as a StateMachine. A
// command is a Command: a transaction, the JSON array of micro-ops
// Maelstrom's txn workloads send — ["r", k, null] reads k, ["w", k, v]
// sets k to v (rw-register), ["append", k, v] appends v to k's list
// (list-append) — and who sent it. Apply runs the micro-ops in order, all
// at once, and returns the reply body: txn_ok with the reads filled in
// (null for a key never written), or an error.
//
// Like the state machine of Raft's §8, Machine remembers each client's
// last request, so that a request delivered twice (a duplicating network,
// a forward that arrives after its retry) runs once: Apply returns nil,
// nothing to answer, for a request not newer than the client's last.
type Machine struct {
	keys     map[string]*value // by the key's JSON text
	sessions map[string]int64  // client → seq of its last request applied
	out      []byte            // reused to build each reply
}

// Command is what Machine applies, as JSON.
type Command struct {
	// Client and Seq identify the request: a client's requests have
	// increasing Seqs (Maelstrom's msg_ids). Without a Client, no
	// deduplication.
	Client string          `json:"client,omitempty"`
	Seq    int64           `json:"seq,omitempty"`
	Txn    json.RawMessage `json:"txn"`
}

// value is one key's state: a register or a list, whichever its first
// write made it.
type value struct {
	reg  json.RawMessage   // a register's value
	list []json.RawMessage // a list's elements; nil for a register
}

// NewMachine returns an empty store.
func NewMachine() *Machine {
	return &Machine{keys: map[string]*value{}, sessions: map[string]int64{}}
}

var _ StateMachine = (*Machine)(nil)

// Mop is one micro-op [f, k, v], its parts as raw JSON.
type Mop struct {
	F    string
	K, V json.RawMessage
}

// ParseTxn decodes a transaction, checking that every micro-op is a read
// (whose value must be null), a write or an append. The error is a
// malformed-request *node.Error, ready to reply with.
func ParseTxn(raw []byte) ([]Mop, error) {
	var parts [][]json.RawMessage
	if err := wire.Unmarshal(raw, &parts); err != nil {
		return nil, node.Errorf(node.MalformedRequest, "txn %.80s is not a list of [f, k, v] micro-ops", raw)
	}
	mops := make([]Mop, len(parts))
	for i, p := range parts {
		var f string
		if len(p) != 3 || wire.Unmarshal(p[0], &f) != nil {
			return nil, node.Errorf(node.MalformedRequest, "micro-op %d of %.80s is not [f, k, v]", i+1, raw)
		}
		switch {
		case f != "r" && f != "w" && f != "append":
			return nil, node.Errorf(node.MalformedRequest, "micro-op %d: unknown function %q (want r, w or append)", i+1, f)
		case f == "r" && string(bytes.TrimSpace(p[2])) != "null":
			return nil, node.Errorf(node.MalformedRequest, "micro-op %d reads with value %s; reads are sent with null", i+1, p[2])
		}
		mops[i] = Mop{F: f, K: compactJSON(p[1]), V: compactJSON(p[2])}
	}
	return mops, nil
}

// compactJSON returns raw without insignificant whitespace, so that equal
// keys have equal text.
func compactJSON(raw json.RawMessage) json.RawMessage {
	if !slices.ContainsFunc(raw, func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }) {
		return raw
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// Apply runs a Command; see Machine.
func (m *Machine) Apply(cmd json.RawMessage) json.RawMessage {
	var c Command
	if err := wire.Unmarshal(cmd, &c); err != nil {
		return errorBody(node.Errorf(node.MalformedRequest, "command %.80s: %v", cmd, err))
	}
	if c.Client != "" {
		if c.Seq <= m.sessions[c.Client] {
			return nil // a duplicate, or older than one already applied
		}
		m.sessions[c.Client] = c.Seq
	}
	mops, err := ParseTxn(c.Txn)
	if err != nil {
		return errorBody(err)
	}
	if err := m.check(mops); err != nil {
		return errorBody(err)
	}
	b := append(m.out[:0], `{"type":"txn_ok","txn":[`...)
	for i, mop := range mops {
		if i > 0 {
			b = append(b, ',')
		}
		b = m.step(b, mop)
	}
	m.out = append(b, "]}"...)
	return bytes.Clone(m.out)
}

// check refuses, before changing anything, a transaction that would append
// to a register or write a register over a list: the workloads never mix
// them, and a transaction must apply whole or not at all.
func (m *Machine) check(mops []Mop) error {
	lists := map[string]bool{} // keys this transaction makes lists or registers
	for i, mop := range mops {
		if mop.F == "r" {
			continue
		}
		k := string(mop.K)
		isList, seen := lists[k]
		if v := m.keys[k]; !seen && v != nil {
			isList, seen = v.list != nil, true
		}
		if seen && isList != (mop.F == "append") {
			return node.Errorf(node.Abort, "micro-op %d: key %s holds a %s", i+1, mop.K, kindName(isList))
		}
		lists[k] = mop.F == "append"
	}
	return nil
}

func kindName(isList bool) string {
	if isList {
		return "list; only appends may change it"
	}
	return "register; only writes may change it"
}

// step applies one micro-op and appends its completed form to b.
func (m *Machine) step(b []byte, mop Mop) []byte {
	k := string(mop.K)
	v := m.keys[k]
	switch mop.F {
	case "r":
		return appendMop(b, "r", mop.K, v.appendJSON(nil))
	case "w":
		if v == nil {
			v = &value{}
			m.keys[k] = v
		}
		v.reg = mop.V
	case "append":
		if v == nil {
			v = &value{list: []json.RawMessage{}}
			m.keys[k] = v
		}
		v.list = append(v.list, mop.V)
	}
	return appendMop(b, mop.F, mop.K, mop.V)
}

// appendMop appends the micro-op [f, k, v].
func appendMop(b []byte, f string, k, v json.RawMessage) []byte {
	b = append(b, `["`...)
	b = append(b, f...)
	b = append(b, `",`...)
	b = append(b, k...)
	b = append(b, ',')
	b = append(b, v...)
	return append(b, ']')
}

// appendJSON appends the value as a read sees it: null when missing.
func (v *value) appendJSON(b []byte) []byte {
	switch {
	case v == nil:
		return append(b, "null"...)
	case v.list == nil:
		return append(b, v.reg...)
	}
	b = append(b, '[')
	for i, e := range v.list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e...)
	}
	return append(b, ']')
}

// snapshot is a Machine's state as JSON, every list sorted so that equal
// states have equal snapshots.
type snapshot struct {
	Keys     []snapshotEntry `json:"keys"`
	Sessions []session       `json:"sessions"`
}

// snapshotEntry is one key: its value as a read sees it, and whether that
// is a list.
type snapshotEntry struct {
	K    json.RawMessage `json:"k"`
	V    json.RawMessage `json:"v"`
	List bool            `json:"list,omitempty"`
}

type session struct {
	Client string `json:"client"`
	Seq    int64  `json:"seq"`
}

// Snapshot encodes the whole state.
func (m *Machine) Snapshot() json.RawMessage {
	var s snapshot
	for _, k := range slices.Sorted(maps.Keys(m.keys)) {
		v := m.keys[k]
		s.Keys = append(s.Keys, snapshotEntry{K: json.RawMessage(k), V: v.appendJSON(nil), List: v.list != nil})
	}
	for _, c := range slices.Sorted(maps.Keys(m.sessions)) {
		s.Sessions = append(s.Sessions, session{c, m.sessions[c]})
	}
	b, err := wire.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("txn: encoding a snapshot: %v", err)) // raw JSON we checked on the way in
	}
	return b
}

// Restore replaces the state with a snapshot's.
func (m *Machine) Restore(b json.RawMessage) error {
	var s snapshot
	if err := wire.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("txn: restoring a snapshot: %w", err)
	}
	keys := make(map[string]*value, len(s.Keys))
	for _, e := range s.Keys {
		v := &value{reg: e.V}
		if e.List {
			v.reg = nil
			if err := wire.Unmarshal(e.V, &v.list); err != nil {
				return fmt.Errorf("txn: restoring a snapshot: key %s: %w", e.K, err)
			}
			if v.list == nil {
				v.list = []json.RawMessage{} // an empty list is still a list
			}
		}
		keys[string(e.K)] = v
	}
	sessions := make(map[string]int64, len(s.Sessions))
	for _, c := range s.Sessions {
		sessions[c.Client] = c.Seq
	}
	m.keys, m.sessions = keys, sessions
	return nil
}

// errorBody is an error reply's body.
func errorBody(err error) []byte {
	e, ok := err.(*node.Error)
	if !ok {
		e = &node.Error{Code: node.ErrorCode(err), Text: err.Error()}
	}
	b, _ := wire.Marshal(struct {
		Type string `json:"type"`
		*node.Error
	}{"error", e})
	return b
}
