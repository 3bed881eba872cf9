package txn

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/eddy-sim/eddy/sim/history"
)

// lostUpdates finds ok transactions that read a key, then wrote it (with
// no write of it before the read), grouped by the state read: two or more
// in a group means one update was lost, whatever the order.
func lostUpdates(a *analysis, kd *keyed) {
	th := kd.th
	type group struct {
		read *mop // the first member's read
		ts   []int32
	}
	groups := map[string]*group{}
	var order []*group
	for i := range th.txns {
		t := &th.txns[i]
		if t.typ != history.OK {
			continue
		}
		for j := range t.mops {
			m := &t.mops[j]
			if m.f != fRead || !m.known || !firstOnKey(t.mops, j) || !writesAfter(t.mops, j, th.w.write) {
				continue
			}
			id := groupOf(m)
			g, ok := groups[id]
			if !ok {
				g = &group{read: m}
				groups[id] = g
				order = append(order, g)
			}
			g.ts = append(g.ts, int32(i))
		}
	}
	in := th.in
	for _, g := range order {
		if len(g.ts) < 2 {
			continue
		}
		m := g.read
		var value json.RawMessage
		if m.val == listMarker {
			value = th.listJSON(m.list)
		} else {
			value = in.json(m.val)
		}
		who := "T1 and T2 both"
		if len(g.ts) > 2 {
			who = fmt.Sprintf("T1, T2 and %d more all", len(g.ts)-2)
		}
		a.add(Anomaly{
			Type: aLostUpdate, Key: in.json(m.key), Value: value, Txns: a.txns(g.ts...),
			Explanation: fmt.Sprintf("%s read key %s = %s and then wrote it (%s); whichever committed later should have seen the other's write, so an update was lost.",
				who, in.text[m.key], value, th.w.writeS),
		})
	}
}

// groupOf identifies the key and state a read saw.
func groupOf(m *mop) string {
	buf := binary.AppendVarint(nil, int64(m.key))
	buf = binary.AppendVarint(buf, int64(m.val))
	for _, e := range m.list {
		buf = binary.AppendVarint(buf, int64(e))
	}
	return string(buf)
}

// firstOnKey reports whether mops[j] is the transaction's first micro-op
// on its key.
func firstOnKey(mops []mop, j int) bool {
	for i := range j {
		if mops[i].key == mops[j].key && mops[i].f != fOther {
			return false
		}
	}
	return true
}

// writesAfter reports whether the transaction writes mops[j]'s key later.
func writesAfter(mops []mop, j int, write mopF) bool {
	for _, m := range mops[j+1:] {
		if m.f == write && m.key == mops[j].key {
			return true
		}
	}
	return false
}
