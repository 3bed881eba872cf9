package checker

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

var _ Result = CounterResult{}

// finalOp marks an op as part of a final read.
func finalOp(op history.Op) history.Op {
	op.Final = true
	return op
}

// counterAdds returns a pair of ops per delta, each completing with outcome.
func counterAdds(outcome history.Type, deltas ...int) []history.Op {
	var ops []history.Op
	for i, d := range deltas {
		v := strconv.Itoa(d)
		c := history.Op{Type: outcome, Process: 100 + i, F: "add", Value: raw(v)}
		ops = append(ops, inv(100+i, "add", v), c)
	}
	return ops
}

// counterFinalReads returns a final ok read per value, one process each.
func counterFinalReads(values ...string) []history.Op {
	var ops []history.Op
	for i, v := range values {
		ops = append(ops, finalOp(inv(200+i, "read", `null`)), finalOp(ok(200+i, "read", v)))
	}
	return ops
}

func counterHistory(parts ...[]history.Op) history.History {
	return hist(slices.Concat(parts...)...)
}

func TestCounterExactSum(t *testing.T) {
	h := counterHistory(counterAdds(history.OK, 1, 2, 3), counterFinalReads(`6`, `6`))
	r := Counter(h)
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, [][2]int64{{6, 6}}, r.Acceptable)
	require.Equal(t, jsonList(`6`, `6`), r.FinalReads)
	require.Empty(t, r.Errors)
	require.False(t, r.Approximate)
}

func TestCounterIndefiniteAddsAreSubsetSums(t *testing.T) {
	// Two timed-out adds of 5: 0, 5 or 10, but not 1…4 or 6…9.
	h := counterHistory(counterAdds(history.Info, 5, 5), counterFinalReads(`0`, `5`, `10`))
	r := Counter(h)
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, [][2]int64{{0, 0}, {5, 5}, {10, 10}}, r.Acceptable)

	r = Counter(counterHistory(counterAdds(history.Info, 5, 5), counterFinalReads(`7`)))
	require.Equal(t, Invalid, r.Verdict())

	// On top of the definite sum.
	r = Counter(counterHistory(counterAdds(history.OK, 1, 2), counterAdds(history.Info, 5, 5)))
	require.Equal(t, [][2]int64{{3, 3}, {8, 8}, {13, 13}}, r.Acceptable)

	// Ranges that touch merge: 0/1, then 0…2 and 3…5 become 0…5.
	r = Counter(counterHistory(counterAdds(history.Info, 1, 3, 1)))
	require.Equal(t, [][2]int64{{0, 5}}, r.Acceptable)
}

func TestCounterNegativeDeltas(t *testing.T) {
	// ok +2; maybe −3; maybe +4: {2, −1, 6, 3}.
	h := counterHistory(counterAdds(history.OK, 2), counterAdds(history.Info, -3, 4), counterFinalReads(`-1`, `3`))
	r := Counter(h)
	require.Equal(t, [][2]int64{{-1, -1}, {2, 3}, {6, 6}}, r.Acceptable)
	require.Equal(t, Valid, r.Verdict())
}

func TestCounterFinalReadOutsideIsInvalid(t *testing.T) {
	h := counterHistory(
		counterAdds(history.OK, 4),
		[]history.Op{inv(1, "read", `null`), ok(1, "read", `99`)}, // not final: anything goes
		counterFinalReads(`4`, `5`, `3`),
	)
	r := Counter(h)
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 2, r.ErrorCount)
	require.Equal(t, []CounterError{
		{Index: 7, Process: 201, Value: raw(`5`)},
		{Index: 9, Process: 202, Value: raw(`3`)},
	}, r.Errors)
	require.Equal(t, jsonList(`4`, `5`, `3`), r.FinalReads)
}

func TestCounterOutcomes(t *testing.T) {
	h := counterHistory(
		counterAdds(history.OK, 10),
		[]history.Op{
			inv(1, "add", `1`), fail(1, "add", "abort"), // did not happen
			inv(2, "add", `100`), // never completed: may have happened
		},
		counterFinalReads(`10`, `110`),
	)
	r := Counter(h)
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, [][2]int64{{10, 10}, {110, 110}}, r.Acceptable)

	// A final read that failed or timed out is not checked; marking the
	// completion alone makes a read final.
	h = counterHistory(counterAdds(history.OK, 10), []history.Op{
		finalOp(inv(3, "read", `null`)), finalOp(info(3, "read", "net-timeout")),
		inv(4, "read", `null`), finalOp(ok(4, "read", `11`)),
	})
	r = Counter(h)
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, jsonList(`11`), r.FinalReads)
}

