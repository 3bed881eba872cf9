package workload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/txn"
	"github.com/eddy-sim/eddy/sim/history"
)

var txnListAppendSpec = Spec{
	Name:        "txn-list-append",
	Description: "transactions of reads and appends over lists of integers, checked against --consistency-models (Elle's list-append)",
	New:         func(o Options) (Workload, error) { return newTxn(o, "append", txn.CheckListAppend), nil },
	Reusable:    true,
	Validate:    validateTxn,
}

var txnRWRegisterSpec = Spec{
	Name:        "txn-rw-register",
	Description: "transactions of reads and writes over integer registers, checked against --consistency-models (Elle's rw-register)",
	New:         func(o Options) (Workload, error) { return newTxn(o, "w", txn.CheckRWRegister), nil },
	Reusable:    true,
	Validate:    validateTxn,
}

// defaultKeyCount is Elle's number of active keys when --key-count is not
// given.
const defaultKeyCount = 10

// validateTxn rejects what the txn workloads cannot run with, before the
// run starts: above all an unknown consistency model, which Maelstrom
// notices only when analysing.
func validateTxn(o Options) error {
	if err := txn.ParseModels(o.ConsistencyModels); err != nil {
		return fmt.Errorf("--consistency-models: %w", err)
	}
	flags := []string{"key-count", "max-txn-length", "max-writes-per-key"}
	for i, v := range []int{o.KeyCount, o.MaxTxnLength, o.MaxWritesPerKey} {
		if v < 0 {
			return fmt.Errorf("--%s %d: must not be negative", flags[i], v)
		}
	}
	return nil
}

// txnWorkload is both transactional workloads, generating as Elle's
// wr-txns does (v0.2.2): a transaction has 1…maxLen micro-ops, each a read
// or a write (an append, for lists) with equal odds, of a key drawn from
// the active keys with exponential skew. Each key is written 1, 2, 3, … up
// to maxWrites; the write that would exceed that retires the key instead,
// in favour of a fresh one (the largest active key + 1) in the same slot,
// and the micro-op is drawn again.
type txnWorkload struct {
	write     string // "append" or "w"
	check     func(history.History, txn.Options) txn.Result
	models    []string
	maxLen    int
	maxWrites int
	// active are the keys in play. Slot i is drawn with probability
	// proportional to 2^i: Elle's exponential key distribution, whose
	// hottest key is the last.
	active []int
	scale  float64 // the range of the uniform draw mapped onto slots
	next   []int   // by slot: the next value to write to its key
	buf    []byte  // reused to encode each transaction
}

func newTxn(o Options, write string, check func(history.History, txn.Options) txn.Result) *txnWorkload {
	keys := o.KeyCount
	if keys == 0 {
		keys = defaultKeyCount
	}
	w := &txnWorkload{
		write: write, check: check, models: o.ConsistencyModels,
		maxLen: max(o.MaxTxnLength, 1), maxWrites: max(o.MaxWritesPerKey, 1),
		active: make([]int, keys), next: make([]int, keys),
		// Elle's key-dist-scale for base 2: (2^n − 1)·2.
		scale: (math.Pow(2, float64(keys)) - 1) * 2,
	}
	for i := range w.active {
		w.active[i], w.next[i] = i, 1
	}
	return w
}

// slot draws an active key's slot as Elle's rand-key does:
// ⌊log2(2 + U[0, scale)) − 1⌋, which is i with probability 2^i / (2^n − 1)
// for n active keys. (Elle's docstring says the first key is the likeliest;
// its code, followed here, makes it the last.)
func (w *txnWorkload) slot(r *rand.Rand) int {
	i := int(math.Floor(math.Log2(2+r.Float64()*w.scale) - 1))
	return min(max(i, 0), len(w.active)-1) // guard against rounding at the edges
}

func (w *txnWorkload) Generate(r *rand.Rand, _ int) Invocation {
	n := 1 + r.IntN(w.maxLen)
	b := append(w.buf[:0], '[')
	for made := 0; made < n; {
		write := r.IntN(2) == 1
		i := w.slot(r)
		k := w.active[i]
		if write && w.next[i] > w.maxWrites {
			w.active[i], w.next[i] = w.maxActive()+1, 1
			continue
		}
		if made > 0 {
			b = append(b, ',')
		}
		if write {
			b = append(b, `["`...)
			b = append(b, w.write...)
			b = append(b, `",`...)
			b = strconv.AppendInt(b, int64(k), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(w.next[i]), 10)
			b = append(b, ']')
			w.next[i]++
		} else {
			b = append(b, `["r",`...)
			b = strconv.AppendInt(b, int64(k), 10)
			b = append(b, ",null]"...)
		}
		made++
	}
	b = append(b, ']')
	w.buf = b
	return Invocation{F: "txn", Value: bytes.Clone(b)}
}

