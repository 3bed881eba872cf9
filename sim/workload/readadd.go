package workload

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// readAdd is the request and reply shape shared by broadcast, g-set and
// the counters: a read that returns everything, and one function that adds
// a value under a key ("broadcast" with "message", "add" with "element" or
// "delta"), answered by <f>_ok.
type readAdd struct {
	add      string // the adding f and request type
	addKey   string // the request key that carries the value
	readsKey string // the read_ok key that carries the result
	next     int    // the next unique value to add: 0, 1, 2, … across the run
}

// uniqueAdd is broadcast's and g-set's generator: half reads, half adds of
// the values 0, 1, 2, … in order.
func (s *readAdd) uniqueAdd(r *rand.Rand) Invocation {
	if r.IntN(2) == 0 {
		return readInvocation
	}
	v := s.next
	s.next++
	return Invocation{F: s.add, Value: mustJSON(v)}
}

var readInvocation = Invocation{F: "read", Value: json.RawMessage("null")}

func (s readAdd) Request(inv Invocation) ([]byte, error) {
	if inv.F == "read" {
		return []byte(`{"type":"read"}`), nil
	}
	return wire.Marshal(map[string]any{"type": s.add, s.addKey: inv.Value})
}

func (s readAdd) Complete(inv Invocation, reply node.Message) (json.RawMessage, error) {
	if inv.F == "read" {
		f, err := replyFields(reply, "read_ok", s.readsKey)
		if err != nil {
			return nil, err
		}
		return f[0], nil
	}
	_, err := replyFields(reply, s.add+"_ok")
	return inv.Value, err
}

func (readAdd) Final(int) (Invocation, bool) { return readInvocation, true }
