package checker

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

var _ Result = SetFullResult{}

// atMillis sets an op's time, in milliseconds since the start of the run.
func atMillis(ms int, op history.Op) history.Op {
	op.Time = time.Duration(ms) * time.Millisecond
	return op
}

// jsonList renders the JSON texts of elements.
func jsonList(vs ...string) []json.RawMessage {
	out := []json.RawMessage{}
	for _, v := range vs {
		out = append(out, json.RawMessage(v))
	}
	return out
}

func TestSetFullStableAndStale(t *testing.T) {
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(0, inv(1, "add", `2`)),
		atMillis(10, ok(0, "add", `1`)), // 1 is known at 10ms
		atMillis(10, ok(1, "add", `2`)),
		atMillis(20, inv(2, "read", `null`)),
		atMillis(21, ok(2, "read", `[2]`)),   // misses 1, and began after it was known
		atMillis(60, inv(2, "read", `null`)), // the last read to miss 1
		atMillis(61, ok(2, "read", `[2]`)),
		atMillis(70, inv(3, "read", `null`)),
		atMillis(71, ok(3, "read", `[2, 1]`)),
		atMillis(80, inv(2, "read", `null`)),
		atMillis(81, ok(2, "read", `[1,2]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 2, r.AttemptCount)
	require.Equal(t, 2, r.StableCount)
	require.Zero(t, r.LostCount)
	require.Zero(t, r.NeverReadCount)
	require.Equal(t, 1, r.StaleCount)
	require.Equal(t, jsonList(`1`), r.Stale)
	// Stable latency: from known (10ms) to just after the last miss (60ms).
	require.Len(t, r.WorstStale, 1)
	w := r.WorstStale[0]
	require.Equal(t, json.RawMessage(`1`), w.Element)
	require.Equal(t, "stable", w.Outcome)
	require.Equal(t, int64(50), *w.StableLatency)
	require.Nil(t, w.LostLatency)
	require.Equal(t, 2, w.Known.Index, "the add's ok completion")
	require.Equal(t, 6, w.LastAbsent.Index, "the invocation of the last read that missed it")
	require.Equal(t, map[string]int64{"0": 0, "0.5": 50, "0.95": 50, "0.99": 50, "1": 50}, r.StableLatencies)
	require.Nil(t, r.LostLatencies)
}

func TestSetFullLatencyIsWholeMilliseconds(t *testing.T) {
	// A miss 0.9ms after the element was known is a 0ms latency: not stale.
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		history.Op{Type: history.OK, Process: 0, F: "add", Value: raw(`1`), Time: 1 * time.Millisecond},
		history.Op{Type: history.Invoke, Process: 1, F: "read", Value: raw(`null`), Time: 1900 * time.Microsecond},
		atMillis(3, ok(1, "read", `[]`)),
		atMillis(4, inv(1, "read", `null`)),
		atMillis(5, ok(1, "read", `[1]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 1, r.StableCount)
	require.Zero(t, r.StaleCount)
	require.Empty(t, r.WorstStale)
	require.Equal(t, int64(0), r.StableLatencies["1"])
}

func TestSetFullLost(t *testing.T) {
	h := hist(
		atMillis(0, inv(0, "broadcast", `7`)),
		atMillis(5, ok(0, "broadcast", `7`)), // known at 5ms
		atMillis(0, inv(3, "broadcast", `8`)),
		atMillis(5, ok(3, "broadcast", `8`)),
		atMillis(20, inv(1, "read", `null`)), // the last read to see 7
		atMillis(21, ok(1, "read", `[7, 8]`)),
		atMillis(30, inv(2, "read", `null`)),
		atMillis(31, ok(2, "read", `[8]`)), // 7 is gone
		atMillis(40, inv(1, "read", `null`)),
		atMillis(41, ok(1, "read", `[8]`)),
	)
	r := SetFull(h, "broadcast")
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 1, r.LostCount)
	require.Equal(t, jsonList(`7`), r.Lost)
	require.Equal(t, 1, r.StableCount)
	// Lost latency: from known (5ms) to just after the last read that saw it
	// began (20ms).
	require.Equal(t, map[string]int64{"0": 15, "0.5": 15, "0.95": 15, "0.99": 15, "1": 15}, r.LostLatencies)

	// The same adds under g-set's name are not adds for broadcast.
	require.Zero(t, SetFull(h, "add").AttemptCount)
}

