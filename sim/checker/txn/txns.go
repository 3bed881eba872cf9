package txn

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/eddy-sim/eddy/sim/history"
)

// txn is one transaction: an invocation of f "txn" and its completion.
type txn struct {
	typ     history.Type // OK, Info or Fail (Info when it never completed)
	process int
	index   int // the completion's Index, the invocation's if none
	// invIndex is the invocation's Index.
	invIndex int
	// invPos and compPos are positions in the history; compPos is -1
	// when the transaction never completed.
	invPos, compPos int
	invTime         time.Duration
	compTime        time.Duration
	value           json.RawMessage // as completed; as invoked for info and fail
	mops            []mop
}

// committed reports whether t may have taken effect: ok, or info.
func (t *txn) committed() bool { return t.typ != history.Fail }

// workload says which micro-ops a workload allows.
type workload struct {
	name   string
	write  mopF // fAppend or fWrite
	lists  bool // reads return lists
	writeS string
}

var (
	listAppend = workload{name: "list-append", write: fAppend, lists: true, writeS: "append"}
	rwRegister = workload{name: "rw-register", write: fWrite, writeS: "w"}
)

// txnHistory is a history's transactions, in invocation order, with the
// interner naming their values.
type txnHistory struct {
	in        *interner
	txns      []txn
	malformed []Anomaly
	w         workload
}

// parse collects the transactions of a history. Operations whose F is not
// "txn" are ignored. An ok completion's micro-ops must match its
// invocation's function for function and key for key (and value for
// value, for writes); where they do not, or a value is not a transaction
// at all, the transaction is reported malformed and its invocation is
// used, with its reads unknown.
func parse(h history.History, w workload) *txnHistory {
	th := &txnHistory{in: newInterner(), w: w}
	d := &decoder{in: th.in}
	open := map[int]int{} // process → index into th.txns
	for pos := range h {
		op := &h[pos]
		if op.F != "txn" {
			continue
		}
		if op.Type == history.Invoke {
			open[op.Process] = len(th.txns)
			th.txns = append(th.txns, txn{
				typ: history.Info, process: op.Process, index: op.Index, invIndex: op.Index,
				invPos: pos, compPos: -1, invTime: op.Time, value: op.Value,
			})
			continue
		}
		i, ok := open[op.Process]
		if !ok {
			continue
		}
		delete(open, op.Process)
		t := &th.txns[i]
		t.typ, t.index, t.compPos, t.compTime = op.Type, op.Index, pos, op.Time
		if op.Type == history.OK && len(op.Value) > 0 {
			t.value = op.Value
		}
	}
	for i := range th.txns {
		th.decode(d, &th.txns[i], h)
	}
	return th
}

// decode parses a transaction's micro-ops: the completion's for ok
// transactions, checked against the invocation's; the invocation's for
// the others.
func (th *txnHistory) decode(d *decoder, t *txn, h history.History) {
	inv, err := d.txn(h[t.invPos].Value, false)
	if err != nil {
		th.malform(t, "its invocation's value is not a transaction")
		return
	}
	t.mops = inv
	if t.typ != history.OK {
		return
	}
	if len(h[t.compPos].Value) == 0 {
		th.malform(t, "its completion has no value")
		return
	}
	got, err := d.txn(h[t.compPos].Value, true)
	if err != nil {
		th.malform(t, "its completion's value is not a transaction")
		return
	}
	if len(got) != len(inv) {
		th.malform(t, fmt.Sprintf("it was invoked with %d micro-ops but completed with %d", len(inv), len(got)))
		return
	}
	for j := range got {
		a, b := inv[j], got[j]
		if a.f != b.f || a.key != b.key || (a.f != fRead && a.val != b.val) {
			th.malform(t, fmt.Sprintf("its completion changed micro-op %d", j+1))
			return
		}
	}
	t.mops = got
}

// malform records a malformed transaction; its reads stay unknown.
func (th *txnHistory) malform(t *txn, why string) {
	th.malformed = append(th.malformed, Anomaly{
		Type:        aMalformed,
		Explanation: fmt.Sprintf("T1 is malformed: %s.", why),
		Txns:        []Txn{th.render(t, "T1")},
	})
}

// validate reports micro-ops the workload does not allow as malformed-txn,
// and makes them unknown.
func (th *txnHistory) validate() {
	for i := range th.txns {
		t := &th.txns[i]
		for j := range t.mops {
			m := &t.mops[j]
			bad := ""
			switch {
			case m.f != fRead && m.f != th.w.write:
				bad = fmt.Sprintf("micro-op %d is neither a read nor a %q", j+1, th.w.writeS)
			case m.f == fRead && m.known && th.w.lists && m.val != null && m.val != listMarker:
				bad = fmt.Sprintf("micro-op %d reads a value that is not a list", j+1)
			case m.f == fRead && m.known && !th.w.lists && m.val == listMarker:
				bad = fmt.Sprintf("micro-op %d reads a list from a register", j+1)
			}
			if bad != "" {
				th.malform(t, bad)
				m.f, m.known = fOther, false
			}
			if th.w.lists && m.f == fRead && m.known && m.val == null {
				m.val, m.list = listMarker, []atom{} // a missing list is empty
			}
		}
	}
}

// render describes a transaction for an anomaly.
func (th *txnHistory) render(t *txn, name string) Txn {
	return Txn{Name: name, Index: t.index, Process: t.process, Type: t.typ, Value: t.value}
}
