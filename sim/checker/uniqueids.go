package checker

import (
	"cmp"
	"encoding/json"
	"math/big"
	"slices"

	"github.com/eddy-sim/eddy/sim/history"
)

// MaxListedDuplicates is how many duplicated ids a unique-ids report lists,
// as in Jepsen.
const MaxListedDuplicates = 48

// UniqueIDsResult is Jepsen's unique-ids report.
type UniqueIDsResult struct {
	Valid             Validity `json:"valid?"`
	AttemptedCount    int      `json:"attempted-count"`    // generate invocations
	AcknowledgedCount int      `json:"acknowledged-count"` // ok generates
	DuplicatedCount   int      `json:"duplicated-count"`   // distinct ids seen more than once
	// Duplicated maps the canonical JSON text of up to MaxListedDuplicates
	// duplicated ids (the most frequent; ties by text) to how many times
	// each was handed out.
	Duplicated map[string]int `json:"duplicated"`
	// Range is [lowest, highest] of the ids handed out, when they are all
	// numbers or all strings (ordered by UTF-8 bytes); nil otherwise.
	Range []json.RawMessage `json:"range,omitempty"`
}

// Verdict is invalid if any id was handed out twice.
func (r UniqueIDsResult) Verdict() Validity { return r.Valid }

// UniqueIDs is Jepsen's unique-ids checker, which Maelstrom's unique-ids
// workload uses: every id returned by an ok "generate" must be distinct.
// Only operations with f "generate" count, as in Jepsen. Ids are arbitrary
// JSON, compared as decoded values (see canonical).
func UniqueIDs(h history.History) UniqueIDsResult {
	r := UniqueIDsResult{Duplicated: map[string]int{}}
	counts := map[string]int{}
	var ids []string // distinct canonical ids, in first-seen order
	for _, op := range h {
		if op.F != "generate" {
			continue
		}
		switch op.Type {
		case history.Invoke:
			r.AttemptedCount++
		case history.OK:
			r.AcknowledgedCount++
			id, _ := canonical(op.Value)
			if counts[id] == 0 {
				ids = append(ids, id)
			}
			counts[id]++
		}
	}

	var dups []string
	for _, id := range ids {
		if counts[id] > 1 {
			dups = append(dups, id)
		}
	}
	r.DuplicatedCount = len(dups)
	slices.SortFunc(dups, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	for _, id := range dups[:min(len(dups), MaxListedDuplicates)] {
		r.Duplicated[id] = counts[id]
	}
	r.Valid = Of(len(dups) == 0)
	r.Range = idRange(ids)
	return r
}

// idRange returns [lowest, highest] of canonical ids that are all numbers
// or all strings, and nil for none or a mix.
func idRange(ids []string) []json.RawMessage {
	if len(ids) == 0 {
		return nil
	}
	var compare func(a, b string) int
	switch {
	case allOf(ids, isNumber):
		compare = func(a, b string) int { return numberOf(a).Cmp(numberOf(b)) }
	case allOf(ids, isString):
		decoded := make(map[string]string, len(ids))
		for _, id := range ids {
			var s string
			_ = json.Unmarshal([]byte(id), &s) // checked by isString
			decoded[id] = s
		}
		compare = func(a, b string) int { return cmp.Compare(decoded[a], decoded[b]) }
	default:
		return nil
	}
	lo, hi := ids[0], ids[0]
	for _, id := range ids[1:] {
		if compare(id, lo) < 0 {
			lo = id
		}
		if compare(id, hi) > 0 {
			hi = id
		}
	}
	return []json.RawMessage{json.RawMessage(lo), json.RawMessage(hi)}
}

func allOf(ids []string, p func(string) bool) bool {
	for _, id := range ids {
		if !p(id) {
			return false
		}
	}
	return true
}

func isNumber(id string) bool { return numberOf(id) != nil }

func isString(id string) bool {
	var s string
	return json.Unmarshal([]byte(id), &s) == nil
}

// numberOf parses a JSON number exactly enough to order ids (256 bits of
// mantissa), or returns nil for anything else.
func numberOf(id string) *big.Float {
	if id == "" || !(id[0] == '-' || id[0] >= '0' && id[0] <= '9') || !json.Valid([]byte(id)) {
		return nil
	}
	f, _, err := big.ParseFloat(id, 10, 256, big.ToNearestEven)
	if err != nil {
		return nil
	}
	return f
}