func TestSetFullLostWithoutEverBeingRead(t *testing.T) {
	// Acknowledged, then every later read misses it: lost, latency 0.
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, jsonList(`1`), r.Lost)
	require.Equal(t, int64(0), r.LostLatencies["1"])
	require.Nil(t, r.StableLatencies)
}

func TestSetFullReappearingElementIsStable(t *testing.T) {
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[1]`)),
		atMillis(4, inv(1, "read", `null`)),
		atMillis(5, ok(1, "read", `[]`)), // missing for a while
		atMillis(9, inv(1, "read", `null`)),
		atMillis(10, ok(1, "read", `[1]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, jsonList(`1`), r.Stale)
	require.Equal(t, int64(3), *r.WorstStale[0].StableLatency) // 1ms → 4ms
}

func TestSetFullConcurrentMissIsNotLoss(t *testing.T) {
	// A read that began before the add completed may have happened before
	// it: missing the element then proves nothing, so it is never-read.
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, inv(1, "read", `null`)),
		atMillis(2, ok(0, "add", `1`)),
		atMillis(3, ok(1, "read", `[]`)),
	)
	r := SetFull(h, "add")
	require.Zero(t, r.LostCount)
	require.Equal(t, jsonList(`1`), r.NeverRead)
	require.Equal(t, Unknown, r.Verdict(), "nothing is stable")
}

