package engine

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Removing from anywhere keeps the heap a heap: every parent runs before
// its children.
func TestQueueRemoveKeepsTheHeapOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var q queue
	seq := uint64(0)
	for range 2000 {
		if len(q) > 0 && r.IntN(3) == 0 {
			q.remove(r.IntN(len(q)))
		} else {
			seq++
			q.push(event{at: time.Duration(r.IntN(100)), seq: seq})
		}
		for i := 1; i < len(q); i++ {
			require.False(t, q[i].before(&q[(i-1)/2]), "event %d runs before its parent", i)
		}
	}
}
