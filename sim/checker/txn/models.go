package txn

import (
	"fmt"
	"slices"
	"strings"
)

// The consistency-model lattice is Elle's (elle.consistency-model, v0.2.2,
// the version Maelstrom uses), which cites Adya; Adya, Liskov & O'Neil;
// Bailis et al. (HATs); Cerone, Bernardi & Gotsman; Daudjee & Salem;
// Fekete et al.; Zuikeviciute & Pedone; and Kleppmann's Hermitage. Model
// names are canonicalized to Adya's PL-* names where one exists.

// modelAliases maps friendly names to canonical ones.
var modelAliases = map[string]string{
	"consistent-view":                 "PL-2+",
	"conflict-serializable":           "PL-3",
	"cursor-stability":                "PL-CS",
	"forward-consistent-view":         "PL-FCV",
	"monotonic-snapshot-read":         "PL-MSR",
	"monotonic-view":                  "PL-2L",
	"read-committed":                  "PL-2",
	"read-uncommitted":                "PL-1",
	"repeatable-read":                 "PL-2.99",
	"serializable":                    "PL-3", // conflict serializability, per Bernstein et al.
	"snapshot-isolation":              "PL-SI",
	"strict-serializable":             "PL-SS",
	"strong-serializable":             "PL-SS", // Elle treats strong and strict as one
	"update-serializable":             "PL-3U",
	"strong-session-read-uncommitted": "strong-session-PL-1",
	"strong-session-read-committed":   "strong-session-PL-2",
	"strong-read-uncommitted":         "strong-PL-1",
	"strong-read-committed":           "strong-PL-2",
}

// friendlyNames maps canonical names back for output. PL-SS comes out as
// strong-serializable, as it does in Elle 0.2.2's results.
var friendlyNames = map[string]string{
	"PL-2+":               "consistent-view",
	"PL-3":                "serializable",
	"PL-CS":               "cursor-stability",
	"PL-FCV":              "forward-consistent-view",
	"PL-MSR":              "monotonic-snapshot-read",
	"PL-2L":               "monotonic-view",
	"PL-2":                "read-committed",
	"PL-1":                "read-uncommitted",
	"PL-2.99":             "repeatable-read",
	"PL-SI":               "snapshot-isolation",
	"PL-SS":               "strong-serializable",
	"PL-3U":               "update-serializable",
	"strong-session-PL-1": "strong-session-read-uncommitted",
	"strong-session-PL-2": "strong-session-read-committed",
	"strong-PL-1":         "strong-read-uncommitted",
	"strong-PL-2":         "strong-read-committed",
}

// modelImplies relates canonical models: a history satisfying a model also
// satisfies every model it lists.
var modelImplies = map[string][]string{
	"causal-cerone":                     {"read-atomic"},
	"PL-2+":                             {"PL-CS", "PL-2L"},
	"PL-3":                              {"PL-2.99", "PL-3U", "PL-SI", "view-serializable"},
	"PL-CS":                             {"PL-2"},
	"PL-FCV":                            {"PL-2+"},
	"PL-2":                              {"PL-1"},
	"PL-3U":                             {"PL-FCV"},
	"monotonic-atomic-view":             {"PL-2"},
	"PL-2L":                             {"PL-2"},
	"PL-MSR":                            {"PL-2"},
	"parallel-snapshot-isolation":       {"causal-cerone", "update-atomic"},
	"prefix":                            {"causal-cerone"},
	"read-atomic":                       {"monotonic-atomic-view"},
	"PL-2.99":                           {"PL-CS", "monotonic-atomic-view"},
	"update-atomic":                     {"read-atomic"},
	"session-serializable":              {"1SR"},
	"PL-SI":                             {"PL-FCV", "monotonic-atomic-view", "PL-MSR", "parallel-snapshot-isolation", "prefix"},
	"PL-SS":                             {"PL-3", "linearizable", "PL-SI", "strong-snapshot-isolation", "strong-session-serializable", "session-serializable"},
	"strong-session-PL-1":               {"PL-1"},
	"strong-session-PL-2":               {"PL-2", "strong-session-PL-1"},
	"strong-PL-1":                       {"strong-session-PL-1"},
	"strong-PL-2":                       {"strong-session-PL-2", "strong-PL-1"},
	"strong-session-serializable":       {"PL-3", "strong-session-snapshot-isolation"},
	"strong-session-snapshot-isolation": {"PL-SI", "strong-session-PL-2"},
	"strong-snapshot-isolation":         {"strong-session-snapshot-isolation", "strong-PL-2"},
	// Single-object models, for completeness.
	"linearizable": {"sequential"},
	"sequential":   {"causal"},
	"causal":       {"writes-follow-reads", "PRAM"},
	"PRAM":         {"monotonic-reads", "monotonic-writes", "read-your-writes"},
}