func TestSetFullReadBeforeTheAddDoesNotCount(t *testing.T) {
	// A read that completed before the add began says nothing about it; the
	// element is known but no read began after that.
	h := hist(
		atMillis(0, inv(1, "read", `null`)),
		atMillis(1, ok(1, "read", `[]`)),
		atMillis(2, inv(0, "add", `1`)),
		atMillis(3, ok(0, "add", `1`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, jsonList(`1`), r.NeverRead)
	require.Zero(t, r.LostCount)
}

func TestSetFullNeverRead(t *testing.T) {
	h := hist(
		atMillis(0, inv(3, "add", `4`)), // failed, and every read missed it
		atMillis(1, fail(3, "add", "abort")),
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[1]`)),
		atMillis(4, inv(0, "add", `2`)), // ok, but no read after
		atMillis(5, ok(0, "add", `2`)),
		atMillis(6, inv(2, "add", `3`)), // timed out, never read: harmless
		atMillis(7, info(2, "add", "net-timeout")),
		atMillis(8, inv(4, "add", `5`)), // never completed
	)
	r := SetFull(h, "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 5, r.AttemptCount)
	require.Equal(t, 1, r.StableCount)
	require.Equal(t, 4, r.NeverReadCount)
	require.Equal(t, jsonList(`2`, `3`, `4`, `5`), r.NeverRead)
	require.Zero(t, r.LostCount)
}

func TestSetFullIndefiniteAddThatWasRead(t *testing.T) {
	// A timed-out add that a read returned is known from that read, and
	// then lost if later reads miss it.
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, info(0, "add", "net-timeout")),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[1]`)),
		atMillis(4, inv(1, "read", `null`)),
		atMillis(5, ok(1, "read", `[1]`)),
		atMillis(6, inv(0, "add", `2`)),
		atMillis(7, info(0, "add", "net-timeout")),
		atMillis(8, inv(1, "read", `null`)),
		atMillis(9, ok(1, "read", `[2]`)),
		atMillis(10, inv(1, "read", `null`)),
		atMillis(11, ok(1, "read", `[]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, jsonList(`1`, `2`), r.Lost)
	// 1: known at 3ms, last seen by the read begun at 4ms; 2: 9ms, 8ms.
	require.Equal(t, map[string]int64{"0": 0, "0.5": 1, "0.95": 1, "0.99": 1, "1": 1}, r.LostLatencies)
}

func TestSetFullNothingStableIsUnknown(t *testing.T) {
	r := SetFull(nil, "add")
	require.Equal(t, Unknown, r.Verdict())
	require.Zero(t, r.AttemptCount)

	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, fail(1, "read", "timeout")),
	)
	r = SetFull(h, "add")
	require.Equal(t, Unknown, r.Verdict())
	require.Equal(t, jsonList(`1`), r.NeverRead)
}

func TestSetFullComparesDecodedJSON(t *testing.T) {
	h := hist(
		atMillis(0, inv(0, "add", `"a"`)),
		atMillis(1, ok(0, "add", `"a"`)),
		atMillis(0, inv(2, "add", `{"k":1,"j":[2]}`)),
		atMillis(1, ok(2, "add", `{"k":1,"j":[2]}`)),
		atMillis(0, inv(3, "add", `1`)),
		atMillis(1, ok(3, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		// "\u0061" is "a", key order does not matter, but 1.0 is not 1.
		atMillis(3, ok(1, "read", ` [ "\u0061" , { "j" : [ 2 ], "k" : 1 }, 1.0, 99 ] `)),
	)
	r := SetFull(h, "add")
	require.Equal(t, 2, r.StableCount)
	require.Equal(t, jsonList(`1`), r.Lost)
}

func TestSetFullDuplicatesAndStrangersAreIgnored(t *testing.T) {
	// A read that returns an element twice counts it once, and Jepsen
	// 0.3.7's duplicate detection never fires; an element no add named is
	// ignored.
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[1, 1, 1, 42]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 1, r.AttemptCount)
	require.Zero(t, r.DuplicatedCount)
	require.Equal(t, map[string]int{}, r.Duplicated)
}

func TestSetFullMalformedReadIsUnknown(t *testing.T) {
	for _, bad := range []string{`5`, `{"a":1}`, `[1,`, `[1 2]`, `[01]`, `[nul]`, `"[1]"`} {
		h := hist(
			atMillis(0, inv(0, "add", `1`)),
			atMillis(1, ok(0, "add", `1`)),
			atMillis(2, inv(1, "read", `null`)),
			atMillis(3, ok(1, "read", `[1]`)),
			atMillis(4, inv(1, "read", `null`)),
			atMillis(5, ok(1, "read", bad)),
		)
		r := SetFull(h, "add")
		require.Equal(t, Unknown, r.Verdict(), bad)
		require.Equal(t, 1, r.StableCount, bad)
		require.Contains(t, r.Error, "index 5", bad)
	}
}

func TestSetFullSortsElementsByValue(t *testing.T) {
	var ops []history.Op
	for i, e := range []string{`10`, `"b"`, `2`, `-3`, `1.5`, `"a"`, `100000000000`} {
		ops = append(ops, atMillis(0, inv(i, "add", e)), atMillis(1, ok(i, "add", e)))
	}
	ops = append(ops, atMillis(2, inv(99, "read", `null`)), atMillis(3, ok(99, "read", `[]`)))
	r := SetFull(hist(ops...), "add")
	require.Equal(t, jsonList(`-3`, `1.5`, `2`, `10`, `100000000000`, `"a"`, `"b"`), r.Lost)
}

func TestSetFullWorstStaleOrder(t *testing.T) {
	// Ten stale elements, element i missed until i ms after it was known;
	// the report keeps the eight slowest, slowest first.
	var ops []history.Op
	for i := range 10 {
		e := strconv.Itoa(i)
		ops = append(ops, atMillis(0, inv(i, "add", e)), atMillis(0, ok(i, "add", e)))
	}
	for i := 1; i <= 10; i++ {
		var seen []string
		for e := range min(i, 10) {
			seen = append(seen, strconv.Itoa(e))
		}
		ops = append(ops, atMillis(i, inv(50, "read", `null`)), atMillis(i, ok(50, "read", "["+strings.Join(seen, ",")+"]")))
	}
	r := SetFull(hist(ops...), "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 9, r.StaleCount) // element 0 was in the first read
	var got []string
	for _, w := range r.WorstStale {
		got = append(got, fmt.Sprintf("%s:%d", w.Element, *w.StableLatency))
	}
	require.Equal(t, []string{"9:9", "8:8", "7:7", "6:6", "5:5", "4:4", "3:3", "2:2"}, got)
}

func TestSetFullReAddStartsAfresh(t *testing.T) {
	// As in Jepsen, a second add of the same element forgets what reads
	// said before it.
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[]`)), // would make 1 lost…
		atMillis(4, inv(0, "add", `1`)),  // …but it is added again
		atMillis(5, ok(0, "add", `1`)),
		atMillis(6, inv(1, "read", `null`)),
		atMillis(7, ok(1, "read", `[1]`)),
	)
	r := SetFull(h, "add")
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 1, r.AttemptCount)
	require.Zero(t, r.StaleCount)
}

