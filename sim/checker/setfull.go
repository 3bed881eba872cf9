package checker

import (
	"cmp"
	"encoding/json"
	"fmt"
	"github.com/eddy-sim/eddy/internal/wire"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/eddy-sim/eddy/sim/history"
)

// MaxWorstStale is how many stale elements a set-full report describes in
// detail, as in Jepsen.
const MaxWorstStale = 8

// SetFullResult is Jepsen's set-full report, which Maelstrom's broadcast and
// g-set workloads produce. Element lists hold each element's canonical JSON
// (see canonical) and are sorted: numbers by value first, then everything
// else by its text. Latencies are whole milliseconds, truncated, as Jepsen
// writes them.
type SetFullResult struct {
	// Valid is false if any element was lost, else unknown if none was
	// stable (nothing was added, or nothing was ever read back), else true.
	Valid Validity `json:"valid?"`
	// AttemptCount is the number of distinct elements some add invoked,
	// whatever its outcome.
	AttemptCount   int               `json:"attempt-count"`
	StableCount    int               `json:"stable-count"`
	LostCount      int               `json:"lost-count"`
	Lost           []json.RawMessage `json:"lost"`
	NeverReadCount int               `json:"never-read-count"`
	NeverRead      []json.RawMessage `json:"never-read"`
	// StaleCount counts the stable elements whose stable latency is at
	// least a millisecond: some read that began after they were known
	// missed them.
	StaleCount int               `json:"stale-count"`
	Stale      []json.RawMessage `json:"stale"`
	// WorstStale describes the MaxWorstStale stale elements with the
	// highest stable latencies, highest first.
	WorstStale []SetFullElement `json:"worst-stale"`
	// StableLatencies maps the quantiles 0, 0.5, 0.95, 0.99 and 1 (keys
	// "0", "0.5", "0.95", "0.99", "1") to the stable latency at that
	// quantile over all stable elements (including the 0s of those never
	// stale); nil, and absent from the JSON as in Jepsen, when no element
	// is stable.
	StableLatencies map[string]int64 `json:"stable-latencies,omitempty"`
	// LostLatencies is the same over lost elements, the time from known to
	// just after the last read that saw them; nil when none was lost.
	LostLatencies map[string]int64 `json:"lost-latencies,omitempty"`
	// DuplicatedCount and Duplicated are always 0 and {}: Jepsen 0.3.7
	// meant to report elements a single read returned more than once, but
	// its filter keeps the elements that occur fewer than once, and there
	// are none. Maelstrom's reports therefore never show duplicates, and
	// neither do ours; a read's duplicates are simply counted once.
	DuplicatedCount int            `json:"duplicated-count"`
	Duplicated      map[string]int `json:"duplicated"`
	// Error, when set, says that some ok reads returned a value that is
	// not a JSON array (or null). Those reads were left out, and the
	// verdict is at best unknown. Jepsen would have thrown, and reported
	// only {:valid? :unknown, :error …}.
	Error string `json:"error,omitempty"`
}

// SetFullElement is one element's fate, as in Jepsen's worst-stale list.
type SetFullElement struct {
	Element json.RawMessage `json:"element"`
	Outcome string          `json:"outcome"` // "stable", "lost" or "never-read"
	// StableLatency is in milliseconds, for a stable element (else nil).
	StableLatency *int64 `json:"stable-latency"`
	// LostLatency is in milliseconds, for a lost element (else nil).
	LostLatency *int64 `json:"lost-latency"`
	// Known is the operation that made the element known: the add's ok
	// completion, or the completion of the first read that returned it.
	Known *history.Op `json:"known"`
	// LastAbsent is the invocation of the last read that missed it.
	LastAbsent *history.Op `json:"last-absent"`
}

// Verdict is invalid if an element was lost, unknown if none was stable.
func (r SetFullResult) Verdict() Validity { return r.Valid }

