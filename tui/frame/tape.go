package frame

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/trace"
)

// Tape shows a stored trace that cannot be replayed (a process-mode run,
// or a program this build does not have): one step is one trace event,
// and what a live run would ask its nodes — who is down, what is cut, what
// is in flight — is read off the trace up to the current event. Nodes'
// exposed state is not in a trace, so a Tape has none.
type Tape struct {
	o       sim.Options
	events  []trace.Event
	pos     int
	index   *Index
	arrives map[int64]time.Duration // message id → its first delivery
	stored  json.RawMessage
	reason  string
}

// NewTape prepares a stored trace for viewing, at its first event. results
// is the run's results.json (nil if there is none); reason says why the
// run is read-only.
func NewTape(tr *trace.Trace, o sim.Options, results json.RawMessage, reason string) *Tape {
	t := &Tape{o: o, events: tr.Events, index: NewIndex(o.Nodes), arrives: map[int64]time.Duration{},
		stored: results, reason: reason}
	t.index.Update(tr.Events)
	for _, ev := range tr.Events {
		if _, ok := t.arrives[ev.ID]; ev.Kind == trace.KindDeliver && !ok {
			t.arrives[ev.ID] = ev.T
		}
	}
	return t
}

// Shown is the events shown so far.
func (t *Tape) Shown() []trace.Event { return t.events[:t.pos] }

// Steps is how many events are shown.
func (t *Tape) Steps() int64 { return int64(t.pos) }

// Step shows one more event; false at the end of the trace.
func (t *Tape) Step() bool {
	if t.pos == len(t.events) {
		return false
	}
	t.pos++
	return true
}

// Done reports whether every event is shown.
func (t *Tape) Done() bool { return t.pos == len(t.events) }

// Next is the time of the next event.
func (t *Tape) Next() (time.Duration, bool) {
	if t.Done() {
		return 0, false
	}
	return t.events[t.pos].T, true
}

// Rewound is the same tape at its first event.
func (t *Tape) Rewound() *Tape {
	c := *t
	c.pos = 0
	return &c
}

// EventStep is the step that shows event i: i+1.
func (t *Tape) EventStep(i int) int64 { return int64(i) + 1 }

// Frame is the run as of the events shown.
func (t *Tape) Frame() *Frame {
	shown := t.events[:t.pos]
	f := &Frame{
		Title: Title(t.o), Events: shown, StepFirst: max(0, t.pos-1), Index: t.index,
		Step: int64(t.pos), Done: t.Done(), Stored: t.stored, ReadOnly: t.reason,
		Services: t.index.Services(), cuts: map[link]bool{},
	}
	if t.pos > 0 {
		f.Now = shown[t.pos-1].T
	}
	nodes := map[string]*sim.NodeState{}
	for _, id := range t.o.Nodes {
		f.Nodes = append(f.Nodes, sim.NodeState{ID: id})
	}
	for i := range f.Nodes {
		nodes[f.Nodes[i].ID] = &f.Nodes[i]
	}
	faults := faultState{cuts: map[string][]link{}, hit: map[string][]string{}}
	pending := map[int64]int{} // message id → send event, until delivered or dropped
	clients := map[string]*sim.ClientState{}
	for i, ev := range shown {
		switch ev.Kind {
		case trace.KindSend:
			pending[ev.ID] = i
		case trace.KindDeliver, trace.KindDrop:
			delete(pending, ev.ID)
		case trace.KindCrash:
			if n := nodes[ev.Node]; n != nil {
				n.Down = true
			}
		case trace.KindFault:
			faults.apply(ev, nodes)
		case trace.KindOp:
			var op history.Op
			if wire.Unmarshal(ev.Op, &op) != nil {
				continue
			}
			f.History = append(f.History, op)
			if op.Client != "" {
				clients[op.Client] = &sim.ClientState{ID: op.Client, Node: op.Node, Busy: op.Type == history.Invoke}
			}
		}
	}
	for _, ls := range faults.cuts {
		for _, l := range ls {
			f.cuts[l] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(clients)) {
		f.Clients = append(f.Clients, *clients[id])
	}
	for _, id := range slices.Sorted(maps.Keys(pending)) {
		send := shown[pending[id]]
		at, ok := t.arrives[id]
		if !ok {
			at = send.T // never arrives: shown where it left
		}
		f.Flights = append(f.Flights, engine.Flight{
			Packet: engine.Packet{ID: id, Src: send.Src, Dest: send.Dest, Body: send.Body, Sent: send.T},
			Seq:    uint64(pending[id]) + 1, At: at,
		})
	}
	slices.SortStableFunc(f.Flights, func(a, b engine.Flight) int { return cmp.Compare(a.At, b.At) })
	return f
}

// faultState follows faults through a trace: the nemesis ends a fault
// without saying what it undoes, so its start is remembered.
type faultState struct {
	cuts map[string][]link   // by fault kind
	hit  map[string][]string // nodes a kill, pause or skew started on, by kind
}

func (fs faultState) apply(ev trace.Event, nodes map[string]*sim.NodeState) {
	var d struct {
		By       string                   `json:"by"`
		Nodes    []string                 `json:"nodes"`
		Isolated map[string][]string      `json:"isolated"`
		Skews    map[string]time.Duration `json:"skews"`
	}
	_ = json.Unmarshal(ev.Detail, &d) // a detail of another shape just says less
	kind, start := strings.CutPrefix(ev.Fault, "start-")
	if !start {
		kind = strings.TrimPrefix(ev.Fault, "stop-")
	}
	mark := func(ids []string, set func(*sim.NodeState)) {
		for _, id := range ids {
			if n := nodes[id]; n != nil {
				set(n)
			}
		}
	}
	targets := d.Nodes
	if !start && targets == nil {
		targets = fs.hit[kind]
	}
	switch kind {
	case "partition", "one-way":
		if !start {
			if d.By == sim.ManualTag {
				clear(fs.cuts) // a manual heal heals everything
			}
			delete(fs.cuts, kind)
			return
		}
		for dest, srcs := range d.Isolated {
			for _, src := range srcs {
				fs.cuts[kind] = append(fs.cuts[kind], link{src, dest})
			}
		}
	case "kill": // a kill ends a pause, as Server.Kill does
		mark(targets, func(n *sim.NodeState) { n.Down, n.Paused = start, n.Paused && !start })
	case "pause": // a down node ignores a pause
		mark(targets, func(n *sim.NodeState) { n.Paused = start && !n.Down })
	case "clock-skew":
		for id, n := range nodes {
			if start {
				n.Skew = d.Skews[id]
			} else {
				n.Skew = 0
			}
		}
		return
	}
	if start && d.By != sim.ManualTag {
		fs.hit[kind] = d.Nodes
	}
}