func TestSetFullJSON(t *testing.T) {
	h := hist(
		atMillis(0, inv(0, "add", `1`)),
		atMillis(1, ok(0, "add", `1`)),
		atMillis(0, inv(2, "add", `2`)),
		atMillis(1, ok(2, "add", `2`)),
		atMillis(2, inv(1, "read", `null`)),
		atMillis(3, ok(1, "read", `[2]`)),
		atMillis(4, inv(1, "read", `null`)),
		atMillis(5, ok(1, "read", `[1,2]`)),
	)
	r := SetFull(h, "add")
	require.ElementsMatch(t, []string{
		"valid?", "attempt-count", "stable-count", "lost-count", "lost", "never-read-count", "never-read",
		"stale-count", "stale", "worst-stale", "stable-latencies", "duplicated-count", "duplicated",
	}, keys(t, r))
	require.Equal(t,
		`{"valid?":true,"attempt-count":2,"stable-count":2,"lost-count":0,"lost":[],"never-read-count":0,"never-read":[],`+
			`"stale-count":1,"stale":[1],"worst-stale":[{"element":1,"outcome":"stable","stable-latency":1,"lost-latency":null,`+
			`"known":{"index":1,"time":1000000,"type":"ok","process":0,"f":"add","value":1},`+
			`"last-absent":{"index":4,"time":2000000,"type":"invoke","process":1,"f":"read","value":null}}],`+
			`"stable-latencies":{"0":0,"0.5":1,"0.95":1,"0.99":1,"1":1},"duplicated-count":0,"duplicated":{}}`,
		marshal(t, r))

	// With nothing stable, the latency maps are absent, as in Jepsen.
	r = SetFull(nil, "add")
	require.Equal(t,
		`{"valid?":"unknown","attempt-count":0,"stable-count":0,"lost-count":0,"lost":[],"never-read-count":0,`+
			`"never-read":[],"stale-count":0,"stale":[],"worst-stale":[],"duplicated-count":0,"duplicated":{}}`,
		marshal(t, r))
}

func TestSetFullLatencyQuantiles(t *testing.T) {
	vs := make([]int64, 0, 200)
	for i := range 200 {
		vs = append(vs, int64(199-i))
	}
	require.Equal(t, map[string]int64{"0": 0, "0.5": 100, "0.95": 190, "0.99": 198, "1": 199}, latencyQuantiles(vs))
	require.Nil(t, latencyQuantiles(nil))
}