// modelForbids relates canonical models to the anomalies they forbid
// directly, on top of those forbidden by the models they imply. Elle's
// *-cycle-exists pseudo-anomalies are left out: this checker always finds
// a witness cycle instead.
var modelForbids = map[string][]string{
	"causal-cerone":                     {"internal", "G1a"},
	"PL-CS":                             {"G1", "G-cursor", "lost-update"},
	"PL-2L":                             {"G1", "G-monotonic"},
	"PL-MSR":                            {"G1", "G-MSR"},
	"PL-2+":                             {"G1", "G-single"},
	"PL-FCV":                            {"G1", "G-SIb"},
	"parallel-snapshot-isolation":       {"internal", "G1a"},
	"PL-3":                              {"G1", "G2", "predicate-read-miss", "internal"},
	"PL-2":                              {"G1"},
	"PL-1":                              {"G0", "duplicate-elements", "cyclic-versions", aGarbageRead},
	"prefix":                            {"internal", "G1a"},
	"PL-SI":                             {"internal", "G1", "G-SI", "G-nonadjacent"},
	"read-atomic":                       {"internal", "G1a", "future-read"},
	"PL-2.99":                           {"G1", "G2-item", "lost-update"},
	"update-atomic":                     {"lost-update"},
	"PL-SS":                             {"G1", "G1c-realtime", "G2-realtime"},
	"strong-session-PL-1":               {"G0-process"},
	"strong-session-PL-2":               {"G1c-process"},
	"strong-PL-1":                       {"G0-realtime"},
	"strong-PL-2":                       {"G1c-realtime"},
	"strong-session-snapshot-isolation": {"internal", "G1-process", "G-nonadjacent-process"},
	"strong-snapshot-isolation":         {"internal", "G1-realtime", "G-nonadjacent-realtime"},
	"strong-session-serializable":       {"G1-process", "G2-process"},
	"PL-3U":                             {"G1", "G-update"},
}

// canonicalModel returns a model's canonical name.
func canonicalModel(m string) string {
	if c, ok := modelAliases[m]; ok {
		return c
	}
	return m
}

// friendlyModel returns a model's name for output.
func friendlyModel(m string) string {
	if f, ok := friendlyNames[m]; ok {
		return f
	}
	return m
}

// knownModels lists every model name ParseModels accepts, sorted.
func knownModels() []string {
	set := map[string]bool{}
	for a, bs := range modelImplies {
		set[a] = true
		for _, b := range bs {
			set[b] = true
		}
	}
	for a, c := range modelAliases {
		set[a], set[c] = true, true
	}
	return sortedKeys(set)
}

// parseModels checks model names; see ParseModels.
func parseModels(names []string) error {
	known := knownModels()
	var unknown []string
	for _, n := range names {
		if _, ok := slices.BinarySearch(known, n); !ok {
			unknown = append(unknown, fmt.Sprintf("%q", n))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	word := "model"
	if len(unknown) > 1 {
		word = "models"
	}
	return fmt.Errorf("unknown consistency %s %s; known models are: %s",
		word, strings.Join(unknown, ", "), strings.Join(known, ", "))
}

// knownAnomaly reports whether a is an anomaly name this package knows.
func knownAnomaly(a string) bool {
	if slices.Contains(unknownAnomalies, a) || slices.Contains(alwaysProhibited, a) {
		return true
	}
	if _, ok := impliedAnomalies[a]; ok {
		return true
	}
	for _, bs := range impliedAnomalies {
		if slices.Contains(bs, a) {
			return true
		}
	}
	for _, as := range modelForbids {
		if slices.Contains(as, a) {
			return true
		}
	}
	return isCycleType(a)
}

// prohibited returns the anomalies that would rule out any of the models,
// or that are listed in extra, with every anomaly implying one of those:
// the anomalies that make a history invalid.
func prohibited(models, extra []string) map[string]bool {
	var direct []string
	implied := closure(canonicalModels(models), modelImplies)
	for _, m := range sortedKeys(implied) {
		direct = append(direct, modelForbids[m]...)
	}
	direct = append(direct, extra...)
	direct = append(direct, alwaysProhibited...)
	return implyingClosure(direct)
}

func canonicalModels(models []string) []string {
	out := make([]string, len(models))
	for i, m := range models {
		out[i] = canonicalModel(m)
	}
	return out
}

// impossibleModels returns the canonical models ruled out by anomalies:
// those forbidding any anomaly the found ones imply, and every model
// implying one of those.
func impossibleModels(found []string) map[string]bool {
	forbidders := invert(modelForbids)
	var direct []string
	for _, a := range sortedKeys(impliedClosure(found)) {
		direct = append(direct, forbidders[a]...)
	}
	return closure(direct, invert(modelImplies))
}

// boundary returns Elle's "not" (the weakest models the anomalies rule
// out) and "also-not" (the other ruled-out models, all stronger), as
// sorted friendly names.
func boundary(found []string) (not, alsoNot []string) {
	impossible := impossibleModels(found)
	for _, m := range sortedKeys(impossible) {
		weakest := true
		for below := range closure(modelImplies[m], modelImplies) {
			if impossible[below] {
				weakest = false
				break
			}
		}
		if weakest {
			not = append(not, friendlyModel(m))
		} else {
			alsoNot = append(alsoNot, friendlyModel(m))
		}
	}
	slices.Sort(not)
	slices.Sort(alsoNot)
	return not, alsoNot
}
