package txn

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/sim/history"
)

// genOptions shape a synthetic history.
type genOptions struct {
	txns        int     // transactions to invoke
	processes   int     // concurrent clients
	keys        int     // active keys
	maxLen      int     // micro-ops per transaction, 1…maxLen
	maxWrites   int     // writes per key before it is retired
	failRate    float64 // transactions that abort without effect
	infoRate    float64 // transactions whose outcome is lost (half take effect)
	registers   bool    // rw-register rather than list-append
	seed        uint64
	lostUpdates bool // let the database lose some appends (for anomaly tests)
	staleReads  bool // let some reads return an older state (for anomaly tests)
}

func defaultGen(n int) genOptions {
	return genOptions{txns: n, processes: 10, keys: 10, maxLen: 4, maxWrites: 16,
		failRate: 0.02, infoRate: 0.01, seed: 1}
}

// inflight is a process's current transaction.
type inflight struct {
	process  int
	mops     [][3]any
	executed bool
	outcome  history.Type
}

// generate simulates a single-threaded, serial database with several
// clients: each transaction is invoked, executed atomically at one instant
// (against the database's state then), and completed later, with other
// clients' operations interleaved between. Since each runs at an instant
// within its interval, the history is strictly serializable. Elle's
// generator shapes the transactions: keys drawn with an exponential skew
// from a pool of active keys, each retired after maxWrites writes.
func generate(o genOptions) history.History {
	rng := rand.New(rand.NewPCG(o.seed, 0x5eed))
	var h history.History
	now := time.Duration(0)
	emit := func(t history.Type, p int, value any) {
		now += time.Duration(1+rng.IntN(1000)) * time.Microsecond
		var raw json.RawMessage
		if value != nil {
			b, err := json.Marshal(value)
			if err != nil {
				panic(err)
			}
			raw = b
		}
		h = append(h, history.Op{Index: len(h), Time: now, Type: t, Process: p, F: "txn", Value: raw})
	}

	active := make([]int, o.keys)
	for i := range active {
		active[i] = i
	}
	nextKey := o.keys
	writes := map[int]int{}        // key → writes so far
	lists := map[int][]int{}       // list-append state
	registers := map[int]*int{}    // rw-register state
	versions := map[int][]int{}    // rw-register: every value each key has had
	pickKey := func() (int, int) { // exponential skew, as Elle's generator
		i := 0
		for i < len(active)-1 && rng.IntN(2) == 0 {
			i++
		}
		return i, active[i]
	}
	newTxn := func() [][3]any {
		n := 1 + rng.IntN(o.maxLen)
		var mops [][3]any
		for len(mops) < n {
			slot, k := pickKey()
			if rng.IntN(2) == 0 {
				mops = append(mops, [3]any{"r", k, nil})
				continue
			}
			if writes[k] >= o.maxWrites {
				active[slot] = nextKey
				nextKey++
				continue
			}
			writes[k]++
			f := "append"
			if o.registers {
				f = "w"
			}
			mops = append(mops, [3]any{f, k, writes[k]})
		}
		return mops
	}
	execute := func(mops [][3]any) [][3]any {
		out := make([][3]any, len(mops))
		for i, m := range mops {
			k := m[1].(int)
			switch m[0] {
			case "r":
				stale := o.staleReads && rng.IntN(30) == 0
				switch {
				case o.registers && stale && len(versions[k]) > 0:
					out[i] = [3]any{"r", k, versions[k][rng.IntN(len(versions[k]))]}
				case o.registers && registers[k] != nil:
					out[i] = [3]any{"r", k, *registers[k]}
				case o.registers:
					out[i] = [3]any{"r", k, nil}
				case lists[k] != nil:
					l := lists[k]
					if stale {
						l = l[:rng.IntN(len(l)+1)]
					}
					out[i] = [3]any{"r", k, append([]int{}, l...)}
				default:
					out[i] = [3]any{"r", k, nil}
				}
			case "append":
				if !(o.lostUpdates && rng.IntN(50) == 0) {
					lists[k] = append(lists[k], m[2].(int))
				}
				out[i] = m
			case "w":
				v := m[2].(int)
				registers[k] = &v
				versions[k] = append(versions[k], v)
				out[i] = m
			}
		}
		return out
	}

	procs := make([]*inflight, o.processes)
	ids := make([]int, o.processes) // slot → current process id
	for i := range ids {
		ids[i] = i
	}
	invoked := 0
	for invoked < o.txns || anyInflight(procs) {
		slot := rng.IntN(o.processes)
		p := procs[slot]
		switch {
		case p == nil && invoked < o.txns:
			mops := newTxn()
			p = &inflight{process: ids[slot], mops: mops, outcome: history.OK}
			switch r := rng.Float64(); {
			case r < o.failRate:
				p.outcome = history.Fail
			case r < o.failRate+o.infoRate:
				p.outcome = history.Info
			}
			procs[slot] = p
			invoked++
			emit(history.Invoke, p.process, mops)
		case p == nil:
		case !p.executed && p.outcome != history.Fail && !(p.outcome == history.Info && rng.IntN(2) == 0):
			p.mops = execute(p.mops)
			p.executed = true
		default:
			switch p.outcome {
			case history.OK:
				emit(history.OK, p.process, p.mops)
			case history.Fail:
				emit(history.Fail, p.process, nil)
			case history.Info:
				emit(history.Info, p.process, nil)
				ids[slot] += o.processes // a crashed client comes back as a new process
			}
			procs[slot] = nil
		}
	}
	return h
}

func anyInflight(ps []*inflight) bool {
	for _, p := range ps {
		if p != nil {
			return true
		}
	}
	return false
}

// describe summarizes a history for test logs.
func describe(h history.History) string {
	counts := map[history.Type]int{}
	for _, op := range h {
		counts[op.Type]++
	}
	var b strings.Builder
	for _, t := range []history.Type{history.Invoke, history.OK, history.Fail, history.Info} {
		b.WriteString(string(t) + "=" + strconv.Itoa(counts[t]) + " ")
	}
	return b.String()
}
