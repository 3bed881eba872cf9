package txn

import (
	"encoding/json"
	"fmt"

	"github.com/eddy-sim/eddy/sim/history"
)

// listIndex is the list-append inference: per key, the version order, the
// order of appends as revealed by the longest read.
type listIndex struct {
	*keyed
	order      [][]atom  // key → elements in append order (the longest read, deduplicated)
	longest    [][]atom  // key → the longest read
	longestBy  []int32   // key → the transaction that read it
	unobserved [][]int32 // key → committed transactions whose append to it no read saw
}

// analyzeListAppend infers list-append dependencies and finds the
// anomalies visible without cycles.
func analyzeListAppend(a *analysis) {
	th := a.th
	x := &listIndex{keyed: newKeyed(th)}
	a.explainData = x.explain
	x.indexWrites(a, aDuplicateAppends)
	x.readChecks(a)
	x.versionOrders(a)
	for i := range th.txns {
		if th.txns[i].typ == history.OK {
			x.internalChecks(a, int32(i))
		}
	}
	lostUpdates(a, x.keyed)
	x.dirtyUpdates(a)
	x.edges(a)
}

// reads calls f for each known read of each ok transaction.
func (x *listIndex) reads(f func(t int32, m *mop, k int32)) {
	for i := range x.th.txns {
		t := &x.th.txns[i]
		if t.typ != history.OK {
			continue
		}
		for j := range t.mops {
			if m := &t.mops[j]; m.f == fRead && m.known {
				f(int32(i), m, x.key(m.key))
			}
		}
	}
}

// versionOrders checks every ok read of a key is a prefix of its longest
// read (else incompatible-order), then takes the longest read, without
// duplicates, as the key's version order, and notes which committed
// appends no read observed: those came after every observed one, if they
// happened at all.
func (x *listIndex) versionOrders(a *analysis) {
	in := x.th.in
	n := len(x.kAtom)
	for len(x.longest) < n {
		x.longest = append(x.longest, nil)
		x.longestBy = append(x.longestBy, -1)
	}
	x.order = make([][]atom, n)
	x.unobserved = make([][]int32, n)
	reported := make([]bool, n)
	x.reads(func(t int32, m *mop, k int32) {
		if reported[k] || isPrefix(m.list, x.longest[k]) {
			return
		}
		reported[k] = true
		a.add(Anomaly{
			Type: aIncompatibleOrder, Key: in.json(m.key),
			Values: []json.RawMessage{x.th.listJSON(m.list), x.th.listJSON(x.longest[k])},
			Txns:   a.txns(t, x.longestBy[k]),
			Explanation: fmt.Sprintf("T1 read key %s = %s and T2 read %s: neither is a prefix of the other, so no single order of appends explains both.",
				in.text[m.key], x.th.listText(m.list), x.th.listText(x.longest[k])),
		})
	})
	for k := range x.longest {
		for _, e := range x.longest[k] {
			if info := x.elem(int32(k), e); info != nil && info.pos < 0 {
				info.pos = int32(len(x.order[k]))
				x.order[k] = append(x.order[k], e)
			} else if info == nil {
				x.order[k] = append(x.order[k], e) // garbage, already reported
			}
		}
	}
	for i := range x.th.txns {
		t := &x.th.txns[i]
		if !t.committed() {
			continue
		}
		for j := range t.mops {
			m := &t.mops[j]
			if m.f != fAppend {
				continue
			}
			k := x.key(m.key)
			if info := x.elem(k, m.val); info.pos < 0 && info.writer == int32(i) {
				x.unobserved[k] = append(x.unobserved[k], int32(i))
			}
		}
	}
}

// prev returns the element appended just before v to key k (null for
// none): the one before it in the version order, or, for an append no
// read observed, the last observed one.
func (x *listIndex) prev(k int32, v atom) atom {
	info := x.elem(k, v)
	order := x.order[k]
	switch {
	case info != nil && info.pos > 0:
		return order[info.pos-1]
	case info != nil && info.pos == 0, len(order) == 0:
		return null
	}
	return order[len(order)-1]
}

// next returns the committed transactions whose appends came right after
// the state of key k ending in e (null: the empty state).
func (x *listIndex) next(k int32, e atom) []int32 {
	order := x.order[k]
	pos := int32(-1)
	if e != null {
		info := x.elem(k, e)
		if info == nil || info.pos < 0 {
			return nil // not in the version order: incompatible or garbage
		}
		pos = info.pos
	}
	if int(pos+1) < len(order) {
		if w := x.writerOf(k, order[pos+1]); w >= 0 {
			return []int32{w}
		}
		return nil
	}
	return x.unobserved[k]
}

// edges adds the dependency edges: wr from the appender of a read's last
// element to the reader; ww between successive appends in version order;
// rw from a reader to the appender of the element after the read's last.
func (x *listIndex) edges(a *analysis) {
	x.reads(func(t int32, m *mop, k int32) {
		last := null
		if n := len(m.list); n > 0 {
			last = m.list[n-1]
			a.b.add(x.writerOf(k, last), t, wr)
		}
		for _, w := range x.next(k, last) {
			a.b.add(t, w, rw)
		}
	})
	for k, order := range x.order {
		for i := 1; i < len(order); i++ {
			a.b.add(x.writerOf(int32(k), order[i-1]), x.writerOf(int32(k), order[i]), ww)
		}
		if len(order) > 0 {
			w := x.writerOf(int32(k), order[len(order)-1])
			for _, u := range x.unobserved[k] {
				a.b.add(w, u, ww)
			}
		}
	}
}

// explain says why a precedes b by a data dependency of kind k.
func (x *listIndex) explain(a, b int32, k kind, an, bn string) (string, bool) {
	in := x.th.in
	tb := &x.th.txns[b]
	switch k {
	case ww:
		for _, m := range tb.mops {
			if m.f != fAppend {
				continue
			}
			kk := x.key(m.key)
			p := x.prev(kk, m.val)
			if p != null && x.writerOf(kk, p) == a {
				return fmt.Sprintf("%s appended %s after %s appended %s to key %s",
					bn, in.text[m.val], an, in.text[p], in.text[m.key]), true
			}
		}
	case wr:
		for _, m := range tb.mops {
			if m.f == fRead && m.known && len(m.list) > 0 {
				e := m.list[len(m.list)-1]
				if x.writerOf(x.key(m.key), e) == a {
					return fmt.Sprintf("%s observed %s's append of %s to key %s", bn, an, in.text[e], in.text[m.key]), true
				}
			}
		}
	case rw:
		ta := &x.th.txns[a]
		for _, m := range tb.mops {
			if m.f != fAppend {
				continue
			}
			kk := x.key(m.key)
			p := x.prev(kk, m.val)
			for _, r := range ta.mops {
				if r.f != fRead || !r.known || r.key != m.key || lastOf(r.list) != p {
					continue
				}
				if p == null {
					return fmt.Sprintf("%s observed the initial (empty) state of key %s, which %s created by appending %s",
						an, in.text[m.key], bn, in.text[m.val]), true
				}
				return fmt.Sprintf("%s did not observe %s's append of %s to key %s", an, bn, in.text[m.val], in.text[m.key]), true
			}
		}
	}
	return "", false
}
