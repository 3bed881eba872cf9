package kafka

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/eddy-sim/eddy/sim/history"
)

// known is when an operation completed knowing a key's log reached offset.
type known struct {
	off  int64
	time time.Duration
}

// worstLag is Jepsen's realtime lag, worst case. Offset x of a key was no
// longer the newest once some ok or indefinite operation completed having
// sent or polled an offset above it. A process reads from the offsets it
// was assigned (from -1) and has polled up to; when it begins a poll, its
// lag on each key is how long before that its offset stopped being the
// newest. Rather than a vector indexed by offset, as in Jepsen, each key
// keeps its sightings sorted by offset, with the earliest time from each
// onwards, so any offset is looked up by binary search.
func (a *analysis) worstLag() Lag {
	sightings := make([][]known, len(a.keys.text))
	for i := range a.ops {
		o := &a.ops[i]
		if (o.typ == history.OK || o.typ == history.Info) && o.comp != nil {
			for _, m := range maxOffsets(o) {
				sightings[m.key] = append(sightings[m.key], known{m.off, o.comp.Time})
			}
		}
	}
	for _, s := range sightings {
		slices.SortFunc(s, func(x, y known) int { return cmp.Compare(x.off, y.off) })
		for i := len(s) - 2; i >= 0; i-- {
			s[i].time = min(s[i].time, s[i+1].time)
		}
	}
	// expired is when offset x of key k stopped being the newest, or -1.
	expired := func(k int32, x int64) time.Duration {
		s := sightings[k]
		if i := sort.Search(len(s), func(i int) bool { return s[i].off >= x }); i < len(s) {
			return s[i].time
		}
		return -1
	}
	worst := Lag{}
	var worstLag time.Duration = -1
	offsets := map[int][]keyOffset{} // by process: the keys it reads, and the offset it reached
	for i := range a.ops {
		o := &a.ops[i]
		if o.typ != history.OK {
			continue
		}
		p := o.inv.Process
		if o.inv.F == "assign" {
			next := make([]keyOffset, 0, len(o.assign))
			for _, k := range o.assign {
				ko := keyOffset{k, -1}
				if j := slices.IndexFunc(offsets[p], func(x keyOffset) bool { return x.key == k }); j >= 0 {
					ko = offsets[p][j]
				}
				next = append(next, ko)
			}
			offsets[p] = next
			continue
		}
		if o.inv.F != "poll" && o.inv.F != "txn" {
			continue
		}
		offsets[p] = merge(offsets[p], maxOffsets(o))
		for _, ko := range offsets[p] {
			at := expired(ko.key, ko.off+1)
			if at < 0 {
				continue
			}
			if lag := max(0, o.inv.Time-at); lag > worstLag {
				worstLag = lag
				worst = Lag{Time: o.inv.Time.Seconds(), Process: ptr(p), Key: a.keys.text[ko.key], Lag: lag.Seconds()}
			}
		}
	}
	return worst
}

type keyOffset struct {
	key int32
	off int64
}

// maxOffsets is the highest offset an operation sent or polled, per key.
func maxOffsets(o *op) []keyOffset {
	var out []keyOffset
	note := func(k int32, off int64) {
		for i := range out {
			if out[i].key == k {
				out[i].off = max(out[i].off, off)
				return
			}
		}
		out = append(out, keyOffset{k, off})
	}
	for _, s := range o.sends {
		if s.known {
			note(s.key, s.off)
		}
	}
	for _, r := range o.reads {
		for _, p := range r.pairs {
			note(r.key, p.off)
		}
	}
	return out
}

// merge raises each key's offset in into to at least its offset in from,
// adding keys into lacks, and keeps the result sorted by key.
func merge(into, from []keyOffset) []keyOffset {
	for _, f := range from {
		if i := slices.IndexFunc(into, func(x keyOffset) bool { return x.key == f.key }); i >= 0 {
			into[i].off = max(into[i].off, f.off)
		} else {
			into = append(into, f)
		}
	}
	slices.SortFunc(into, func(x, y keyOffset) int { return cmp.Compare(x.key, y.key) })
	return into
}
