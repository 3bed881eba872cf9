package service

import (
	"fmt"
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/rng"
)

// seqModel is Maelstrom's Sequential transcribed literally: a ring buffer of
// whole copies of the map, indexed as amalloy's ring-buffer indexes (nth
// wraps modulo the number of elements held). seqKV must answer exactly as
// it does, drawing the same random numbers.
type seqModel struct {
	lastIndex int64
	buffer    []map[string]string // oldest first, at most seqWindow
	clients   map[string]int64
}

func (m *seqModel) nth(i int64) map[string]string {
	n := int64(len(m.buffer))
	return m.buffer[((i%n)+n)%n]
}

func (m *seqModel) handle(r drawer, src string, req *request) result {
	clientIndex := m.clients[src]
	index := r.Int64N(m.lastIndex-clientIndex+1) + clientIndex
	service := m.nth(index - m.lastIndex - 1)
	res, c := applyKV(req, mapLookup(service), false)
	if c == nil {
		m.clients[src] = index
		return res
	}
	next := maps.Clone(m.nth(-1))
	res, c = applyKV(req, mapLookup(next), false)
	if c != nil {
		next[c.key] = c.value
	}
	m.lastIndex++
	m.buffer = append(m.buffer, next)
	if len(m.buffer) > seqWindow {
		m.buffer = m.buffer[1:]
	}
	m.clients[src] = m.lastIndex
	return res
}

type drawer interface{ Int64N(int64) int64 }

func TestSeqKVMatchesMaelstromsSequential(t *testing.T) {
	for seed := range uint64(20) {
		s := newSeqKV(rng.Stream(seed, "seq"))
		m := &seqModel{buffer: []map[string]string{{}}, clients: map[string]int64{}}
		mr := rng.Stream(seed, "seq")
		work := rng.Stream(seed, "work")
		for i := range 5000 {
			src := fmt.Sprintf("n%d", work.IntN(3))
			if work.IntN(20) == 0 {
				src = fmt.Sprintf("late%d", work.IntN(5)) // rarely calls, so is often far behind
			}
			var body string
			key, a, b := string("abc"[work.IntN(3)]), work.IntN(4), work.IntN(4)
			switch work.IntN(4) {
			case 0:
				body = fmt.Sprintf(`{"type":"write","key":%q,"value":%d}`, key, a)
			case 1:
				body = fmt.Sprintf(`{"type":"cas","key":%q,"from":%d,"to":%d,"create_if_not_exists":%t}`, key, a, b, work.IntN(2) == 0)
			default:
				body = fmt.Sprintf(`{"type":"read","key":%q}`, key)
			}
			want := m.handle(mr, src, mustParse(t, body))
			got, known := s.handle(src, mustParse(t, body))
			require.True(t, known)
			require.Equal(t, want, got, "seed %d, request %d from %s: %s", seed, i, src, body)
		}
		assert.Equal(t, m.lastIndex, s.last)
		for key, vs := range s.versions {
			assert.LessOrEqual(t, len(vs), seqWindow+1, "versions of %s are pruned", key)
		}
	}
}

func TestSeqKVHeldStateWrapsLikeTheRingBuffer(t *testing.T) {
	s := &seqKV{last: 5}
	for i := range int64(6) {
		assert.Equal(t, i, s.held(i), "all states held while fewer than 32")
	}
	s.last = 100
	assert.Equal(t, int64(100), s.held(100))
	assert.Equal(t, int64(69), s.held(69), "the oldest held")
	assert.Equal(t, int64(100), s.held(68), "one older wraps to the newest")
	assert.Equal(t, int64(69), s.held(5))
	assert.Equal(t, int64(96), s.held(0))
}

func mustParse(t *testing.T, body string) *request {
	t.Helper()
	req, err := parseRequest([]byte(body))
	require.NoError(t, err)
	return req
}
