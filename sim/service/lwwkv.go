package service

import "math/rand/v2"

// lwwReplicas is how many replicas Maelstrom's lww-kv keeps.
const lwwReplicas = 2

// lwwKV is lww-kv as Maelstrom's code behaves: two replicas, each request
// handled by one chosen at random, and no replication at all between them
// (Maelstrom's Eventual computes a merge of two replicas per request, then
// discards it). The Lamport timestamps it keeps per value are never seen by
// a node, so they are left out.
type lwwKV struct {
	rand     *rand.Rand
	replicas [lwwReplicas]map[string]string
}

func newLWWKV(r *rand.Rand) *lwwKV {
	s := &lwwKV{rand: r}
	for i := range s.replicas {
		s.replicas[i] = map[string]string{}
	}
	return s
}

func (s *lwwKV) types() string { return kvTypes }

func (s *lwwKV) handle(_ string, req *request) (result, bool) {
	if !isKV(req.typ) {
		return result{}, false
	}
	m := s.replicas[s.rand.IntN(lwwReplicas)]
	res, c := applyKV(req, mapLookup(m), true)
	if c != nil {
		m[c.key] = c.value
	}
	return res, true
}
