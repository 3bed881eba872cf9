package node

import (
	"math/rand/v2"
	"slices"
	"time"
)

// Host is what a runtime provides to a node: the edge between pure node code
// and the world. The stdio runtime implements it with the real clock, stdout
// and files; the simulator with a virtual clock, a simulated network and
// storage that survives simulated crashes.
type Host interface {
	// Now is the node's clock, which in a simulation may be skewed.
	Now() time.Time
	// Rand is the node's own random stream.
	Rand() *rand.Rand
	// Send puts a body (a JSON object) on the wire to dest.
	Send(dest string, body []byte)
	// SetTimer asks for Fire(id) to be called after d. A Host may fire a
	// timer the node has since cancelled; the node ignores it.
	SetTimer(d time.Duration, id TimerID)
	// Log records one line of the node's log (stderr under Maelstrom).
	Log(line string)
	// Storage is the node's durable storage.
	Storage() Storage
}

// Storage is a node's durable key-value storage: what it writes survives a
// crash and restart; everything else the node keeps is lost. A write is
// durable when Put returns.
type Storage interface {
	Get(key string) ([]byte, bool)
	Put(key string, value []byte) error
	Delete(key string) error
	// Keys lists the stored keys in sorted order.
	Keys() []string
}

// MemStorage is Storage in memory. The simulator keeps one per node outside
// the node, which is what makes it survive a simulated crash.
type MemStorage struct{ m map[string][]byte }

// NewMemStorage returns empty in-memory storage.
func NewMemStorage() *MemStorage { return &MemStorage{m: map[string][]byte{}} }

// Get returns a copy of the value stored under key.
func (s *MemStorage) Get(key string) ([]byte, bool) {
	v, ok := s.m[key]
	return slices.Clone(v), ok
}

// Put stores a copy of value under key.
func (s *MemStorage) Put(key string, value []byte) error {
	s.m[key] = slices.Clone(value)
	return nil
}

// Delete removes key.
func (s *MemStorage) Delete(key string) error {
	delete(s.m, key)
	return nil
}

// Keys lists the stored keys in sorted order.
func (s *MemStorage) Keys() []string {
	keys := make([]string, 0, len(s.m))
	for k := range s.m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