// SetFull is Jepsen's set-full checker (jepsen.checker/set-full, without
// its :linearizable? option), which Maelstrom runs for broadcast (add is
// "broadcast") and g-set (add is "add"). Each invocation with f add adds
// the element in its value; each ok completion with f "read" returns the
// whole set as a JSON array (null is empty). Elements compare as decoded
// JSON. Operation order is history order; times are Op.Time.
//
// For each element, only what happens after its add's invocation counts
// (after its last one, should an element be added twice: Jepsen starts its
// record afresh), and a read counts when it completes after that:
//
//   - It is known from the earlier of its add's ok completion and the
//     completion of the first read that returned it. A failed or
//     indefinite add alone does not make it known.
//   - It is stable if some read returned it and every read invoked after
//     the last such read's invocation returned it too; that is, the last
//     read (by invocation) that missed it was invoked before the last
//     read that returned it. Its stable latency is from the known time to
//     just after (1ns) the invocation of the last read that missed it,
//     and 0 if none did or that was earlier.
//   - It is lost if it was known, a read invoked after it was known missed
//     it, and no read invoked later returned it. Its lost latency is from
//     the known time to just after the invocation of the last read that
//     returned it (0 if none did).
//   - Otherwise it is never-read: no read began after it was known, or it
//     was never known (an add that failed or timed out and that no read
//     returned is harmless).
//
// Elements that reads return but no add invoked are ignored, as in Jepsen.
//
// The cost is linear in the total size of the reads plus sorting: each
// read is decoded once, in invocation order, and an element's absences are
// inferred from the gaps between the reads that returned it, rather than
// by testing every element against every read.
func SetFull(h history.History, add string) SetFullResult {
	s := newSetFullState(h, add)
	s.scanReads()
	return s.results()
}

// maxDenseElement bounds the integers looked up by index rather than by
// hashing (a 4 MiB table at most).
const maxDenseElement = 1 << 20

// setFullRead is an ok read: its invocation's and completion's positions
// in the history.
type setFullRead struct{ inv, comp int }

// setFullState is SetFull's working state. Elements are numbered in the
// order their adds were first invoked; reads are ranked by invocation.
// Positions are indices into the history.
type setFullState struct {
	h     history.History
	elems []string         // canonical JSON, by element number
	ids   map[string]int32 // canonical JSON → element number
	small []int32          // small non-negative integer n → element number + 1, or 0
	reads []setFullRead    // ok reads, by rank

	// Per element, by number.
	addInv      []int     // position of its (last) add invocation
	addOK       []int     // position of its add's first ok completion after addInv, or -1
	firstRank   []int32   // the first read invoked after addInv
	concurrent  [][]int32 // ranks of the ok reads open at addInv, highest first
	readKnown   []int     // position of the first completion of a read returning it, or -1
	lastPresent []int32   // rank of the last read that returned it, or -1
	lastAbsent  []int32   // rank of the last read that missed it, or -1

	lastGood    []int32 // by rank scanned: the highest rank up to it of a read that parsed, or -1
	malformed   int     // ok reads whose value is not an array
	firstBadPos int     // position of the first of them
	badElement  string  // the element of the first of them that did not parse, if any
}

// newSetFullState reads the adds and pairs the reads, in one pass.
func newSetFullState(h history.History, add string) *setFullState {
	s := &setFullState{h: h, ids: map[string]int32{}}
	type open struct {
		pos  int
		elem int32 // for an add
	}
	opened := map[int]open{} // process → its open invocation
	var openReads []int      // positions of the reads now open
	var concPos [][]int      // per element: positions of the reads open at addInv
	for i := range h {
		op := &h[i]
		if op.Type == history.Invoke {
			o := open{pos: i, elem: -1}
			switch op.F {
			case add:
				e := s.intern(op.Value)
				if int(e) == len(concPos) {
					concPos = append(concPos, nil)
				}
				o.elem = e
				s.addInv[e] = i
				s.addOK[e] = -1
				concPos[e] = append(concPos[e][:0], openReads...)
			case "read":
				openReads = append(openReads, i)
			}
			opened[op.Process] = o
			continue
		}
		o, ok := opened[op.Process]
		if !ok {
			continue
		}
		delete(opened, op.Process)
		switch inv := &h[o.pos]; inv.F {
		case add:
			if op.Type == history.OK && s.addOK[o.elem] < 0 {
				s.addOK[o.elem] = i
			}
		case "read":
			if k := slices.Index(openReads, o.pos); k >= 0 {
				openReads = slices.Delete(openReads, k, k+1)
			}
			if op.Type == history.OK {
				s.reads = append(s.reads, setFullRead{inv: o.pos, comp: i})
			}
		}
	}
	slices.SortFunc(s.reads, func(a, b setFullRead) int { return cmp.Compare(a.inv, b.inv) })

	n := len(s.elems)
	s.firstRank = make([]int32, n)
	s.concurrent = make([][]int32, n)
	s.readKnown = make([]int, n)
	s.lastPresent = make([]int32, n)
	s.lastAbsent = make([]int32, n)
	for e := range n {
		s.firstRank[e] = int32(s.rankAfter(s.addInv[e]))
		for _, pos := range concPos[e] {
			if k, found := s.rankOf(pos); found {
				s.concurrent[e] = append(s.concurrent[e], int32(k))
			}
		}
		slices.Reverse(s.concurrent[e]) // invoked in order; want highest first
		s.readKnown[e] = -1
		s.lastPresent[e] = -1
		s.lastAbsent[e] = -1
	}
	return s
}

