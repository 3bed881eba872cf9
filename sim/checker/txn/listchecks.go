package txn

import (
	"encoding/json"
	"fmt"

	"github.com/eddy-sim/eddy/sim/history"
)

// readChecks finds, in ok reads, duplicate elements, elements nobody
// appended (garbage-read), elements whose append failed (G1a), and states
// ending in another transaction's intermediate append (G1b); and notes
// each key's longest read.
func (x *listIndex) readChecks(a *analysis) {
	in := x.th.in
	x.reads(func(t int32, m *mop, k int32) {
		for len(x.longest) <= int(k) {
			x.longest = append(x.longest, nil)
			x.longestBy = append(x.longestBy, -1)
		}
		if x.longestBy[k] < 0 || len(m.list) > len(x.longest[k]) {
			x.longest[k], x.longestBy[k] = m.list, t
		}
		if dups := duplicates(m.list); len(dups) > 0 {
			a.add(Anomaly{
				Type: aDuplicateElements, Key: in.json(m.key), Value: x.th.listJSON(m.list),
				Values: x.th.atomsJSON(dups), Txns: a.txns(t),
				Explanation: fmt.Sprintf("T1 read key %s = %s, in which %s appeared more than once; every element is appended once.",
					in.text[m.key], x.th.listText(m.list), x.th.listText(dups)),
			})
		}
		garbage := false
		for _, e := range m.list {
			info := x.elem(k, e)
			switch {
			case info == nil && !garbage:
				garbage = true
				a.add(Anomaly{
					Type: aGarbageRead, Key: in.json(m.key), Value: x.th.listJSON(m.list),
					Element: in.json(e), Txns: a.txns(t),
					Explanation: fmt.Sprintf("T1 read key %s = %s, but no transaction ever appended %s to key %s.",
						in.text[m.key], x.th.listText(m.list), in.text[e], in.text[m.key]),
				})
			case info != nil && x.th.txns[info.writer].typ == history.Fail:
				a.add(Anomaly{
					Type: aG1a, Key: in.json(m.key), Value: x.th.listJSON(m.list),
					Element: in.json(e), Txns: a.txns(t, info.writer),
					Explanation: fmt.Sprintf("T1 read key %s = %s, observing the append of %s by T2, which aborted (failed).",
						in.text[m.key], x.th.listText(m.list), in.text[e]),
				})
			}
		}
		if n := len(m.list); n > 0 {
			e := m.list[n-1]
			if info := x.elem(k, e); info != nil && info.interim && info.writer != t {
				a.add(Anomaly{
					Type: aG1b, Key: in.json(m.key), Value: x.th.listJSON(m.list),
					Element: in.json(e), Txns: a.txns(t, info.writer),
					Explanation: fmt.Sprintf("T1 read key %s = %s, ending in T2's append of %s; but T2 appended to key %s again afterwards, so T1 saw an intermediate state of T2.",
						in.text[m.key], x.th.listText(m.list), in.text[e], in.text[m.key]),
				})
			}
		}
	})
}

// dirtyUpdates finds, per key, committed appends stacked on top of a
// failed one in the version order (Elle's dirty-update): a failed append,
// perhaps some info ones, then an ok one.
func (x *listIndex) dirtyUpdates(a *analysis) {
	in := x.th.in
	for k, order := range x.order {
		failed := int32(-1) // the failed writer under the current run
		var run []atom
		for _, e := range order {
			info := x.elem(int32(k), e)
			if info == nil {
				continue
			}
			switch x.th.txns[info.writer].typ {
			case history.Fail:
				if failed < 0 {
					failed, run = info.writer, nil
				}
				run = append(run, e)
			case history.Info:
				if failed >= 0 {
					run = append(run, e)
				}
			case history.OK:
				if failed >= 0 {
					run = append(run, e)
					a.add(Anomaly{
						Type: aDirtyUpdate, Key: in.json(x.kAtom[k]), Values: x.th.atomsJSON(run),
						Txns: a.txns(failed, info.writer),
						Explanation: fmt.Sprintf("T1 appended %s to key %s and aborted (failed), yet committed T2 appended %s on top of it (elements %s).",
							in.text[run[0]], in.text[x.kAtom[k]], in.text[e], x.th.listText(run)),
					})
				}
				failed = -1
			}
		}
	}
}

