package txn

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
)

func TestParseModels(t *testing.T) {
	for _, m := range []string{
		"read-uncommitted", "read-committed", "repeatable-read", "cursor-stability",
		"monotonic-atomic-view", "read-atomic", "causal-cerone", "prefix",
		"parallel-snapshot-isolation", "snapshot-isolation", "consistent-view",
		"forward-consistent-view", "update-serializable", "serializable",
		"strong-session-serializable", "strong-snapshot-isolation",
		"strong-session-snapshot-isolation", "strict-serializable", "strong-serializable",
		"PL-1", "PL-2", "PL-2.99", "PL-3", "PL-SI", "PL-SS", "PL-2+", "PL-CS",
		"linearizable", "strong-read-committed",
	} {
		assert.NoError(t, ParseModels([]string{m}), m)
	}
	err := ParseModels([]string{"serializable", "read-committed,serializable"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown consistency model "read-committed,serializable"; known models are: `)
	assert.Contains(t, err.Error(), "strict-serializable")

	r := CheckListAppend(nil, Options{ConsistencyModels: []string{"stricct-serializable"}})
	assert.Equal(t, checker.Unknown, r.Valid)
	assert.Contains(t, r.Error, `"stricct-serializable"`)
	r = CheckListAppend(nil, Options{Anomalies: []string{"G9"}})
	assert.Contains(t, r.Error, `unknown anomaly "G9"`)
}

// boundaryOf returns not and also-not as sets.
func boundaryOf(anomalies ...string) (not, alsoNot []string) {
	return boundary(anomalies)
}

func TestBoundaryMatchesElle(t *testing.T) {
	// Cases from Elle 0.2.2's consistency-model tests.
	not, also := boundaryOf()
	assert.Empty(t, not)
	assert.Empty(t, also)

	not, also = boundaryOf("G-single")
	assert.Equal(t, []string{"consistent-view"}, not)
	assert.Equal(t, []string{
		"forward-consistent-view", "serializable", "snapshot-isolation",
		"strong-serializable", "strong-session-serializable",
		"strong-session-snapshot-isolation", "strong-snapshot-isolation",
		"update-serializable",
	}, also)

	not, also = boundaryOf("internal")
	assert.Equal(t, []string{"read-atomic"}, not)
	assert.Equal(t, []string{
		"causal-cerone", "parallel-snapshot-isolation", "prefix", "serializable",
		"snapshot-isolation", "strong-serializable", "strong-session-serializable",
		"strong-session-snapshot-isolation", "strong-snapshot-isolation", "update-atomic",
	}, also)

	not, also = boundaryOf("G1a")
	assert.Equal(t, []string{"read-committed"}, not)
	assert.Equal(t, []string{
		"causal-cerone", "consistent-view", "cursor-stability", "forward-consistent-view",
		"monotonic-atomic-view", "monotonic-snapshot-read", "monotonic-view",
		"parallel-snapshot-isolation", "prefix", "read-atomic", "repeatable-read",
		"serializable", "snapshot-isolation", "strong-read-committed", "strong-serializable",
		"strong-session-read-committed", "strong-session-serializable",
		"strong-session-snapshot-isolation", "strong-snapshot-isolation",
		"update-atomic", "update-serializable",
	}, also)

	not, also = boundaryOf("G2", "internal")
	assert.Equal(t, []string{"read-atomic"}, not)
	assert.Equal(t, []string{
		"causal-cerone", "parallel-snapshot-isolation", "prefix", "serializable",
		"snapshot-isolation", "strong-serializable", "strong-session-serializable",
		"strong-session-snapshot-isolation", "strong-snapshot-isolation", "update-atomic",
	}, also)

	not, _ = boundaryOf("lost-update")
	assert.Equal(t, []string{"cursor-stability", "update-atomic"}, not)

	not, also = boundaryOf("G-single-realtime")
	assert.Equal(t, []string{"strong-snapshot-isolation"}, not)
	assert.Equal(t, []string{"strong-serializable"}, also)

	not, also = boundaryOf("cyclic-versions")
	assert.Equal(t, []string{"read-uncommitted"}, not)
	assert.Equal(t, []string{
		"causal-cerone", "consistent-view", "cursor-stability", "forward-consistent-view",
		"monotonic-atomic-view", "monotonic-snapshot-read", "monotonic-view",
		"parallel-snapshot-isolation", "prefix", "read-atomic", "read-committed",
		"repeatable-read", "serializable", "snapshot-isolation", "strong-read-committed",
		"strong-read-uncommitted", "strong-serializable", "strong-session-read-committed",
		"strong-session-read-uncommitted", "strong-session-serializable",
		"strong-session-snapshot-isolation", "strong-snapshot-isolation", "update-atomic",
		"update-serializable",
	}, also)

	// What the fixtures rely on: G2-item leaves snapshot isolation
	// standing; G-nonadjacent does not.
	not, also = boundaryOf("G2-item")
	assert.Equal(t, []string{"repeatable-read"}, not)
	assert.Equal(t, []string{"serializable", "strong-serializable", "strong-session-serializable"}, also)
	not, _ = boundaryOf("G-nonadjacent-item")
	assert.Equal(t, []string{"repeatable-read", "snapshot-isolation"}, not)
}

func TestProhibitedMatchesElle(t *testing.T) {
	got := sortedKeys(prohibited([]string{"read-committed"}, nil))
	assert.Equal(t, []string{
		"G0", "G1", "G1a", "G1b", "G1c", "cyclic-versions", "dirty-update",
		"duplicate-elements", "future-read", aGarbageRead, "incompatible-order", aMalformed,
	}, got)

	// Strict serializability forbids everything this package finds, except
	// the unknown-making ones.
	strict := prohibited([]string{"strict-serializable"}, nil)
	for _, a := range []string{
		"G0", "G1a", "G1b", "G1c", "G-single-item", "G-nonadjacent-item", "G2-item",
		"G0-realtime", "G1c-realtime", "G-single-item-realtime", "G2-item-realtime",
		"G0-process", "G-single-item-process", "internal", "future-read",
		"incompatible-order", "duplicate-elements", "dirty-update", "lost-update",
		"cyclic-versions", aGarbageRead, aMalformed,
	} {
		assert.True(t, strict[a], a)
	}
	for _, a := range unknownAnomalies {
		assert.False(t, strict[a], a)
	}

	// Extra anomalies are forbidden with everything implying them.
	extra := prohibited([]string{"read-uncommitted"}, []string{"G2-item"})
	assert.True(t, extra["G-single-item"])
	assert.True(t, extra["lost-update"])
	assert.False(t, extra["G2"])
}

func TestEdgesFollowModels(t *testing.T) {
	for _, c := range []struct {
		models            []string
		process, realtime bool
	}{
		{nil, false, true},
		{[]string{"serializable"}, false, false},
		{[]string{"strong-session-serializable"}, true, false},
		{[]string{"strong-session-snapshot-isolation"}, true, false},
		{[]string{"strong-snapshot-isolation"}, false, true},
		{[]string{"read-committed", "strong-session-read-uncommitted"}, true, false},
	} {
		cfg, err := resolve(Options{ConsistencyModels: c.models})
		require.NoError(t, err)
		assert.Equal(t, c.process, cfg.process, "%v", c.models)
		assert.Equal(t, c.realtime, cfg.realtime, "%v", c.models)
	}
}

func TestEveryModelNameIsOutputFriendly(t *testing.T) {
	for _, m := range knownModels() {
		f := friendlyModel(canonicalModel(m))
		assert.True(t, slices.Contains(knownModels(), f), "%s → %s", m, f)
	}
}