// rankAfter returns the rank of the first read invoked after pos.
func (s *setFullState) rankAfter(pos int) int {
	k, _ := slices.BinarySearchFunc(s.reads, pos+1, func(r setFullRead, p int) int { return cmp.Compare(r.inv, p) })
	return k
}

// rankOf returns the rank of the ok read invoked at pos.
func (s *setFullState) rankOf(pos int) (int, bool) {
	return slices.BinarySearchFunc(s.reads, pos, func(r setFullRead, p int) int { return cmp.Compare(r.inv, p) })
}

// intern returns the number of the element an add's value names, numbering
// a new one.
func (s *setFullState) intern(v json.RawMessage) int32 {
	text, _ := canonical(v)
	if e, ok := s.ids[text]; ok {
		return e
	}
	e := int32(len(s.elems))
	s.ids[text] = e
	s.elems = append(s.elems, text)
	s.addInv = append(s.addInv, 0)
	s.addOK = append(s.addOK, -1)
	if n, ok := smallNatural([]byte(text)); ok && n < maxDenseElement {
		if n >= len(s.small) {
			s.small = slices.Grow(s.small, n+1-len(s.small))[:n+1]
		}
		s.small[n] = e + 1
	}
	return e
}

// lookup returns the number of the element whose JSON text is raw, or -1
// if no add named it; ok is false if raw is not valid JSON.
func (s *setFullState) lookup(raw []byte) (e int32, ok bool) {
	if n, isInt := smallNatural(raw); isInt {
		if n < len(s.small) {
			return s.small[n] - 1, true
		}
		if e, found := s.ids[string(raw)]; found {
			return e, true
		}
		return -1, true
	}
	text, valid := canonical(raw)
	if !valid {
		return -1, false
	}
	if e, found := s.ids[text]; found {
		return e, true
	}
	return -1, true
}

// scanReads decodes every ok read, in invocation order, and records for
// each element the last read that returned it and the last that missed it.
// A read whose value does not parse is left out: it neither returns nor
// misses anything.
func (s *setFullState) scanReads() {
	s.lastGood = make([]int32, 0, len(s.reads))
	var present []int32
	for k, r := range s.reads {
		present = present[:0]
		ok := eachArrayElement(s.h[r.comp].Value, func(raw []byte, n int) bool {
			var e int32
			var valid bool
			if n >= 0 && n < len(s.small) {
				e, valid = s.small[n]-1, true
			} else {
				e, valid = s.lookup(raw)
			}
			if !valid {
				if s.malformed == 0 && s.badElement == "" {
					s.badElement = string(raw)
				}
				return false
			}
			if e >= 0 {
				present = append(present, e)
			}
			return true
		})
		if !ok {
			if s.malformed == 0 {
				s.firstBadPos = r.comp
			}
			s.malformed++
			s.lastGood = append(s.lastGood, s.lastGoodBefore(k))
			continue
		}
		s.lastGood = append(s.lastGood, int32(k))
		for _, e := range present {
			s.observe(e, k, r.comp)
		}
	}
	for e := range s.elems {
		if g := s.gapMax(int32(e), s.lastPresent[e], len(s.reads)); g >= 0 {
			s.lastAbsent[e] = g
		}
	}
}

// lastGoodBefore returns the highest rank below k of a read that parsed, or
// -1.
func (s *setFullState) lastGoodBefore(k int) int32 {
	if k == 0 {
		return -1
	}
	return s.lastGood[k-1]
}

