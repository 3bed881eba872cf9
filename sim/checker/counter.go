package checker

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/eddy-sim/eddy/sim/history"
)

// MaxCounterRanges bounds the acceptable set of a counter check. Past it,
// the set is replaced by its convex hull (one range) and the report says
// it is approximate. Maelstrom's small deltas keep the set to a handful of
// ranges; it grows only with many indefinite adds of widely spread deltas.
const MaxCounterRanges = 10_000

// CounterResult is Maelstrom's g-counter and pn-counter checker report.
type CounterResult struct {
	// Valid is false if some ok final read is outside Acceptable; else
	// unknown if there was no ok final read (nothing was checked) or the
	// set is approximate; else true.
	Valid Validity `json:"valid?"`
	// Errors lists the first MaxListedErrors final reads outside
	// Acceptable; ErrorCount counts them all.
	Errors     []CounterError `json:"errors"`
	ErrorCount int            `json:"error-count"`
	// FinalReads are the values of the ok final reads, in history order.
	FinalReads []json.RawMessage `json:"final-reads"`
	// Acceptable is the set of values a final read may return: sorted,
	// disjoint, non-adjacent closed ranges [lo, hi].
	Acceptable [][2]int64 `json:"acceptable"`
	// Approximate is true if Acceptable was widened to its convex hull
	// because it exceeded MaxCounterRanges ranges.
	Approximate bool `json:"approximate,omitempty"`
}

// CounterError is a final read outside the acceptable set.
type CounterError struct {
	Index   int             `json:"index"` // the read's ok completion
	Process int             `json:"process"`
	Value   json.RawMessage `json:"value"`
}

// Verdict is invalid if a final read was outside the acceptable set.
func (r CounterResult) Verdict() Validity { return r.Valid }

// Counter is Maelstrom's counter checker, shared by g-counter and
// pn-counter. Adds have f "add" and an integer delta as their invocation's
// value; reads have f "read" and return an integer. Only the ok reads
// marked final (on the invocation or the completion) are checked; the
// others may return anything.
//
// A final read must be the sum of the deltas of all ok adds plus those of
// any subset of the indefinite adds (info, or never completed); failed
// adds did not happen. The acceptable set starts as that sum, and each
// indefinite delta d turns a set R into R ∪ (R + d), ranges that overlap or
// touch being merged: deltas 5 and 5 give {0, 5, 10} around the sum, not
// 0…10. This is the set of subset sums exactly, as Maelstrom's range set
// is, unless it outgrows MaxCounterRanges (see CounterResult.Approximate).
//
// A read whose value is not a JSON integer (or is outside int64) is an
// error; an add whose delta is not one is ignored (Maelstrom's generator
// never makes one). Maelstrom is valid whenever there are no errors, even
// with no final read at all; here a run with no ok final read is unknown,
// since it shows nothing about the counter.
func Counter(h history.History) CounterResult {
	r := CounterResult{Errors: []CounterError{}, FinalReads: []json.RawMessage{}}
	var sum int64
	var indefinite []int64
	var finals []*history.Op
	for _, p := range h.Pairs() {
		switch p.Invoke.F {
		case "add":
			d, ok := counterInt(p.Invoke.Value)
			if !ok {
				continue
			}
			switch p.Outcome() {
			case history.OK:
				sum += d
			case history.Info:
				indefinite = append(indefinite, d)
			}
		case "read":
			if p.Outcome() == history.OK && (p.Invoke.Final || p.Completion.Final) {
				finals = append(finals, p.Completion)
			}
		}
	}

	set := []counterRange{{sum, sum}}
	for _, d := range indefinite {
		set = unionShifted(set, d)
		if len(set) > MaxCounterRanges {
			set = []counterRange{{set[0].lo, set[len(set)-1].hi}}
			r.Approximate = true
		}
	}
	r.Acceptable = make([][2]int64, len(set))
	for i, s := range set {
		r.Acceptable[i] = [2]int64{s.lo, s.hi}
	}

	for _, op := range finals {
		v := displayable(op.Value)
		if v == nil {
			v = json.RawMessage("null")
		}
		r.FinalReads = append(r.FinalReads, v)
		if n, ok := counterInt(op.Value); ok && inRanges(set, n) {
			continue
		}
		r.ErrorCount++
		if len(r.Errors) < MaxListedErrors {
			r.Errors = append(r.Errors, CounterError{Index: op.Index, Process: op.Process, Value: v})
		}
	}

	switch {
	case r.ErrorCount > 0:
		r.Valid = Invalid
	case len(finals) == 0 || r.Approximate:
		r.Valid = Unknown
	default:
		r.Valid = Valid
	}
	return r
}

// counterRange is the closed integer range [lo, hi].
type counterRange struct{ lo, hi int64 }

// unionShifted returns R ∪ (R + d) for a sorted set R of disjoint,
// non-adjacent ranges, in the same form.
func unionShifted(set []counterRange, d int64) []counterRange {
	if d == 0 {
		return set
	}
	if len(set) == 1 && absDelta(d) <= set[0].hi-set[0].lo+1 { // the common case
		s := set[0]
		return []counterRange{{min(s.lo, s.lo+d), max(s.hi, s.hi+d)}}
	}
	out := make([]counterRange, 0, 2*len(set))
	add := func(c counterRange) {
		if n := len(out); n > 0 && c.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, c.hi)
			return
		}
		out = append(out, c)
	}
	i, j := 0, 0 // into set, and into set shifted by d
	for i < len(set) || j < len(set) {
		if j == len(set) || i < len(set) && set[i].lo <= set[j].lo+d {
			add(set[i])
			i++
		} else {
			add(counterRange{set[j].lo + d, set[j].hi + d})
			j++
		}
	}
	return out
}

// inRanges reports whether n lies in one of the sorted ranges.
func inRanges(set []counterRange, n int64) bool {
	i, _ := slices.BinarySearchFunc(set, n, func(c counterRange, n int64) int {
		switch {
		case c.hi < n:
			return -1
		case c.lo > n:
			return 1
		}
		return 0
	})
	return i < len(set) && set[i].lo <= n && n <= set[i].hi
}

// counterInt reads a JSON integer that fits in an int64 (-0 is 0; 1.0 is not
// an integer, as in Clojure).
func counterInt(raw json.RawMessage) (int64, bool) {
	text, ok := canonical(raw)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	return n, err == nil
}

func absDelta(d int64) int64 {
	if d < 0 {
		return -d
	}
	return d
}
