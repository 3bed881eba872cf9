package checker

import (
	"slices"

	"github.com/eddy-sim/eddy/sim/history"
)

// StatsCounts are the outcome counts of a set of operations.
type StatsCounts struct {
	// Valid is true iff OKCount > 0 (or the f is excluded from validity).
	Valid     Validity `json:"valid?"`
	Count     int      `json:"count"` // OKCount + FailCount + InfoCount
	OKCount   int      `json:"ok-count"`
	FailCount int      `json:"fail-count"`
	InfoCount int      `json:"info-count"`
}

// StatsResult is the stats checker's report, Maelstrom's :stats: counts over
// all operations, and the same per f.
type StatsResult struct {
	StatsCounts
	// ByF holds one entry per f (encoding/json writes it in key order).
	ByF map[string]StatsCounts `json:"by-f"`
}

// Verdict is invalid if some f (not excluded) never completed ok.
func (r StatsResult) Verdict() Validity { return r.Valid }

// Stats is Jepsen's stats checker, which Maelstrom runs on every test. It
// counts completed operations by outcome, overall and per f; an invocation
// still open at the end of the history counts as info, as Pair.Outcome
// says. The result is invalid if any f had no ok operation at all, except
// the fs listed in exclude (such as kafka's "crash", which never succeeds):
// those are counted but their entry is always valid and they do not affect
// the verdict.
func Stats(h history.History, exclude ...string) StatsResult {
	r := StatsResult{ByF: map[string]StatsCounts{}}
	for _, p := range h.Pairs() {
		f := p.Invoke.F
		c := r.ByF[f]
		c.add(p.Outcome())
		r.ByF[f] = c
		r.add(p.Outcome())
	}
	r.Valid = Valid
	for f, c := range r.ByF {
		c.Valid = Of(c.OKCount > 0 || slices.Contains(exclude, f))
		r.ByF[f] = c
		r.Valid = Worst(r.Valid, c.Valid)
	}
	return r
}

func (c *StatsCounts) add(t history.Type) {
	c.Count++
	switch t {
	case history.OK:
		c.OKCount++
	case history.Fail:
		c.FailCount++
	default:
		c.InfoCount++
	}
}
