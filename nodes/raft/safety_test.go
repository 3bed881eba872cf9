package raft_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/raft"
)

// A randomized check of Raft's safety properties (Figure 3): random
// schedules of ticks, proposals, reads and compactions, messages delivered
// out of order, dropped or duplicated, crashes and restarts, partitions;
// after every step, Election Safety, Log Matching and State Machine Safety
// must hold. The same check catches the core's planted bugs, including the
// two that end-to-end runs under random faults do not reach (see
// nodes/raftkv): a commit of an earlier term's entry by counting, and a
// vote forgotten in a restart.

// shapes are the clusters explored: five servers sending two entries per
// AppendEntries, and three sending one, with longer schedules, where a
// Figure 8 situation comes up more often.
var shapes = []struct{ servers, maxEntries, steps int }{{5, 2, 1500}, {3, 1, 4000}}

func TestSafetyUnderRandomSchedules(t *testing.T) {
	schedules := uint64(300)
	if testing.Short() {
		schedules = 30
	}
	for _, shape := range shapes {
		for seed := range schedules {
			c, err := newCluster(shape.servers, shape.maxEntries, 0, &strings.Builder{})
			require.NoError(t, err)
			if v := explore(c, seed, shape.steps); v != "" {
				t.Fatalf("%+v, schedule %d: %s", shape, seed, v)
			}
		}
	}
}

func TestSafetyCheckCatchesPlantedBugs(t *testing.T) {
	for _, bug := range []struct {
		name        string
		bugs        raft.Bug
		forgetVotes bool
		shape       int
	}{
		{"no-truncate-on-conflict", raft.BugNoTruncateOnConflict, false, 0},
		{"vote-without-log-check", raft.BugVoteWithoutLogCheck, false, 0},
		{"vote-not-persisted", 0, true, 0},
		{"commit-previous-term", raft.BugCommitPreviousTerm, false, 1},
	} {
		t.Run(bug.name, func(t *testing.T) {
			if testing.Short() && bug.shape == 1 {
				t.Skip("hundreds of long schedules")
			}
			shape := shapes[bug.shape]
			for seed := range uint64(1000) {
				c, err := newCluster(shape.servers, shape.maxEntries, bug.bugs, &strings.Builder{})
				require.NoError(t, err)
				c.forgetVotes = bug.forgetVotes
				if v := explore(c, seed, shape.steps); v != "" {
					t.Logf("caught by schedule %d: %s", seed, v)
					return
				}
			}
			t.Fatal("not caught in 1000 schedules")
		})
	}
}

// explore runs a random schedule of steps on c and returns the first
// violated property, or "".
func explore(c *cluster, seed uint64, steps int) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	w := &watch{leaders: map[uint64]string{}}
	proposed := 0
	for range steps {
		c.out.Reset()
		s := c.servers[c.ids[rng.IntN(len(c.ids))]]
		switch p := rng.IntN(100); {
		case p < 30:
			if s.r != nil {
				c.do(s, "", func(r *raft.Raft) error { r.Tick(); return nil })
			}
		case p < 70 && len(c.inflight) > 0:
			c.deliverAt(rng.IntN(len(c.inflight)))
		case p < 75 && len(c.inflight) > 0:
			i := rng.IntN(len(c.inflight))
			c.inflight = append(c.inflight[:i], c.inflight[i+1:]...)
		case p < 78 && len(c.inflight) > 0:
			c.inflight = append(c.inflight, c.inflight[rng.IntN(len(c.inflight))])
		case p < 88 && s.r != nil:
			proposed++
			cmd := fmt.Sprintf("c%d", proposed)
			c.do(s, "", func(r *raft.Raft) error { _, _, err := r.Propose([]byte(cmd)); return nil_(err) })
		case p < 90 && s.r != nil:
			c.do(s, "", func(r *raft.Raft) error { return nil_(r.ReadIndex(uint64(proposed))) })
		case p < 92 && s.r != nil && s.r.Status().Applied > s.snap.Index:
			snap, _ := s.r.Compact(s.r.Status().Applied, []byte(strings.Join(s.sm, " ")))
			s.log = slices.DeleteFunc(s.log, func(e raft.Entry) bool { return e.Index <= snap.Index })
			s.snap = snap
		case p < 95 && s.r != nil:
			c.crash(s)
		case p < 97 && s.r == nil:
			if err := c.start(s); err != nil {
				return err.Error()
			}
		case p < 99:
			var a, b []string
			for _, id := range c.ids {
				if rng.IntN(2) == 0 {
					a = append(a, id)
				} else {
					b = append(b, id)
				}
			}
			c.partition([][]string{a, b})
		default:
			c.partition(nil)
		}
		if v := w.check(c); v != "" {
			return v
		}
	}
	return ""
}

// nil_ ignores ErrNotLeader, the expected answer of most servers.
func nil_(err error) error {
	if err == raft.ErrNotLeader {
		return nil
	}
	return err
}

// watch remembers what the properties need across steps: who led each
// term, and the longest sequence of commands any state machine applied.
type watch struct {
	leaders map[uint64]string
	applied []string
}

func (w *watch) check(c *cluster) string {
	for _, id := range c.ids {
		s := c.servers[id]
		if s.r == nil {
			continue
		}
		st := s.r.Status()
		if st.Role == raft.Leader {
			if other, ok := w.leaders[st.Term]; ok && other != id {
				return fmt.Sprintf("Election Safety: %s and %s both lead term %d", other, id, st.Term)
			}
			w.leaders[st.Term] = id
		}
		// Every state machine applies a prefix of one sequence.
		short, long := s.sm, w.applied
		if len(short) > len(long) {
			short, long = long, short
		}
		if !slices.Equal(short, long[:len(short)]) {
			return fmt.Sprintf("State Machine Safety: %s applied %v, another %v", id, s.sm, w.applied)
		}
		if len(s.sm) > len(w.applied) {
			w.applied = slices.Clone(s.sm)
		}
	}
	return logMatching(c)
}

// logMatching checks that two logs holding an entry with the same index
// and term hold the same command there.
func logMatching(c *cluster) string {
	at := map[[2]uint64]string{} // (index, term) → command
	for _, id := range c.ids {
		if s := c.servers[id]; s.r != nil {
			for _, e := range s.r.Log() {
				key := [2]uint64{e.Index, e.Term}
				if cmd, ok := at[key]; ok && cmd != string(e.Data) {
					return fmt.Sprintf("Log Matching: entry %d@t%d is %q on one server, %q on %s", e.Index, e.Term, cmd, e.Data, id)
				}
				at[key] = string(e.Data)
			}
		}
	}
	return ""
}

func TestSafetyCheckCanFail(t *testing.T) {
	c, err := newCluster(3, 0, 0, &strings.Builder{})
	require.NoError(t, err)
	w := &watch{leaders: map[uint64]string{}, applied: []string{"x"}}
	c.servers["n1"].sm = []string{"y"}
	assert.Contains(t, w.check(c), "State Machine Safety")
}
