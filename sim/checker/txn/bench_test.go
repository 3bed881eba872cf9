package txn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

func TestSyntheticSerializableHistoriesAreValid(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		o := defaultGen(3000)
		o.seed = seed
		h := generate(o)
		t.Logf("list-append seed %d: %s", seed, describe(h))
		for _, opts := range []Options{{}, serializable,
			{ConsistencyModels: []string{"strong-session-serializable"}},
			{ProcessEdges: true, RealtimeEdges: true}} {
			r := CheckListAppend(h, opts)
			require.Equal(t, checker.Valid, r.Valid, "seed %d %+v: %v %v", seed, opts, r.AnomalyTypes, r.Anomalies)
		}

		o.registers = true
		h = generate(o)
		t.Logf("rw-register seed %d: %s", seed, describe(h))
		for _, opts := range []Options{{}, {SequentialKeys: true, LinearizableKeys: true}} {
			r := CheckRWRegister(h, opts)
			require.Equal(t, checker.Valid, r.Valid, "seed %d %+v: %v %v", seed, opts, r.AnomalyTypes, r.Anomalies)
		}
	}
}

func TestSyntheticLostAppendsAreCaught(t *testing.T) {
	o := defaultGen(3000)
	o.lostUpdates = true
	h := generate(o)
	r := CheckListAppend(h, Options{})
	assert.Equal(t, checker.Invalid, r.Valid)
	assert.NotEmpty(t, r.AnomalyTypes)
	requireExplained(t, r)
	for typ, list := range r.Anomalies {
		assert.LessOrEqual(t, len(list), DefaultMaxExplained, typ)
	}
	t.Logf("anomalies: %v; not %v", r.AnomalyTypes, r.Not)
}

func TestSyntheticStaleReadsAreCaught(t *testing.T) {
	for _, registers := range []bool{false, true} {
		o := defaultGen(3000)
		o.staleReads, o.registers = true, registers
		h := generate(o)
		var r Result
		if registers {
			r = CheckRWRegister(h, Options{SequentialKeys: true})
		} else {
			r = CheckListAppend(h, Options{})
		}
		assert.Equal(t, checker.Invalid, r.Valid)
		t.Logf("registers %v: anomalies %v; not %v", registers, r.AnomalyTypes, r.Not)
		requireExplained(t, r)
	}
}

// requireExplained checks every step of every cycle was explained by the
// data, not by the fallback.
func requireExplained(t *testing.T, r Result) {
	t.Helper()
	for typ, list := range r.Anomalies {
		for _, a := range list {
			require.NotEmpty(t, a.Explanation, typ)
			for _, s := range a.Steps {
				require.NotContains(t, s.Explanation, "-depends on", "%s: %s", typ, a.Explanation)
			}
		}
	}
}

func TestCheckIsDeterministic(t *testing.T) {
	o := defaultGen(2000)
	o.lostUpdates = true
	h := generate(o)
	first := marshal(t, CheckListAppend(h, Options{}))
	for range 3 {
		assert.Equal(t, first, marshal(t, CheckListAppend(h, Options{})))
	}
	o.registers = true
	h = generate(o)
	first = marshal(t, CheckRWRegister(h, Options{LinearizableKeys: true}))
	assert.Equal(t, first, marshal(t, CheckRWRegister(h, Options{LinearizableKeys: true})))
}

func benchmarkListAppend(b *testing.B, n int) {
	h := generate(defaultGen(n))
	b.ResetTimer()
	for b.Loop() {
		if r := CheckListAppend(h, Options{}); r.Valid != checker.Valid {
			b.Fatalf("invalid: %v", r.AnomalyTypes)
		}
	}
	b.ReportMetric(float64(len(h)), "history-ops")
}

func BenchmarkListAppend10k(b *testing.B)  { benchmarkListAppend(b, 10_000) }
func BenchmarkListAppend100k(b *testing.B) { benchmarkListAppend(b, 100_000) }

func BenchmarkRWRegister100k(b *testing.B) {
	o := defaultGen(100_000)
	o.registers = true
	h := generate(o)
	b.ResetTimer()
	for b.Loop() {
		if r := CheckRWRegister(h, Options{}); r.Valid != checker.Valid {
			b.Fatalf("invalid: %v", r.AnomalyTypes)
		}
	}
}

var _ history.History // keep the import when benchmarks change
