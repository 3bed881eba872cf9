package service_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// prepSeqKV has n1 write x = 0, 1, …, 7: nine states, the empty one first.
func prepSeqKV(t *testing.T, seed uint64) *harness {
	h := newHarness(t, seed)
	for i := range 8 {
		require.Equal(t, fmt.Sprintf(`{"type":"write_ok","in_reply_to":%d}`, i+1),
			h.caller("n1").call("seq-kv", fmt.Sprintf(`{"type":"write","key":"x","value":%d}`, i)))
	}
	return h
}

// readX reads x as caller id and returns its value, or -1 if x does not
// exist in the state the read met.
func readX(t *testing.T, h *harness, id string) int {
	t.Helper()
	c := h.caller(id)
	reply := c.call("seq-kv", `{"type":"read","key":"x"}`)
	if reply == fmt.Sprintf(`{"type":"error","code":20,"text":"key does not exist","in_reply_to":%d}`, c.msgID) {
		return -1
	}
	var v int
	_, err := fmt.Sscanf(reply, `{"type":"read_ok","value":%d,`, &v)
	require.NoError(t, err, reply)
	return v
}

func TestSeqKVFreshCallerCanReadStaleValues(t *testing.T) {
	h := prepSeqKV(t, 1)
	seen := map[int]int{}
	for i := range 64 {
		seen[readX(t, h, "fresh"+strconv.Itoa(i))]++
	}
	assert.Greater(t, len(seen), 2, "fresh callers read states from the empty one to the newest: %v", seen)
	assert.Positive(t, seen[-1], "some fresh callers meet the empty first state: %v", seen)
	assert.Positive(t, seen[7], "some meet the newest: %v", seen)
}

func TestSeqKVOwnWriteBringsCallerUpToDate(t *testing.T) {
	for seed := range uint64(8) {
		h := prepSeqKV(t, seed)
		c := h.caller("ensure")
		assert.Equal(t, `{"type":"write_ok","in_reply_to":1}`,
			c.call("seq-kv", fmt.Sprintf(`{"type":"write","key":"scratch-%d","value":"unique"}`, seed)))
		for range 10 {
			assert.Equal(t, 7, readX(t, h, "ensure"), "seed %d: every read after a change sees the newest state", seed)
		}
	}
}

func TestSeqKVRepeatedReadsConverge(t *testing.T) {
	for seed := range uint64(8) {
		h := prepSeqKV(t, seed)
		var reads []int
		for len(reads) < 160 && (len(reads) == 0 || reads[len(reads)-1] != 7) {
			reads = append(reads, readX(t, h, "r"))
		}
		require.Equal(t, 7, reads[len(reads)-1], "seed %d: never converged: %v", seed, reads)
		assert.Equal(t, 7, readX(t, h, "r"), "and it stays")
	}
}

func TestSeqKVReadsNeverGoBackwards(t *testing.T) {
	for seed := range uint64(16) {
		h := newHarness(t, seed)
		last := -1
		for i := 1; i <= 30; i++ { // 31 states: all within the 32 Maelstrom keeps
			h.caller("n1").call("seq-kv", fmt.Sprintf(`{"type":"write","key":"x","value":%d}`, i))
			for range 2 {
				v := readX(t, h, "n2")
				require.GreaterOrEqual(t, v, last, "seed %d: n2 read %d after %d", seed, v, last)
				last = v
			}
		}
	}
}

// A cas that leaves the state it meets unchanged stands on that state, even
// a stale one: so two "identity" cases can both succeed (issue #39).
func TestSeqKVIdentityCASCanSucceedOnAStaleState(t *testing.T) {
	h := newHarness(t, 1)
	h.caller("n1").call("seq-kv", `{"type":"write","key":"x","value":1}`)
	h.caller("n1").call("seq-kv", `{"type":"write","key":"x","value":2}`)
	outcomes := map[string]int{}
	for i := range 64 {
		outcomes[h.caller("fresh"+strconv.Itoa(i)).call("seq-kv", `{"type":"cas","key":"x","from":1,"to":1}`)]++
	}
	assert.Positive(t, outcomes[`{"type":"cas_ok","in_reply_to":1}`], "%v", outcomes)
	assert.Positive(t, outcomes[`{"type":"error","code":22,"text":"current value 2 is not 1","in_reply_to":1}`], "%v", outcomes)
}

// A request that would change a stale state is applied to the newest state
// instead, so a change never forks the history.
func TestSeqKVChangesApplyToTheNewestState(t *testing.T) {
	h := newHarness(t, 1)
	h.caller("n1").call("seq-kv", `{"type":"write","key":"x","value":1}`)
	h.caller("n1").call("seq-kv", `{"type":"write","key":"x","value":2}`)
	outcomes := map[string]int{}
	for i := range 64 {
		outcomes[h.caller("fresh"+strconv.Itoa(i)).call("seq-kv", `{"type":"cas","key":"x","from":1,"to":3}`)]++
	}
	assert.Zero(t, outcomes[`{"type":"cas_ok","in_reply_to":1}`], "%v", outcomes)
	assert.Positive(t, outcomes[`{"type":"error","code":22,"text":"current value 2 is not 1","in_reply_to":1}`], "%v", outcomes)
	h.caller("n1").call("seq-kv", `{"type":"write","key":"sync","value":0}`)
	assert.Equal(t, 2, readX(t, h, "n1"))
}

func TestSeqKVCreateIfNotExists(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	assert.Equal(t, `{"type":"cas_ok","in_reply_to":1}`,
		n1.call("seq-kv", `{"type":"cas","key":"x","from":0,"to":5,"create_if_not_exists":true}`))
	assert.Equal(t, 5, readX(t, h, "n1"))
}

// Maelstrom's quirk, kept: a caller more than 32 states behind reads states
// picked modulo the ring buffer, so its reads can go backwards while it
// catches up.
func TestSeqKVCallerFarBehindCanReadBackwards(t *testing.T) {
	h := newHarness(t, 1)
	for i := 1; i <= 100; i++ {
		h.caller("n1").call("seq-kv", fmt.Sprintf(`{"type":"write","key":"x","value":%d}`, i))
	}
	backwards := 0
	for c := range 8 {
		id := "late" + strconv.Itoa(c)
		last := -1
		for range 20 {
			v := readX(t, h, id)
			assert.GreaterOrEqual(t, v, 100-31, "only the 32 newest states are held")
			if v < last {
				backwards++
			}
			last = v
		}
	}
	assert.Positive(t, backwards)
}
