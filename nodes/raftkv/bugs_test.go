package raftkv_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raftkv"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/network"
)

// zooFaults is the fault setting the bug zoo is tested under: partitions,
// crashes and pauses, changing about every second, on links with
// exponential latency (so messages overtake each other) that duplicate
// one message in twenty.
func zooFaults(o sim.Options) sim.Options {
	o.Nemesis, o.NemesisInterval = []string{"partition", "kill", "pause"}, time.Second
	o.LatencyDist, o.Duplicate = network.Exponential, 0.05
	return o
}

// What catches a bug: the linearizability checker (a read or a write's
// outcome no order of the operations explains), or Maelstrom's stats
// checker (some operation never succeeded at all).
const (
	byLinearizability = "linearizability"
	byStats           = "stats"
)

var zoo = []struct {
	name     string
	program  node.Program
	faults   func(sim.Options) sim.Options
	caughtBy string
}{
	{"raft-bug-stale-leader-reads", raftkv.BugStaleLeaderReads, zooFaults, byLinearizability},
	{"raft-bug-follower-local-reads", raftkv.BugFollowerLocalReads, zooFaults, byLinearizability},
	{"raft-bug-read-before-own-term-commit", raftkv.BugReadBeforeOwnTermCommit, zooFaults, byLinearizability},
	{"raft-bug-vote-without-log-check", raftkv.BugVoteWithoutLogCheck, zooFaults, byLinearizability},
	{"raft-bug-log-not-persisted", raftkv.BugLogNotPersisted, zooFaults, byLinearizability},
	{"raft-bug-fail-on-step-down", raftkv.BugFailOnStepDown, zooFaults, byLinearizability},
	{"raft-bug-no-dedup", raftkv.BugNoDedup, zooFaults, byLinearizability},
	// Conflicts need a leader deposed with entries nobody else has; they
	// come up more often without duplicates and reordering.
	{"raft-bug-no-truncate-on-conflict", raftkv.BugNoTruncateOnConflict, func(o sim.Options) sim.Options {
		o = zooFaults(o)
		o.LatencyDist, o.Duplicate = network.Constant, 0
		return o
	}, byLinearizability},
	// Equal timeouts split every vote when the nodes start together and
	// nothing desynchronizes them: partitions do not (crashes and pauses
	// would, and it would limp along). No leader, no successful operation.
	{"raft-bug-fixed-election-timeout", raftkv.BugFixedElectionTimeout, func(o sim.Options) sim.Options {
		o.Nemesis = []string{"partition"}
		return o
	}, byStats},
}

// TestBugZoo shows every planted bug caught within 100 seeds: it stops at
// the first seed whose run is invalid, checks what caught it, and checks
// that the reference passes every seed up to that one, under the same
// faults.
func TestBugZoo(t *testing.T) {
	for _, bug := range zoo {
		t.Run(bug.name, func(t *testing.T) {
			seed, res := firstInvalid(t, bug.program, bug.faults, 100)
			require.NotZero(t, seed, "not caught within 100 seeds")
			switch bug.caughtBy {
			case byLinearizability:
				assert.Equal(t, checker.Invalid, res.Workload.Verdict())
			case byStats:
				assert.Equal(t, checker.Invalid, res.Stats.Verdict())
				assert.Zero(t, res.Stats.OKCount)
			}
			t.Logf("caught at seed %d by %s; ok fraction %.2f", seed, bug.caughtBy, res.Availability.OKFraction)
			for s := range seed {
				ref := run(t, bug.faults(linKV(raftkv.Program, s+1)))
				assert.Equal(t, checker.Valid, ref.Valid, "the reference at seed %d", s+1)
			}
		})
	}
}

// firstInvalid returns the first seed in 1…limit whose run is invalid,
// with its result, or 0.
func firstInvalid(t *testing.T, program node.Program, faults func(sim.Options) sim.Options, limit uint64) (uint64, *sim.Result) {
	for seed := uint64(1); seed <= limit; seed++ {
		if res := run(t, faults(linKV(program, seed))); res.Valid != checker.Valid {
			return seed, res
		}
	}
	return 0, nil
}