// observe records that the read of rank k, completed at position comp,
// returned element e. The reads that counted for e since the last one that
// returned it missed it. Observing the same read twice (a duplicate in it)
// changes nothing.
func (s *setFullState) observe(e int32, k, comp int) {
	if comp < s.addInv[e] {
		return // the read completed before the add began
	}
	if s.readKnown[e] < 0 || comp < s.readKnown[e] {
		s.readKnown[e] = comp
	}
	if g := s.gapMax(e, s.lastPresent[e], k); g >= 0 {
		s.lastAbsent[e] = g
	}
	s.lastPresent[e] = int32(k)
}

// gapMax returns the highest rank strictly between p and k of a read that
// counts for element e, or -1. The reads that count are those that parsed
// and were invoked after e's add was (ranks from firstRank on) or were
// open at that moment (the concurrent ones). Every rank below k has been
// scanned.
func (s *setFullState) gapMax(e, p int32, k int) int32 {
	if g := s.lastGoodBefore(k); g >= max(p+1, s.firstRank[e]) {
		return g
	}
	for _, c := range s.concurrent[e] { // highest first
		if c > p && int(c) < k && s.lastGood[c] == c {
			return c
		}
	}
	return -1
}

// setFullFate is one element's outcome and latency (in milliseconds).
type setFullFate struct {
	elem    int32
	outcome string
	latency int64
}

// results classifies every element and builds the report.
func (s *setFullState) results() SetFullResult {
	r := SetFullResult{
		AttemptCount: len(s.elems),
		Lost:         []json.RawMessage{},
		NeverRead:    []json.RawMessage{},
		Stale:        []json.RawMessage{},
		WorstStale:   []SetFullElement{},
		Duplicated:   map[string]int{},
	}
	var lost, neverRead, stale []int32
	var stableLat, lostLat []int64
	var staleFates []setFullFate
	for e := range s.elems {
		f := s.fate(int32(e))
		switch f.outcome {
		case "stable":
			r.StableCount++
			stableLat = append(stableLat, f.latency)
			if f.latency > 0 {
				stale = append(stale, f.elem)
				staleFates = append(staleFates, f)
			}
		case "lost":
			lost = append(lost, f.elem)
			lostLat = append(lostLat, f.latency)
		default:
			neverRead = append(neverRead, f.elem)
		}
	}
	r.LostCount, r.Lost = len(lost), s.sortedElements(lost)
	r.NeverReadCount, r.NeverRead = len(neverRead), s.sortedElements(neverRead)
	r.StaleCount, r.Stale = len(stale), s.sortedElements(stale)

	// Jepsen sorts by latency, ascending and stable over elements in
	// order, then reverses: so highest latency first, ties by element
	// descending.
	slices.SortFunc(staleFates, func(a, b setFullFate) int {
		return cmp.Or(cmp.Compare(b.latency, a.latency), compareElements(s.elems[b.elem], s.elems[a.elem]))
	})
	for _, f := range staleFates[:min(len(staleFates), MaxWorstStale)] {
		r.WorstStale = append(r.WorstStale, s.describe(f))
	}
	r.StableLatencies = latencyQuantiles(stableLat)
	r.LostLatencies = latencyQuantiles(lostLat)

	switch {
	case r.LostCount > 0:
		r.Valid = Invalid
	case r.StableCount == 0:
		r.Valid = Unknown
	default:
		r.Valid = Valid
	}
	if s.malformed > 0 {
		r.Valid = Worst(r.Valid, Unknown)
		op := s.h[s.firstBadPos]
		r.Error = fmt.Sprintf("%d ok reads returned something other than a JSON array of elements, and were left out; the first: index %d, process %d, value %s",
			s.malformed, op.Index, op.Process, shorten(string(op.Value), 200))
		if s.badElement != "" {
			r.Error += fmt.Sprintf(" (bad element %s)", shorten(s.badElement, 80))
		}
	}
	return r
}

// knownPos returns the position of the operation that made e known, or -1.
func (s *setFullState) knownPos(e int32) int {
	k := s.addOK[e]
	if rk := s.readKnown[e]; rk >= 0 && (k < 0 || rk < k) {
		k = rk
	}
	return k
}

