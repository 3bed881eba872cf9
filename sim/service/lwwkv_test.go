package service_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const missing = `{"type":"error","code":20,"text":"key does not exist"`

// Maelstrom's lww-kv never merges its two replicas: a value written once is
// on one of them, and each read finds it with probability one half, forever.
func TestLWWKVReplicasNeverConverge(t *testing.T) {
	h := newHarness(t, 1)
	h.caller("n1").call("lww-kv", `{"type":"write","key":"x","value":1}`)
	n2 := h.caller("n2")
	found := [2]int{} // in the first and the second half of the reads
	for i := range 400 {
		reply := n2.call("lww-kv", `{"type":"read","key":"x"}`)
		switch {
		case strings.HasPrefix(reply, `{"type":"read_ok","value":1,`):
			found[i/200]++
		default:
			require.True(t, strings.HasPrefix(reply, missing), reply)
		}
	}
	for half, n := range found {
		assert.InDelta(t, 100, n, 30, "half %d: the write is seen by about half the reads", half)
	}
}

func TestLWWKVReplicasHoldDifferentValues(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	for range 10 { // lands on both replicas, almost surely
		n1.call("lww-kv", `{"type":"write","key":"x","value":"a"}`)
	}
	n1.call("lww-kv", `{"type":"write","key":"x","value":"b"}`) // lands on one
	seen := map[string]int{}
	for range 40 {
		reply := n1.call("lww-kv", `{"type":"read","key":"x"}`)
		seen[reply[:strings.LastIndex(reply, ",")]]++
	}
	assert.Len(t, seen, 2, "the two replicas keep different values: %v", seen)
	assert.Contains(t, seen, `{"type":"read_ok","value":"a"`)
	assert.Contains(t, seen, `{"type":"read_ok","value":"b"`)
}

func TestLWWKVIgnoresCreateIfNotExists(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	for range 20 {
		reply := n1.call("lww-kv", `{"type":"cas","key":"y","from":0,"to":1,"create_if_not_exists":true}`)
		assert.True(t, strings.HasPrefix(reply, missing), reply)
	}
	for range 20 {
		assert.True(t, strings.HasPrefix(n1.call("lww-kv", `{"type":"read","key":"y"}`), missing))
	}
}

// lww-kv prints from with str, not pr-str: a string comes out bare.
func TestLWWKVPreconditionText(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	for range 8 { // lands on both replicas, almost surely
		n1.call("lww-kv", `{"type":"write","key":"x","value":"a"}`)
	}
	assert.Equal(t, `{"type":"error","code":22,"text":"current value \"a\" is not b","in_reply_to":9}`,
		n1.call("lww-kv", `{"type":"cas","key":"x","from":"b","to":"c"}`))
	assert.Equal(t, `{"type":"error","code":22,"text":"current value \"a\" is not ","in_reply_to":10}`,
		n1.call("lww-kv", `{"type":"cas","key":"x","from":null,"to":"c"}`))
	assert.Equal(t, `{"type":"cas_ok","in_reply_to":11}`, n1.call("lww-kv", `{"type":"cas","key":"x","from":"a","to":"c"}`))
}