func TestCounterNoFinalReadIsUnknown(t *testing.T) {
	r := Counter(counterHistory(counterAdds(history.OK, 1), []history.Op{inv(1, "read", `null`), ok(1, "read", `1`)}))
	require.Equal(t, Unknown, r.Verdict())
	require.Empty(t, r.FinalReads)
	require.Equal(t, Unknown, Counter(nil).Verdict())
}

func TestCounterReadsThatAreNotIntegers(t *testing.T) {
	r := Counter(counterHistory(counterAdds(history.OK, 1), counterFinalReads(`1.0`, `"1"`, `null`, `1e0`, `99999999999999999999`, `1`)))
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 5, r.ErrorCount)
	var got []string
	for _, e := range r.Errors {
		got = append(got, string(e.Value))
	}
	require.Equal(t, []string{`1.0`, `"1"`, `null`, `1e0`, `99999999999999999999`}, got)

	// -0 is 0.
	require.Equal(t, Valid, Counter(counterHistory(counterFinalReads(`-0`))).Verdict())
}

func TestCounterListsSixteenErrors(t *testing.T) {
	var vs []string
	for i := range 20 {
		vs = append(vs, strconv.Itoa(i+1))
	}
	r := Counter(counterHistory(counterFinalReads(vs...)))
	require.Equal(t, 20, r.ErrorCount)
	require.Len(t, r.Errors, MaxListedErrors)
	require.Len(t, r.FinalReads, 20)
}

func TestCounterApproximate(t *testing.T) {
	// Fourteen indefinite adds of distinct powers of two, doubled: 16,384
	// even sums, none adjacent, more than MaxCounterRanges.
	var ds []int
	for i := 1; i <= 14; i++ {
		ds = append(ds, 1<<i)
	}
	r := Counter(counterHistory(counterAdds(history.Info, ds...), counterFinalReads(`3`)))
	require.True(t, r.Approximate)
	require.Equal(t, [][2]int64{{0, 1<<15 - 2}}, r.Acceptable)
	require.Equal(t, Unknown, r.Verdict(), "3 is in the hull but not a subset sum")
	require.Equal(t, Invalid, Counter(counterHistory(counterAdds(history.Info, ds...), counterFinalReads(`-1`))).Verdict())

	// Thirteen stay exact: 8,192 ranges.
	r = Counter(counterHistory(counterAdds(history.Info, ds[:13]...)))
	require.False(t, r.Approximate)
	require.Len(t, r.Acceptable, 1<<13)
}

func TestCounterRangesAreSubsetSums(t *testing.T) {
	for seed := range uint64(500) {
		rng := rand.New(rand.NewPCG(seed, 11))
		set := []counterRange{{0, 0}}
		sums := map[int64]bool{0: true}
		for range rng.IntN(8) {
			d := int64(rng.IntN(21) - 10)
			set = unionShifted(set, d)
			next := map[int64]bool{}
			for s := range sums {
				next[s], next[s+d] = true, true
			}
			sums = next
		}
		// The set's ranges are sorted, disjoint and apart, and hold exactly
		// the subset sums.
		var in []int64
		for i, c := range set {
			require.LessOrEqual(t, c.lo, c.hi)
			if i > 0 {
				require.Greater(t, c.lo, set[i-1].hi+1, "seed %d: %v", seed, set)
			}
			for n := c.lo; n <= c.hi; n++ {
				in = append(in, n)
			}
		}
		var want []int64
		for s := range sums {
			want = append(want, s)
		}
		slices.Sort(want)
		require.Equal(t, want, in, fmt.Sprintf("seed %d", seed))
		for n := int64(-100); n <= 100; n++ {
			require.Equal(t, sums[n], inRanges(set, n))
		}
	}
}

func TestCounterJSON(t *testing.T) {
	r := Counter(counterHistory(counterAdds(history.Info, 5, 5), counterFinalReads(`5`, `7`)))
	require.Equal(t,
		`{"valid?":false,"errors":[{"index":7,"process":201,"value":7}],"error-count":1,`+
			`"final-reads":[5,7],"acceptable":[[0,0],[5,5],[10,10]]}`,
		marshal(t, r))
	require.ElementsMatch(t, []string{"valid?", "errors", "error-count", "final-reads", "acceptable"}, keys(t, r))

	r = Counter(nil)
	require.Equal(t, `{"valid?":"unknown","errors":[],"error-count":0,"final-reads":[],"acceptable":[[0,0]]}`, marshal(t, r))
}
