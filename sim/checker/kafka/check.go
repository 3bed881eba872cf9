package kafka

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/history"
)

// analysis is the state of one check. Operations are referred to by their
// position in ops.
type analysis struct {
	keys, vals interner
	ops        []op
	logs       []keyLog      // by key
	placed     map[kv]placed // where each message sits in its key's log
	writer     map[kv]int    // the (last) op that sent each message
	reader     map[kv]int    // the first ok op that polled each message
	unseen     *Unseen
	errs       map[string][]Error

	malformed      int
	firstMalformed string
}

// Check analyses a kafka history; see the package documentation.
func Check(h history.History) Result {
	a := &analysis{keys: newInterner(), vals: newInterner(), placed: map[kv]placed{},
		writer: map[kv]int{}, reader: map[kv]int{}, errs: map[string][]Error{}}
	a.parse(h)
	a.indexOps()
	a.versionOrders()
	a.lostWrites()
	a.badReads()
	a.processOrders()
	a.internalOrders()
	a.findUnseen()
	return a.result()
}

// indexOps notes who sent and who first polled each message.
func (a *analysis) indexOps() {
	for i := range a.ops {
		o := &a.ops[i]
		for _, s := range o.sends {
			a.writer[pairOf(s.key, s.val)] = i
		}
		if o.typ != history.OK {
			continue
		}
		for _, r := range o.reads {
			for _, p := range r.pairs {
				if _, ok := a.reader[pairOf(r.key, p.val)]; !ok {
					a.reader[pairOf(r.key, p.val)] = i
				}
			}
		}
	}
}

// lostWrites finds, per key, the furthest index any ok poll reached (by
// the first index of each message it returned), and reports the messages
// of ok sends that sit wholly at or before it (by their last index) but
// that no ok poll returned. (Jepsen also counts indefinite sends whose
// messages were polled, which cannot be lost.)
func (a *analysis) lostWrites() {
	for k := range a.logs {
		l, k := &a.logs[k], int32(k)
		bound := -1
		for _, vs := range l.values {
			for _, v := range vs {
				if _, read := a.reader[pairOf(k, v)]; read {
					bound = max(bound, int(a.placed[pairOf(k, v)].first))
				}
			}
		}
		var maxRead *history.Op // a poll that reached the bound, to show
		for i := 0; i <= bound && maxRead == nil; i++ {
			for _, v := range l.values[i] {
				if r, read := a.reader[pairOf(k, v)]; read && int(a.placed[pairOf(k, v)].last) == bound {
					maxRead = a.ops[r].last()
					break
				}
			}
		}
		for i := 0; i <= bound; i++ {
			for _, v := range l.values[i] {
				kv := pairOf(k, v)
				p := a.placed[kv]
				_, read := a.reader[kv]
				w, sent := a.writer[kv]
				if read || !sent || int(p.first) != i || int(p.last) > bound || a.ops[w].typ != history.OK {
					continue
				}
				a.add("lost-write", Error{Key: a.keys.text[k], Value: a.vals.text[v], Index: ptr(i),
					MaxReadIndex: ptr(bound), Writer: a.ops[w].last(), MaxRead: maxRead})
			}
		}
	}
}

// badReads checks every message an ok poll returned against its send:
// G1a if the send failed, G1c-realtime if it began after the poll ended,
// garbage-read if there was none.
func (a *analysis) badReads() {
	for i := range a.ops {
		o := &a.ops[i]
		if o.typ != history.OK {
			continue
		}
		for _, r := range o.reads {
			for _, p := range r.pairs {
				e := Error{Key: a.keys.text[r.key], Value: a.vals.text[p.val], Reader: o.comp}
				w, sent := a.writer[pairOf(r.key, p.val)]
				switch {
				case !sent:
					a.add("garbage-read", e)
				case a.ops[w].typ == history.Fail:
					e.Writer = a.ops[w].last()
					a.add("G1a", e)
				case a.ops[w].inv.Index > o.comp.Index:
					e.Writer = a.ops[w].last()
					a.add("G1c-realtime", e)
				}
			}
		}
	}
}

// seen is the last message a process sent to or polled from a key, and
// the operation that did.
type seen struct {
	op  int
	val int32
}

