package txn

import (
	"slices"
	"strings"
)

// Anomaly names, as Elle spells them. Cycle anomalies also come in
// -process and -realtime variants (see cycleTypes).
const (
	aG0               = "G0"
	aG1a              = "G1a"
	aG1b              = "G1b"
	aG1c              = "G1c"
	aGSingleItem      = "G-single-item"
	aGNonadjacentItem = "G-nonadjacent-item"
	aG2Item           = "G2-item"

	aInternal          = "internal"
	aFutureRead        = "future-read"
	aIncompatibleOrder = "incompatible-order"
	aDuplicateElements = "duplicate-elements"
	aDirtyUpdate       = "dirty-update"
	aLostUpdate        = "lost-update"
	aCyclicVersions    = "cyclic-versions"
	// aGarbageRead is a read of a value no transaction ever tried to
	// write. Elle 0.2.2 has no name for it (it fails an assertion); a read
	// out of nowhere is impossible in any Adya history, so read-uncommitted
	// forbids it, as it does duplicate-elements.
	aGarbageRead = "garbage-read"
	// aMalformed is a completion whose micro-ops do not match its
	// invocation's (Maelstrom issue #14: an "append" where a read was
	// asked for). It is not a consistency anomaly but a protocol error, and
	// every model forbids it.
	aMalformed = "malformed-txn"

	// These make a result unknown rather than invalid.
	aDuplicateAppends = "duplicate-appends"
	aDuplicateWrites  = "duplicate-writes"
	aEmptyGraph       = "empty-transaction-graph"
	aSearchTimeout    = "cycle-search-timeout"
)

// unknownAnomalies cannot invalidate a history, but leave its verdict
// unknown: the checker's assumptions failed (unique writes) or it could not
// finish.
var unknownAnomalies = []string{aDuplicateAppends, aDuplicateWrites, aEmptyGraph, aSearchTimeout}

// alwaysProhibited are forbidden whatever the models.
var alwaysProhibited = []string{aMalformed}

// impliedAnomalies relates an anomaly to the anomalies its presence
// implies (Elle's elle.consistency-model/implied-anomalies, v0.2.2). G1 is
// the union of G1a, G1b and G1c; a cycle with process edges also has
// realtime edges, processes being single-threaded; G-single is a special
// case of G-nonadjacent, which is a special case of G2; the -item forms
// restrict rw edges to item (not predicate) anti-dependencies.
var impliedAnomalies = map[string][]string{
	"G0":           {"G1c", "G0-process"},
	"G0-process":   {"G1c-process", "G0-realtime"},
	"G0-realtime":  {"G1c-realtime"},
	"G1a":          {"G1"},
	"G1b":          {"G1"},
	"G1c":          {"G1", "G1c-process"},
	"G1c-process":  {"G1c-realtime", "G1-process"},
	"G1c-realtime": {"G1-realtime"},
	"G1":           {"G1-process"},
	"G1-process":   {"G1-realtime"},

	"G-single-item":          {"G-single", "G-single-item-process", "G-nonadjacent-item"},
	"G-single-item-process":  {"G-single-process", "G-single-item-realtime", "G-nonadjacent-item-process"},
	"G-single-item-realtime": {"G-single-realtime", "G-nonadjacent-item-realtime"},
	"G-single":               {"G-nonadjacent", "GSIb", "G-single-process"},
	"G-single-process":       {"G-nonadjacent-process", "G-single-realtime"},
	"G-single-realtime":      {"G-nonadjacent-realtime"},

	"G-nonadjacent-item":          {"G-nonadjacent", "G2-item", "G-nonadjacent-item-process"},
	"G-nonadjacent-item-process":  {"G-nonadjacent-process", "G2-item-process", "G-nonadjacent-item-realtime"},
	"G-nonadjacent-item-realtime": {"G2-item-realtime", "G-nonadjacent-realtime"},
	"G-nonadjacent":               {"G2", "G-nonadjacent-process"},
	"G-nonadjacent-process":       {"G2-process", "G-nonadjacent-realtime"},
	"G-nonadjacent-realtime":      {"G2-realtime"},

	"G2":               {"G2-process"},
	"G2-item":          {"G2", "G2-item-process"},
	"G2-item-process":  {"G2-process", "G2-item-realtime"},
	"G2-item-realtime": {"G2-realtime"},
	"G2-process":       {"G2-realtime"},

	"GSIa": {"GSI"},
	"GSIb": {"GSI"},

	// Two committed reads that no single order of appends explains: one of
	// them saw something that was never committed.
	"incompatible-order": {"G1a"},
	// Reading one's own later write is a trivial wr cycle.
	"future-read": {"G1c"},
	// A committed write on top of an aborted one: a dirty read, for writes.
	"dirty-update": {"G1a"},
	// Lost update is write skew on one key, hence G2-item.
	"lost-update": {"write-skew", "G2-item"},
	"write-skew":  {"G2"},
}

// impliedClosure returns the anomalies implied by any of as, as included.
func impliedClosure(as []string) map[string]bool {
	return closure(as, impliedAnomalies)
}

// implyingClosure returns the anomalies that imply any of as, as included.
func implyingClosure(as []string) map[string]bool {
	return closure(as, invert(impliedAnomalies))
}

// closure is the set reachable from starts in g, starts included.
func closure(starts []string, g map[string][]string) map[string]bool {
	seen := map[string]bool{}
	stack := slices.Clone(starts)
	for len(stack) > 0 {
		a := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[a] {
			continue
		}
		seen[a] = true
		stack = append(stack, g[a]...)
	}
	return seen
}

// invert reverses a graph's edges. Successor lists come out sorted.
func invert(g map[string][]string) map[string][]string {
	out := map[string][]string{}
	for _, a := range sortedKeys(g) {
		for _, b := range g[a] {
			out[b] = append(out[b], a)
		}
	}
	return out
}

// cycleType names a cycle by the kinds of its edges, as Elle's cycle
// explainer does: by the number of rw edges (and whether two are
// adjacent), else whether it has a wr edge, suffixed -realtime if it has a
// realtime edge, else -process if it has a process edge.
func cycleType(kinds []kind) string {
	rws, adjacent := 0, false
	var has kind
	for i, k := range kinds {
		has |= k
		if k == rw {
			rws++
			if kinds[(i+len(kinds)-1)%len(kinds)] == rw {
				adjacent = true
			}
		}
	}
	var base string
	switch {
	case rws == 1:
		base = aGSingleItem
	case rws > 1 && adjacent:
		base = aG2Item
	case rws > 1:
		base = aGNonadjacentItem
	case has&wr != 0:
		base = aG1c
	case has&ww != 0:
		base = aG0
	default:
		return "" // only process and realtime edges: not a data cycle
	}
	switch {
	case has&realtime != 0:
		return base + "-realtime"
	case has&process != 0:
		return base + "-process"
	}
	return base
}

// isCycleType reports whether a names a cycle anomaly.
func isCycleType(a string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(a, "-process"), "-realtime")
	switch base {
	case aG0, aG1c, aGSingleItem, aGNonadjacentItem, aG2Item:
		return true
	}
	return false
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
