package txn_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eddy-sim/eddy/nodes/txn"
	"github.com/eddy-sim/eddy/sim/checker"
)

// Each planted bug, run as the challenge it fails, is caught on every one
// of ten seeds, by the anomaly it plants.
func TestPlantedBugsAreCaught(t *testing.T) {
	n := uint64(10)
	if testing.Short() {
		n = 3
	}
	for seed := range n {
		// 6c: read committed, two nodes, partitions.
		_, elle := run(t, glomers("txn-rw-register", txn.BugDirtyRead, 2, "read-committed", seed, "partition"))
		assert.Equal(t, checker.Invalid, elle.Verdict(), "dirty read, seed %d: %v", seed, elle.AnomalyTypes)
		assert.Contains(t, elle.AnomalyTypes, "G1a", "dirty read, seed %d", seed)

		// 6a, claiming serializability; a few seconds show it.
		o := glomers("txn-rw-register", txn.BugNoIsolation, 1, "serializable", seed)
		o.TimeLimit = 3 * time.Second
		_, elle = run(t, o)
		assert.Equal(t, checker.Invalid, elle.Verdict(), "no isolation, seed %d: %v", seed, elle.AnomalyTypes)
		assert.Contains(t, elle.AnomalyTypes, "G1b", "no isolation, seed %d: intermediate reads", seed)
	}
}

// On one node nothing conflicts, so the dirty-read bug never aborts and
// passes: it takes two to see it.
func TestDirtyReadNeedsTwoNodes(t *testing.T) {
	res, elle := run(t, glomers("txn-rw-register", txn.BugDirtyRead, 1, "read-committed", 1))
	assert.Equal(t, checker.Valid, res.Valid, "%v", elle.AnomalyTypes)
}
