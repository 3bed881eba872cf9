package kafka

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/eddy-sim/eddy/sim/history"
)

// keyLog is a key's version order: the offsets anyone observed, ascending,
// and what was seen at each. A message's index is its offset's position
// here, so holes in the offsets do not count.
type keyLog struct {
	offsets []int64
	values  [][]int32 // by index: the distinct messages seen there, ascending
}

// placed is where a message of a key sits in its key's log.
type placed struct {
	first, last int32 // the first and last index it was seen at
	index       int32 // its index in the version order, or -1; see versionOrders
	count       int32 // how many offsets it was seen at
}

// versionOrders builds each key's log from every [offset, message] a poll
// returned or an ok send was told, and reports offsets with two
// messages (inconsistent-offsets) and messages at two offsets (duplicate).
//
// Where an offset has several messages, the version order keeps the
// first (by id) and the others have no index, and a message at several
// offsets takes the last: Jepsen's by-value map does the same.
func (a *analysis) versionOrders() {
	type obs struct {
		off int64
		val int32
	}
	byKey := make([][]obs, len(a.keys.text))
	for i := range a.ops {
		o := &a.ops[i]
		for _, s := range o.sends {
			if s.known && o.typ == history.OK {
				byKey[s.key] = append(byKey[s.key], obs{s.off, s.val})
			}
		}
		for _, r := range o.reads {
			for _, p := range r.pairs {
				byKey[r.key] = append(byKey[r.key], obs{p.off, p.val})
			}
		}
	}
	a.logs = make([]keyLog, len(a.keys.text))
	for k, all := range byKey {
		slices.SortFunc(all, func(x, y obs) int { return cmp.Or(cmp.Compare(x.off, y.off), cmp.Compare(x.val, y.val)) })
		all = slices.Compact(all)
		l := &a.logs[k]
		for _, o := range all {
			if n := len(l.offsets); n == 0 || l.offsets[n-1] != o.off {
				l.offsets = append(l.offsets, o.off)
				l.values = append(l.values, nil)
			}
			i := len(l.offsets) - 1
			l.values[i] = append(l.values[i], o.val)
			kv := pairOf(int32(k), o.val)
			p, seen := a.placed[kv]
			if !seen {
				p = placed{first: int32(i), index: -1}
			}
			p.last, p.count = int32(i), p.count+1
			if len(l.values[i]) == 1 {
				p.index = int32(i)
			}
			a.placed[kv] = p
		}
		a.offsetErrors(int32(k), l)
	}
}

func (a *analysis) offsetErrors(k int32, l *keyLog) {
	var dups []int32
	for i, vs := range l.values {
		if len(vs) > 1 {
			a.add("inconsistent-offsets", Error{Key: a.keys.text[k], Offset: ptr(l.offsets[i]), Index: ptr(i), Values: a.texts(vs)})
		}
		for _, v := range vs {
			if p := a.placed[pairOf(k, v)]; p.count > 1 && p.first == int32(i) {
				dups = append(dups, v)
			}
		}
	}
	for _, v := range dups {
		var offsets []int64
		for i, vs := range l.values {
			if slices.Contains(vs, v) {
				offsets = append(offsets, l.offsets[i])
			}
		}
		a.add("duplicate", Error{Key: a.keys.text[k], Value: a.vals.text[v], Count: len(offsets), Offsets: offsets})
	}
}

// index is a message's index in its key's version order, or -1.
func (a *analysis) index(k, v int32) int {
	if p, ok := a.placed[pairOf(k, v)]; ok {
		return int(p.index)
	}
	return -1
}

// delta is how far apart two messages of a key are in the version order:
// 1 when either is not in it, as Jepsen assumes.
func (a *analysis) delta(k, v1, v2 int32) int {
	i1, i2 := a.index(k, v1), a.index(k, v2)
	if i1 < 0 || i2 < 0 {
		return 1
	}
	return i2 - i1
}

// skipped lists the messages strictly between two indices of a key's
// version order, at most MaxErrs of them.
func (a *analysis) skipped(k int32, from, to int) []json.RawMessage {
	l := &a.logs[k]
	var out []json.RawMessage
	for i := from + 1; i < to && len(out) < MaxErrs; i++ {
		out = append(out, a.vals.text[l.values[i][0]])
	}
	return out
}