func TestEachArrayElement(t *testing.T) {
	cases := map[string][]string{
		`null`:                          {},
		` [ ] `:                         {},
		`[1,"a,]\"",[1,[2]],{"a":"}"}]`: {`1`, `"a,]\""`, `[1,[2]]`, `{"a":"}"}`},
		"[ 1 ,\n2\t]":                   {`1`, `2`},
	}
	for in, want := range cases {
		got := []string{}
		require.True(t, eachArrayElement([]byte(in), func(b []byte, _ int) bool { got = append(got, string(b)); return true }), in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{``, `[`, `[1`, `[1,]`, `[,1]`, `[1]x`, `nullx`, `["a]`, `[[1]`, `{}`, `1`} {
		require.False(t, eachArrayElement([]byte(bad), func([]byte, int) bool { return true }), bad)
	}
	var ns []int
	require.True(t, eachArrayElement([]byte(`[0, 7,123456789,1234567890,01,-1,2.5,3e1,4]`), func(_ []byte, n int) bool {
		ns = append(ns, n)
		return true
	}))
	require.Equal(t, []int{0, 7, 123456789, -1, -1, -1, -1, -1, 4}, ns)
}

// setFullNaive is a direct transcription of Jepsen 0.3.7's set-full: every
// ok read updates the state of every element added so far. It is the
// reference the fast implementation is tested against.
func setFullNaive(h history.History, add string) map[string]string {
	type state struct {
		known, lastPresent, lastAbsent *history.Op
	}
	states := map[string]*state{}
	opened := map[int]*history.Op{}
	for i := range h {
		op := &h[i]
		if op.Type == history.Invoke {
			opened[op.Process] = op
			if op.F == add {
				e, _ := canonical(op.Value)
				states[e] = &state{}
			}
			continue
		}
		iop := opened[op.Process]
		delete(opened, op.Process)
		switch iop.F {
		case add:
			e, _ := canonical(iop.Value)
			if s := states[e]; op.Type == history.OK && s.known == nil {
				s.known = op
			}
		case "read":
			if op.Type != history.OK {
				continue
			}
			var vs []json.RawMessage
			_ = json.Unmarshal(op.Value, &vs)
			seen := map[string]bool{}
			for _, v := range vs {
				c, _ := canonical(v)
				seen[c] = true
			}
			for e, s := range states {
				if seen[e] {
					if s.known == nil {
						s.known = op
					}
					if s.lastPresent == nil || s.lastPresent.Index < iop.Index {
						s.lastPresent = iop
					}
				} else if s.lastAbsent == nil || s.lastAbsent.Index < iop.Index {
					s.lastAbsent = iop
				}
			}
		}
	}
	idx := func(op *history.Op) int {
		if op == nil {
			return -1
		}
		return op.Index
	}
	out := map[string]string{}
	for e, s := range states {
		stable := s.lastPresent != nil && idx(s.lastAbsent) < idx(s.lastPresent)
		lost := s.known != nil && s.lastAbsent != nil && idx(s.lastPresent) < idx(s.lastAbsent) && s.known.Index < s.lastAbsent.Index
		switch {
		case stable:
			var st time.Duration
			if s.lastAbsent != nil {
				st = s.lastAbsent.Time + 1
			}
			out[e] = fmt.Sprintf("stable %d", wholeMillis(st-s.known.Time))
		case lost:
			var lt time.Duration
			if s.lastPresent != nil {
				lt = s.lastPresent.Time + 1
			}
			out[e] = fmt.Sprintf("lost %d", wholeMillis(lt-s.known.Time))
		default:
			out[e] = "never-read"
		}
	}
	return out
}

// randomSetHistory makes a history of concurrent adds and reads by procs
// processes, in which nodes forget and recall elements at random.
func randomSetHistory(r *rand.Rand, ops, procs int) history.History {
	var h history.History
	type pending struct {
		op   history.Op
		left int
	}
	open := map[int]*pending{}
	next := 0
	var added []int // elements added so far (possibly twice)
	now := 0
	for len(h) < 2*ops || len(open) > 0 {
		now += r.IntN(3)
		p := r.IntN(procs)
		if o, busy := open[p]; busy {
			if o.left--; o.left > 0 {
				continue
			}
			delete(open, p)
			c := history.Op{Process: p, F: o.op.F, Time: time.Duration(now) * time.Millisecond}
			switch t := r.IntN(10); {
			case t < 7:
				c.Type = history.OK
			case t < 8:
				c.Type = history.Fail
			default:
				c.Type = history.Info
			}
			if o.op.F == "add" {
				c.Value = o.op.Value
			} else if c.Type == history.OK {
				var seen []string
				for _, e := range added {
					if r.IntN(4) > 0 {
						seen = append(seen, strconv.Itoa(e))
					}
				}
				if r.IntN(3) == 0 {
					seen = append(seen, "12345") // never added
				}
				r.Shuffle(len(seen), func(i, j int) { seen[i], seen[j] = seen[j], seen[i] })
				c.Value = json.RawMessage("[" + strings.Join(seen, ",") + "]")
			}
			h = append(h, c)
			continue
		}
		if len(h) >= 2*ops {
			continue
		}
		i := history.Op{Type: history.Invoke, Process: p, Time: time.Duration(now) * time.Millisecond}
		if r.IntN(2) == 0 {
			e := next
			if next > 0 && r.IntN(20) == 0 {
				e = r.IntN(next) // the same element again
			} else {
				next++
			}
			added = append(added, e)
			i.F, i.Value = "add", json.RawMessage(strconv.Itoa(e))
		} else {
			i.F, i.Value = "read", json.RawMessage("null")
		}
		h = append(h, i)
		open[p] = &pending{op: i, left: r.IntN(6)}
	}
	return hist(h...)
}

func TestSetFullAgreesWithNaiveJepsen(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 7))
		h := randomSetHistory(r, 10+r.IntN(80), 1+r.IntN(6))
		want := setFullNaive(h, "add")
		got := SetFull(h, "add")

		var lost, neverRead, stale []string
		stable := 0
		for e, fate := range want {
			switch {
			case strings.HasPrefix(fate, "lost"):
				lost = append(lost, e)
			case fate == "never-read":
				neverRead = append(neverRead, e)
			default:
				stable++
				if fate != "stable 0" {
					stale = append(stale, e)
				}
			}
		}
		sortEl := func(es []string) []json.RawMessage {
			slices.SortFunc(es, compareElements)
			return jsonList(es...)
		}
		msg := fmt.Sprintf("seed %d", seed)
		require.Equal(t, len(want), got.AttemptCount, msg)
		require.Equal(t, stable, got.StableCount, msg)
		require.Equal(t, sortEl(lost), got.Lost, msg)
		require.Equal(t, sortEl(neverRead), got.NeverRead, msg)
		require.Equal(t, sortEl(stale), got.Stale, msg)
		for _, w := range got.WorstStale {
			require.Equal(t, fmt.Sprintf("stable %d", *w.StableLatency), want[string(w.Element)], msg)
		}
		var lostLat []int64
		for _, e := range lost {
			n, _ := strconv.ParseInt(strings.TrimPrefix(want[e], "lost "), 10, 64)
			lostLat = append(lostLat, n)
		}
		require.Equal(t, latencyQuantiles(lostLat), got.LostLatencies, msg)
	}
}