// fate classifies element e, following jepsen.checker's
// set-full-element-results.
func (s *setFullState) fate(e int32) setFullFate {
	known := s.knownPos(e)
	lp, la := s.lastPresent[e], s.lastAbsent[e]
	f := setFullFate{elem: e, outcome: "never-read"}
	switch {
	case lp >= 0 && la < lp:
		f.outcome = "stable"
		var stableTime time.Duration
		if la >= 0 {
			stableTime = s.h[s.reads[la].inv].Time + 1
		}
		f.latency = wholeMillis(stableTime - s.h[known].Time)
	case known >= 0 && la >= 0 && lp < la && known < s.reads[la].inv:
		f.outcome = "lost"
		var lostTime time.Duration
		if lp >= 0 {
			lostTime = s.h[s.reads[lp].inv].Time + 1
		}
		f.latency = wholeMillis(lostTime - s.h[known].Time)
	}
	return f
}

// describe writes a stale element's details.
func (s *setFullState) describe(f setFullFate) SetFullElement {
	d := SetFullElement{Element: json.RawMessage(s.elems[f.elem]), Outcome: f.outcome}
	lat := f.latency
	switch f.outcome {
	case "stable":
		d.StableLatency = &lat
	case "lost":
		d.LostLatency = &lat
	}
	if k := s.knownPos(f.elem); k >= 0 {
		op := s.h[k]
		d.Known = &op
	}
	if la := s.lastAbsent[f.elem]; la >= 0 {
		op := s.h[s.reads[la].inv]
		d.LastAbsent = &op
	}
	return d
}

// sortedElements returns the elements' JSON, sorted (see compareElements).
func (s *setFullState) sortedElements(es []int32) []json.RawMessage {
	out := make([]json.RawMessage, len(es))
	for i, e := range es {
		out[i] = json.RawMessage(s.elems[e])
	}
	slices.SortFunc(out, func(a, b json.RawMessage) int { return compareElements(string(a), string(b)) })
	return out
}

// compareElements orders canonical JSON values: numbers first, by value
// (ties, such as 1 and 1.0, by text), then everything else by text.
func compareElements(a, b string) int {
	ai, aInt := smallNatural([]byte(a))
	bi, bInt := smallNatural([]byte(b))
	if aInt && bInt {
		return cmp.Compare(ai, bi)
	}
	an, bn := numberOf(a), numberOf(b)
	switch {
	case an != nil && bn != nil:
		return cmp.Or(an.Cmp(bn), cmp.Compare(a, b))
	case an != nil:
		return -1
	case bn != nil:
		return 1
	}
	return cmp.Compare(a, b)
}

// latencyQuantiles is Jepsen's frequency-distribution at the quantiles q =
// 0, 0.5, 0.95, 0.99 and 1: the value at index ⌊n·q⌋ (at most n−1) of the
// sorted values; nil for none. It sorts vs.
func latencyQuantiles(vs []int64) map[string]int64 {
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	points := [...]struct {
		key string
		q   float64
	}{{"0", 0}, {"0.5", 0.5}, {"0.95", 0.95}, {"0.99", 0.99}, {"1", 1}}
	m := make(map[string]int64, len(points))
	for _, p := range points {
		m[p.key] = vs[min(len(vs)-1, int(math.Floor(float64(len(vs))*p.q)))]
	}
	return m
}

// wholeMillis converts a latency to whole milliseconds, truncated, and at least
// 0, as Jepsen's (-> t (max 0) nanos->ms long).
func wholeMillis(d time.Duration) int64 {
	return int64(max(d, 0) / time.Millisecond)
}

// smallNatural parses raw as a plain non-negative JSON integer of at most nine
// digits (no sign, no leading zero): the elements Maelstrom's workloads add.
func smallNatural(raw []byte) (int, bool) {
	if len(raw) == 0 || len(raw) > 9 || (raw[0] == '0' && len(raw) > 1) {
		return 0, false
	}
	n := 0
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// eachArrayElement calls fn with the text of each element of the JSON array
// raw, stopping if fn returns false, and with n, the element's value if it
// is a plain non-negative integer of at most nine digits (see smallNatural)
// and else -1. It reports whether raw is an array (or null, an empty one)
// and fn accepted every element. Elements are not validated here beyond
// their nesting; fn validates them.
func eachArrayElement(raw []byte, fn func(elem []byte, n int) bool) bool {
	accepted := true
	err := wire.Elements(raw, func(elem []byte) bool {
		n, ok := smallNatural(elem)
		if !ok {
			n = -1
		}
		accepted = fn(elem, n)
		return accepted
	})
	return err == nil && accepted
}

// shorten cuts s to at most n bytes, at a character boundary, marking the
// cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
