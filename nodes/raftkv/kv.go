package raftkv

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// kv is the key-value state machine Raft replicates: write and cas
// commands go through the log; reads are served from it directly, at a
// point Raft says is linearizable. Keys and values are any JSON, compared
// by canonical text (wire.Canonical), as Maelstrom compares them.
type kv struct {
	data map[string]pair // by canonical key
}

type pair struct {
	Key   json.RawMessage `json:"key"`
	Value json.RawMessage `json:"value"` // canonical
}

// command is a write or cas, as stored in the log.
type command struct {
	Op    string          `json:"op"`
	Key   json.RawMessage `json:"key"`
	Value json.RawMessage `json:"value,omitempty"`
	From  json.RawMessage `json:"from,omitempty"`
	To    json.RawMessage `json:"to,omitempty"`
}

// result is a command's outcome: no code for success, else Maelstrom's
// error code 20 or 22.
type result struct {
	Code int    `json:"code,omitempty"`
	Text string `json:"text,omitempty"`
}

func newKV() *kv { return &kv{data: map[string]pair{}} }

// get returns the value under key, if any.
func (s *kv) get(key json.RawMessage) (json.RawMessage, bool, error) {
	k, err := wire.Canonical(key)
	if err != nil {
		return nil, false, fmt.Errorf("key %s: %w", key, err)
	}
	p, ok := s.data[k]
	return p.Value, ok, nil
}

// Apply implements rsm.StateMachine. A command that cannot be decoded was
// never proposed by this program; it changes nothing.
func (s *kv) Apply(cmd json.RawMessage) json.RawMessage {
	var c command
	if err := wire.Unmarshal(cmd, &c); err != nil {
		return mustJSON(result{Code: node.MalformedRequest, Text: err.Error()})
	}
	k, err := wire.Canonical(c.Key)
	if err != nil {
		return mustJSON(result{Code: node.MalformedRequest, Text: err.Error()})
	}
	switch c.Op {
	case "write":
		return mustJSON(s.set(k, c.Key, c.Value))
	case "cas":
		cur, ok := s.data[k]
		if !ok {
			return mustJSON(result{Code: node.KeyDoesNotExist, Text: fmt.Sprintf("key %s does not exist", c.Key)})
		}
		if from, _ := wire.Canonical(c.From); from != string(cur.Value) {
			return mustJSON(result{Code: node.PreconditionFailed, Text: fmt.Sprintf("current value %s is not %s", cur.Value, c.From)})
		}
		return mustJSON(s.set(k, c.Key, c.To))
	}
	return mustJSON(result{Code: node.NotSupported, Text: fmt.Sprintf("unknown op %q", c.Op)})
}

func (s *kv) set(k string, key, value json.RawMessage) result {
	v, err := wire.Canonical(value)
	if err != nil {
		return result{Code: node.MalformedRequest, Text: fmt.Sprintf("value %s: %v", value, err)}
	}
	s.data[k] = pair{Key: key, Value: json.RawMessage(v)}
	return result{}
}

// Snapshot implements rsm.StateMachine: every pair, in key order.
func (s *kv) Snapshot() json.RawMessage {
	keys := slices.Sorted(maps.Keys(s.data))
	pairs := make([]pair, len(keys))
	for i, k := range keys {
		pairs[i] = s.data[k]
	}
	return mustJSON(pairs)
}

// Restore implements rsm.StateMachine.
func (s *kv) Restore(snapshot json.RawMessage) error {
	var pairs []pair
	if err := wire.Unmarshal(snapshot, &pairs); err != nil {
		return fmt.Errorf("kv snapshot: %w", err)
	}
	s.data = map[string]pair{}
	for _, p := range pairs {
		k, err := wire.Canonical(p.Key)
		if err != nil {
			return fmt.Errorf("kv snapshot key %s: %w", p.Key, err)
		}
		s.data[k] = p
	}
	return nil
}

func mustJSON(v any) json.RawMessage {
	b, err := wire.Marshal(v)
	if err != nil {
		panic(err) // only called on values built here
	}
	return b
}
