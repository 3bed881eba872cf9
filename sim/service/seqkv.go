package service

import "math/rand/v2"

// seqWindow is how many of the latest states seq-kv keeps (Maelstrom's
// ring buffer of 32).
const seqWindow = 32

// seqKV is seq-kv: Maelstrom's Sequential over PersistentKV. States are
// numbered from 0 (the empty map); state last is the newest. Each caller
// has a position, 0 until it first calls. A request is tried against a
// random state between the caller's position and the newest; if it leaves
// that state unchanged, its result stands and the caller's position moves
// there. Otherwise it is applied to the newest state, which always appends
// a state (even when, there, it changes nothing), and the caller's
// position jumps to that new newest state.
//
// Rather than 32 copies of the map, each key keeps its versions: the
// value it took in each state that set it. A key's value in state s is its
// latest version at or before s.
type seqKV struct {
	rand      *rand.Rand
	last      int64                // the newest state
	versions  map[string][]version // per key, oldest first
	positions map[string]int64     // per caller (request src)
}

type version struct {
	state int64 // the state that set the key
	value string
}

func newSeqKV(r *rand.Rand) *seqKV {
	return &seqKV{rand: r, versions: map[string][]version{}, positions: map[string]int64{}}
}

func (s *seqKV) types() string { return kvTypes }

func (s *seqKV) handle(src string, req *request) (result, bool) {
	if !isKV(req.typ) {
		return result{}, false
	}
	pos := s.positions[src]
	index := pos + s.rand.Int64N(s.last-pos+1)
	if res, c := applyKV(req, s.at(s.held(index)), false); c == nil {
		s.positions[src] = index
		return res, true
	}
	res, c := applyKV(req, s.at(s.last), false)
	s.last++
	if c != nil {
		s.set(c)
	}
	s.positions[src] = s.last
	return res, true
}

// held returns the state Maelstrom actually reads for index. Its ring
// buffer is indexed modulo the number of states it holds, so an index older
// than the buffer wraps around to a newer state, while the caller's
// position is still set to index. A caller more than 32 states behind can
// therefore see reads go backwards until it catches up: a quirk of
// Maelstrom that Eddy keeps.
func (s *seqKV) held(index int64) int64 {
	n := min(s.last+1, seqWindow) // states in the buffer
	offset := index - s.last - 1  // -1 is the newest
	j := ((offset % n) + n) % n   // position from the oldest held
	return s.last - (n - 1) + j
}

// at reads state st.
func (s *seqKV) at(st int64) lookup {
	return func(key string) (string, bool) {
		vs := s.versions[key]
		for i := len(vs) - 1; i >= 0; i-- {
			if vs[i].state <= st {
				return vs[i].value, true
			}
		}
		return "", false
	}
}

// set records c as made by the newest state, and forgets versions of its
// key that no held state can read any more.
func (s *seqKV) set(c *change) {
	vs := append(s.versions[c.key], version{s.last, c.value})
	oldest := s.last - (seqWindow - 1)
	i := 0
	for i+1 < len(vs) && vs[i+1].state <= oldest {
		i++
	}
	s.versions[c.key] = vs[i:]
}
