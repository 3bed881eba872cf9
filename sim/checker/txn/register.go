package txn

import (
	"fmt"

	"github.com/eddy-sim/eddy/sim/history"
)

// regIndex is the rw-register inference.
type regIndex struct {
	*keyed
	readers  map[uint64][]int32 // (key, value) → ok transactions that read it; value null for the initial state
	readKeys []uint64           // readers' keys in first-read order
	versions *versionGraphs
}

// analyzeRWRegister infers rw-register dependencies and finds the
// anomalies visible without cycles.
func analyzeRWRegister(a *analysis) {
	th := a.th
	x := &regIndex{keyed: newKeyed(th), readers: map[uint64][]int32{}}
	a.explainData = x.explain
	x.indexWrites(a, aDuplicateWrites)
	for i := range th.txns {
		if th.txns[i].typ == history.OK {
			x.txnChecks(a, int32(i))
		}
	}
	lostUpdates(a, x.keyed)
	x.versions = inferVersions(a, x)
	x.edges(a)
}

// txnChecks indexes an ok transaction's reads and checks them: values
// nobody wrote (garbage-read), written by failed transactions (G1a), or
// overwritten by their writer within its transaction (G1b); reads at odds
// with the transaction's own earlier reads and writes (internal); and
// writes of values it had already read (future-read).
func (x *regIndex) txnChecks(a *analysis, ti int32) {
	in := x.th.in
	t := &x.th.txns[ti]
	for j := range t.mops {
		m := &t.mops[j]
		k := x.key(m.key)
		if m.f == fWrite {
			for i := j - 1; i >= 0; i-- {
				if p := &t.mops[i]; p.f == fRead && p.known && p.key == m.key && p.val == m.val {
					a.add(Anomaly{
						Type: aFutureRead, Key: in.json(m.key), Element: in.json(m.val), Txns: a.txns(ti),
						Explanation: fmt.Sprintf("T1 read key %s = %s before it wrote %s itself.",
							in.text[m.key], in.text[m.val], in.text[m.val]),
					})
					break
				}
			}
			continue
		}
		if m.f != fRead || !m.known {
			continue
		}
		p := pair(k, m.val)
		rs := x.readers[p]
		if len(rs) == 0 {
			x.readKeys = append(x.readKeys, p)
		}
		if len(rs) == 0 || rs[len(rs)-1] != ti {
			x.readers[p] = append(rs, ti)
		}
		if m.val != null {
			info := x.elem(k, m.val)
			switch {
			case info == nil:
				a.add(Anomaly{
					Type: aGarbageRead, Key: in.json(m.key), Value: in.json(m.val), Txns: a.txns(ti),
					Explanation: fmt.Sprintf("T1 read key %s = %s, but no transaction ever wrote %s to key %s.",
						in.text[m.key], in.text[m.val], in.text[m.val], in.text[m.key]),
				})
			case x.th.txns[info.writer].typ == history.Fail:
				a.add(Anomaly{
					Type: aG1a, Key: in.json(m.key), Value: in.json(m.val), Txns: a.txns(ti, info.writer),
					Explanation: fmt.Sprintf("T1 read key %s = %s, written by T2, which aborted (failed).",
						in.text[m.key], in.text[m.val]),
				})
			case info.interim && info.writer != ti:
				a.add(Anomaly{
					Type: aG1b, Key: in.json(m.key), Value: in.json(m.val), Txns: a.txns(ti, info.writer),
					Explanation: fmt.Sprintf("T1 read key %s = %s, written by T2; but T2 wrote key %s again afterwards, so T1 saw an intermediate state of T2.",
						in.text[m.key], in.text[m.val], in.text[m.key]),
				})
			}
		}
		// The transaction's last read or write of the key says what this
		// read must see.
		for i := j - 1; i >= 0; i-- {
			p := &t.mops[i]
			if p.key != m.key || (p.f != fWrite && !(p.f == fRead && p.known)) {
				continue
			}
			if p.val != m.val {
				how := "wrote"
				if p.f == fRead {
					how = "read"
				}
				a.add(Anomaly{
					Type: aInternal, Key: in.json(m.key), Value: in.json(m.val), Expected: in.json(p.val),
					Txns: a.txns(ti),
					Explanation: fmt.Sprintf("T1 %s key %s = %s, then read %s without writing it in between.",
						how, in.text[m.key], in.text[p.val], in.text[m.val]),
				})
			}
			break
		}
	}
}

// edges adds the dependency edges: wr from the writer of each value read
// to its readers, and, for each version order edge v1 < v2 of a key, ww
// from v1's writer to v2's and rw from v1's readers to v2's writer.
func (x *regIndex) edges(a *analysis) {
	for _, p := range x.readKeys {
		k, v := int32(p>>32), atom(uint32(p))
		if v == null {
			continue
		}
		w := x.writerOf(k, v)
		for _, r := range x.readers[p] {
			a.b.add(w, r, wr)
		}
	}
	x.versions.each(func(k int32, v1, v2 atom) {
		w2 := x.writerOf(k, v2)
		if w2 < 0 {
			return
		}
		if v1 != null {
			a.b.add(x.writerOf(k, v1), w2, ww)
		}
		for _, r := range x.readers[pair(k, v1)] {
			a.b.add(r, w2, rw)
		}
	})
}

// explain says why a precedes b by a data dependency of kind k.
func (x *regIndex) explain(a, b int32, k kind, an, bn string) (string, bool) {
	in := x.th.in
	ta, tb := &x.th.txns[a], &x.th.txns[b]
	for _, mb := range tb.mops {
		kk := x.key(mb.key)
		for _, ma := range ta.mops {
			if ma.key != mb.key {
				continue
			}
			switch {
			case k == wr && ma.f == fWrite && mb.f == fRead && mb.known && ma.val == mb.val:
				return fmt.Sprintf("%s wrote key %s = %s, which was read by %s", an, in.text[ma.key], in.text[ma.val], bn), true
			case k == ww && ma.f == fWrite && mb.f == fWrite && x.versions.has(kk, ma.val, mb.val):
				return fmt.Sprintf("%s set key %s to %s, and %s set it to %s, which came later in the version order",
					an, in.text[ma.key], in.text[ma.val], bn, in.text[mb.val]), true
			case k == rw && ma.f == fRead && ma.known && mb.f == fWrite && x.versions.has(kk, ma.val, mb.val):
				if ma.val == null {
					return fmt.Sprintf("%s read key %s = null, its initial state, and %s set it to %s",
						an, in.text[ma.key], bn, in.text[mb.val]), true
				}
				return fmt.Sprintf("%s read key %s = %s, and %s set it to %s, which came later in the version order",
					an, in.text[ma.key], in.text[ma.val], bn, in.text[mb.val]), true
			}
		}
	}
	return "", false
}