// processOrders follows each process's operations in order: a poll of a
// key must start just after where the process's previous poll of it
// ended (poll-skip, nonmonotonic-poll), and a send must land after the
// process's previous send to the key (nonmonotonic-send). Assigns forget
// the keys they drop.
func (a *analysis) processOrders() {
	polled, sent := map[int]map[int32]seen{}, map[int]map[int32]seen{}
	for i := range a.ops {
		o := &a.ops[i]
		p := o.inv.Process
		if polled[p] == nil {
			polled[p], sent[p] = map[int32]seen{}, map[int32]seen{}
		}
		if o.typ == history.Fail || o.comp == nil {
			continue
		}
		if o.inv.F == "assign" {
			keep(polled[p], o.assign)
			keep(sent[p], o.assign)
			continue
		}
		for _, r := range o.reads {
			if len(r.pairs) == 0 {
				continue
			}
			if last, ok := polled[p][r.key]; ok {
				first := r.pairs[0].val
				d := a.delta(r.key, last.val, first)
				e := Error{Key: a.keys.text[r.key], Delta: ptr(d), Ops: []*history.Op{a.ops[last.op].last(), o.last()}}
				if d > 1 {
					e.Skipped = a.skipped(r.key, a.index(r.key, last.val), a.index(r.key, first))
					a.add("poll-skip", e)
				} else if d < 1 {
					e.Values = a.texts([]int32{last.val, first})
					a.add("nonmonotonic-poll", e)
				}
			}
			if o.typ == history.OK {
				polled[p][r.key] = seen{i, r.pairs[len(r.pairs)-1].val}
			}
		}
		for _, s := range firstSends(o.sends) {
			if last, ok := sent[p][s.key]; ok {
				if d := a.delta(s.key, last.val, s.val); d < 1 {
					a.add("nonmonotonic-send", Error{Key: a.keys.text[s.key], Values: a.texts([]int32{last.val, s.val}),
						Delta: ptr(d), Ops: []*history.Op{a.ops[last.op].last(), o.last()}})
				}
			}
		}
		for _, s := range o.sends {
			sent[p][s.key] = seen{i, s.val}
		}
	}
}

// keep forgets the keys not in ks.
func keep(m map[int32]seen, ks []int32) {
	for k := range m {
		if !slices.Contains(ks, k) {
			delete(m, k)
		}
	}
}

// firstSends returns each key's first send, in order.
func firstSends(sends []send) []send {
	var out []send
	for _, s := range sends {
		if !slices.ContainsFunc(out, func(o send) bool { return o.key == s.key }) {
			out = append(out, s)
		}
	}
	return out
}

// internalOrders checks that within one operation the messages polled from
// a key are adjacent and ascending in its version order (int-poll-skip,
// int-nonmonotonic-poll), and so are those sent to it (int-send-skip,
// which is allowed, and int-nonmonotonic-send).
func (a *analysis) internalOrders() {
	for i := range a.ops {
		o := &a.ops[i]
		if o.comp == nil {
			continue
		}
		for _, r := range o.reads {
			for j := 1; j < len(r.pairs); j++ {
				a.internal("poll", r.key, r.pairs[j-1].val, r.pairs[j].val, o.comp)
			}
		}
		for j, s := range o.sends {
			for prev := j - 1; prev >= 0; prev-- {
				if o.sends[prev].key == s.key {
					a.internal("send", s.key, o.sends[prev].val, s.val, o.comp)
					break
				}
			}
		}
	}
}

func (a *analysis) internal(what string, k, v1, v2 int32, o *history.Op) {
	d := a.delta(k, v1, v2)
	e := Error{Key: a.keys.text[k], Values: a.texts([]int32{v1, v2}), Delta: ptr(d), Op: o}
	if d > 1 {
		e.Skipped = a.skipped(k, a.index(k, v1), a.index(k, v2))
		a.add("int-"+what+"-skip", e)
	} else if d < 1 {
		a.add("int-nonmonotonic-"+what, e)
	}
}

// findUnseen collects the messages ok sends acknowledged and no ok poll
// returned.
func (a *analysis) findUnseen() {
	var last int64
	missing := map[int32][]int32{}
	for i := range a.ops {
		o := &a.ops[i]
		if o.typ != history.OK || o.inv.F == "assign" {
			continue
		}
		last = max(last, int64(o.comp.Time))
		for _, s := range o.sends {
			if _, read := a.reader[pairOf(s.key, s.val)]; !read {
				missing[s.key] = append(missing[s.key], s.val)
			}
		}
	}
	if len(missing) == 0 {
		return
	}
	a.unseen = &Unseen{Time: last, Unseen: map[string]int{}, Messages: map[string][]json.RawMessage{}}
	for k, vs := range missing {
		name := keyName(a.keys.text[k])
		msgs := a.texts(vs)
		slices.SortFunc(msgs, compareJSON)
		a.unseen.Unseen[name] = len(vs)
		a.unseen.Messages[name] = msgs[:min(len(msgs), MaxErrs)]
	}
}

// keyName is a key as a JSON object key: a string key's text, or any
// other key's JSON.
func keyName(key json.RawMessage) string {
	if s, err := wire.String(key); err == nil {
		return s
	}
	return string(key)
}

// compareJSON orders integers by value, before anything else, which is
// ordered by its text.
func compareJSON(x, y json.RawMessage) int {
	xi, yi := isInt(x), isInt(y)
	switch {
	case xi && yi:
		return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(string(x), string(y)))
	case xi != yi:
		if xi {
			return -1
		}
		return 1
	}
	return strings.Compare(string(x), string(y))
}

// isInt reports whether canonical JSON text is a non-negative integer.
func isInt(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// infoCauses lists the distinct errors of indefinite sends and polls.
func (a *analysis) infoCauses() [][]string {
	var causes [][]string
	seen := map[string]bool{}
	for i := range a.ops {
		o := &a.ops[i]
		if o.typ != history.Info || o.inv.F == "assign" || o.comp == nil {
			continue
		}
		if id := strings.Join(o.comp.Error, "\x00"); !seen[id] {
			seen[id] = true
			causes = append(causes, o.comp.Error)
		}
	}
	return causes
}