func (w *txnWorkload) maxActive() int {
	m := w.active[0]
	for _, k := range w.active {
		m = max(m, k)
	}
	return m
}

func (w *txnWorkload) Request(inv Invocation) ([]byte, error) {
	b := make([]byte, 0, len(inv.Value)+24)
	b = append(b, `{"type":"txn","txn":`...)
	b = append(b, inv.Value...)
	return append(b, '}'), nil
}

// Complete checks that the reply is the request filled in: as many
// micro-ops, each with the request's function and key, writes echoed
// unchanged, reads holding a list or null (list-append) or any value
// (rw-register). Maelstrom's schema lets a write stand where a read was
// asked for (its issue #14); here that is a malformed reply like any other
// mismatch.
func (w *txnWorkload) Complete(inv Invocation, reply node.Message) (json.RawMessage, error) {
	f, err := replyFields(reply, "txn_ok", "txn")
	if err != nil {
		return nil, err
	}
	var got, sent [][]json.RawMessage
	if err := wire.Unmarshal(f[0], &got); err != nil {
		return nil, fmt.Errorf("txn_ok txn %.80s is not a list of [f, k, v] micro-ops", f[0])
	}
	if err := wire.Unmarshal(inv.Value, &sent); err != nil {
		return nil, fmt.Errorf("request txn %.80s: %v", inv.Value, err) // never: we encoded it
	}
	if len(got) != len(sent) {
		return nil, fmt.Errorf("txn_ok txn has %d micro-ops; the request had %d", len(got), len(sent))
	}
	for i, m := range got {
		if why := w.mismatch(sent[i], m); why != "" {
			return nil, fmt.Errorf("txn_ok micro-op %d is %s but the request had %s there: %s",
				i+1, compact(f[0], i), compact(inv.Value, i), why)
		}
	}
	return f[0], nil
}

// mismatch says why a replied micro-op does not complete the requested one,
// or returns "".
func (w *txnWorkload) mismatch(sent, got []json.RawMessage) string {
	if len(got) != 3 {
		return fmt.Sprintf("want [f, k, v], got %d elements", len(got))
	}
	for i := range got {
		got[i] = bytes.TrimSpace(got[i])
	}
	if !bytes.Equal(got[0], sent[0]) {
		if bytes.Equal(sent[0], []byte(`"r"`)) {
			return "a read must come back as a read (Maelstrom issue #14 lets this through; Eddy does not)"
		}
		return "micro-ops must keep their function"
	}
	if !bytes.Equal(got[1], sent[1]) {
		return "micro-ops must keep their key"
	}
	if !bytes.Equal(sent[0], []byte(`"r"`)) {
		if !bytes.Equal(got[2], sent[2]) {
			return "a " + w.write + " must be echoed unchanged"
		}
		return ""
	}
	if w.write == "append" && !bytes.Equal(got[2], []byte("null")) && (len(got[2]) == 0 || got[2][0] != '[') {
		return "a read of a list must return a list, or null for a missing key"
	}
	return ""
}

// compact renders micro-op i of a transaction for an error message.
func compact(raw json.RawMessage, i int) string {
	var mops []json.RawMessage
	if wire.Unmarshal(raw, &mops) != nil || i >= len(mops) {
		return "?"
	}
	var buf bytes.Buffer
	if json.Compact(&buf, mops[i]) != nil {
		return string(mops[i])
	}
	return buf.String()
}

func (w *txnWorkload) Final(int) (Invocation, bool) { return Invocation{}, false }

// Check runs Elle's checker with the run's models, and its verdict stands
// as it is, for both workloads: a cycle search cut short
// (cycle-search-timeout) or a history with no dependencies to check
// (empty-transaction-graph) leaves the result unknown, since Eddy cannot
// vouch for what it did not check. Maelstrom's rw-register workload
// instead drops cycle-search-timeout and then calls the history invalid
// if any anomaly type remains, which makes an empty graph invalid; its
// list-append workload leaves both unknown, as Eddy does.
func (w *txnWorkload) Check(h history.History) checker.Result {
	return w.check(h, txn.Options{ConsistencyModels: w.models})
}