// benchHistory is built once: 20k adds and 20k reads, each read returning
// up to 2,000 of the elements added so far.
var benchHistory history.History

func setFullBenchHistory() history.History {
	if benchHistory != nil {
		return benchHistory
	}
	const n, window = 20_000, 2_000
	var h history.History
	var buf []byte
	for i := range n {
		t := time.Duration(i) * time.Millisecond
		e := json.RawMessage(strconv.Itoa(i))
		h = append(h,
			history.Op{Type: history.Invoke, Process: 0, F: "add", Value: e, Time: t},
			history.Op{Type: history.Invoke, Process: 1, F: "read", Value: json.RawMessage("null"), Time: t},
			history.Op{Type: history.OK, Process: 0, F: "add", Value: e, Time: t + 1},
		)
		// The read sees the last window elements but the newest two, and
		// misses one in 50 at random-looking places.
		buf = append(buf[:0], '[')
		for x := max(0, i-window); x < i-1; x++ {
			if (x*7919+i)%50 == 0 {
				continue
			}
			if len(buf) > 1 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(x), 10)
		}
		buf = append(buf, ']')
		h = append(h, history.Op{Type: history.OK, Process: 1, F: "read", Value: slices.Clone(buf), Time: t + 2})
	}
	benchHistory = hist(h...)
	return benchHistory
}

func BenchmarkSetFull(b *testing.B) {
	h := setFullBenchHistory()
	b.ResetTimer()
	for b.Loop() {
		r := SetFull(h, "add")
		if r.AttemptCount != 20_000 {
			b.Fatal(r.AttemptCount)
		}
	}
}