// internalChecks finds reads inconsistent with the transaction's own
// earlier reads and appends (internal), and appends of elements the
// transaction had already read (future-read).
func (x *listIndex) internalChecks(a *analysis, ti int32) {
	in := x.th.in
	t := &x.th.txns[ti]
	for j := range t.mops {
		m := &t.mops[j]
		switch {
		case m.f == fRead && m.known:
			// Walk back to the last read of the key, gathering appends.
			var appended []atom
			var base []atom
			known := false
			for i := j - 1; i >= 0; i-- {
				p := &t.mops[i]
				if p.key != m.key {
					continue
				}
				if p.f == fAppend {
					appended = append(appended, p.val)
				} else if p.f == fRead && p.known {
					base, known = p.list, true
					break
				}
			}
			if !known && len(appended) == 0 {
				continue
			}
			for l, r := 0, len(appended)-1; l < r; l, r = l+1, r-1 {
				appended[l], appended[r] = appended[r], appended[l]
			}
			var expected []atom
			ok := false
			if known {
				expected = append(append(expected, base...), appended...)
				ok = equalAtoms(m.list, expected)
			} else {
				expected = appended
				ok = len(m.list) >= len(appended) && equalAtoms(m.list[len(m.list)-len(appended):], appended)
			}
			if !ok {
				exp := x.th.listText(expected)
				expJSON := x.th.listJSON(expected)
				if !known {
					exp = "[..., " + exp[1:]
					expJSON = json.RawMessage(`["...",` + string(expJSON[1:]))
				}
				a.add(Anomaly{
					Type: aInternal, Key: in.json(m.key), Value: x.th.listJSON(m.list),
					Expected: expJSON, Txns: a.txns(ti),
					Explanation: fmt.Sprintf("T1 read key %s = %s, but its own earlier operations imply it should have read %s.",
						in.text[m.key], x.th.listText(m.list), exp),
				})
			}
		case m.f == fAppend:
			for i := j - 1; i >= 0; i-- {
				p := &t.mops[i]
				if p.f == fRead && p.known && p.key == m.key && containsAtom(p.list, m.val) {
					a.add(Anomaly{
						Type: aFutureRead, Key: in.json(m.key), Value: x.th.listJSON(p.list),
						Element: in.json(m.val), Txns: a.txns(ti),
						Explanation: fmt.Sprintf("T1 read key %s = %s, observing %s before it appended %s itself.",
							in.text[m.key], x.th.listText(p.list), in.text[m.val], in.text[m.val]),
					})
					break
				}
			}
		}
	}
}

// lastOf returns a list's last element, null if empty.
func lastOf(l []atom) atom {
	if len(l) == 0 {
		return null
	}
	return l[len(l)-1]
}

// isPrefix reports whether a is a prefix of b.
func isPrefix(a, b []atom) bool {
	return len(a) <= len(b) && equalAtoms(a, b[:len(a)])
}

// equalAtoms reports whether two lists are equal.
func equalAtoms(a, b []atom) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// containsAtom reports whether l contains v.
func containsAtom(l []atom, v atom) bool {
	for _, e := range l {
		if e == v {
			return true
		}
	}
	return false
}

// duplicates returns the elements occurring more than once in l, in order
// of their second occurrence.
func duplicates(l []atom) []atom {
	var dups []atom
	if len(l) <= 32 {
		for i := 1; i < len(l); i++ {
			for j := range i {
				if l[j] == l[i] {
					if !containsAtom(dups, l[i]) {
						dups = append(dups, l[i])
					}
					break
				}
			}
		}
		return dups
	}
	seen := make(map[atom]bool, len(l))
	for _, e := range l {
		if seen[e] && !containsAtom(dups, e) {
			dups = append(dups, e)
		}
		seen[e] = true
	}
	return dups
}
