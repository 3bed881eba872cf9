package txn

import (
	"fmt"
)

// elemInfo is what is known of one (key, value) pair: an appended element,
// or a register version.
type elemInfo struct {
	writer  int32 // the transaction that appended or wrote it
	other   int32 // a second writer, when writes were not unique (else -1)
	pos     int32 // list-append: position in the key's version order, -1 if unobserved
	interim bool  // the writer wrote the key again later in the same transaction
}

// keyed indexes keys and (key, value) pairs; shared by both workloads.
type keyed struct {
	th    *txnHistory
	keys  map[atom]int32 // key → dense key number
	kAtom []atom         // key number → key
	elems map[uint64]*elemInfo
}

func newKeyed(th *txnHistory) *keyed {
	return &keyed{th: th, keys: map[atom]int32{}, elems: map[uint64]*elemInfo{}}
}

// key returns a key's number, numbering it if new.
func (kd *keyed) key(k atom) int32 {
	if i, ok := kd.keys[k]; ok {
		return i
	}
	i := int32(len(kd.kAtom))
	kd.keys[k] = i
	kd.kAtom = append(kd.kAtom, k)
	return i
}

// pair packs a key number and a value into a map key.
func pair(k int32, v atom) uint64 { return uint64(uint32(k))<<32 | uint64(uint32(v)) }

// elem returns what is known of value v of key number k, or nil.
func (kd *keyed) elem(k int32, v atom) *elemInfo { return kd.elems[pair(k, v)] }

// indexWrites records every transaction's writes (appends or register
// writes), whatever its outcome, marking intermediate ones, and reports
// values written more than once.
func (kd *keyed) indexWrites(a *analysis, dupType string) {
	th := kd.th
	for i := range th.txns {
		t := &th.txns[i]
		for j := range t.mops {
			m := &t.mops[j]
			if m.f != th.w.write {
				continue
			}
			k := kd.key(m.key)
			p := pair(k, m.val)
			if e, ok := kd.elems[p]; ok {
				if e.other < 0 {
					e.other = int32(i)
					a.add(Anomaly{
						Type: dupType, Key: th.in.json(m.key), Element: th.in.json(m.val),
						Txns: a.txns(e.writer, int32(i)),
						Explanation: fmt.Sprintf("%s was written to key %s by both T1 and T2 (or twice by one), but this checker needs every %s to be unique.",
							th.in.text[m.val], th.in.text[m.key], th.w.writeS),
					})
				}
				continue
			}
			interim := false
			for _, later := range t.mops[j+1:] {
				if later.f == th.w.write && later.key == m.key {
					interim = true
					break
				}
			}
			kd.elems[p] = &elemInfo{writer: int32(i), other: -1, pos: -1, interim: interim}
		}
	}
}

// writerOf returns the committed (ok or info) transaction that wrote v to
// key k, or -1.
func (kd *keyed) writerOf(k int32, v atom) int32 {
	if e := kd.elem(k, v); e != nil && kd.th.txns[e.writer].committed() {
		return e.writer
	}
	return -1
}
