package frame

import (
	"maps"
	"slices"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/trace"
)

// Index reads a trace as it grows. It is built for one run: give a
// rewound run a new Index.
type Index struct {
	nodes    map[string]bool
	events   []trace.Event
	msgs     map[int64]msg // by message id
	types    map[string]bool
	services map[string]bool
	lamport  []int32 // per event; 0 for events at no process
	clock    map[string]int32
}

type msg struct {
	send    int32 // index of the send event
	typ     string
	lamport int32 // the sender's clock when it sent
}

// NewIndex returns an empty index for a run over the given nodes.
func NewIndex(nodes []string) *Index {
	x := &Index{nodes: map[string]bool{}, msgs: map[int64]msg{}, types: map[string]bool{},
		services: map[string]bool{}, clock: map[string]int32{}}
	for _, n := range nodes {
		x.nodes[n] = true
	}
	return x
}

// Update indexes the events not seen yet. events must extend the events
// of the last call.
func (x *Index) Update(events []trace.Event) {
	from := len(x.events)
	x.events = events
	for i := from; i < len(events); i++ {
		x.lamport = append(x.lamport, x.add(i, &events[i]))
	}
}

// add indexes one event and returns its Lamport timestamp: each endpoint
// ticks its clock for every event it takes part in, and a delivery moves
// the receiver's clock past the sender's at the send.
func (x *Index) add(i int, ev *trace.Event) int32 {
	switch ev.Kind {
	case trace.KindSend:
		h, _ := wire.ParseHeader(ev.Body)
		x.types[h.Type] = true
		x.service(ev.Src)
		x.service(ev.Dest)
		x.clock[ev.Src]++
		x.msgs[ev.ID] = msg{send: int32(i), typ: h.Type, lamport: x.clock[ev.Src]}
		return x.clock[ev.Src]
	case trace.KindDeliver:
		x.clock[ev.Dest] = max(x.clock[ev.Dest], x.msgs[ev.ID].lamport) + 1
		return x.clock[ev.Dest]
	case trace.KindTimer, trace.KindLog, trace.KindCrash:
		x.clock[ev.Node]++
		return x.clock[ev.Node]
	}
	return 0
}

func (x *Index) service(id string) {
	if !x.nodes[id] && !IsClient(id) {
		x.services[id] = true
	}
}

// IsClient reports whether an id is a client's, as Maelstrom names them.
func IsClient(id string) bool { return len(id) > 0 && id[0] == 'c' }

// Type is the message type a send, delivery or drop carries ("" for
// other events).
func (x *Index) Type(ev *trace.Event) string {
	switch ev.Kind {
	case trace.KindSend, trace.KindDeliver, trace.KindDrop:
		return x.msgs[ev.ID].typ
	}
	return ""
}

// TypeOf is the type of the message with the given id.
func (x *Index) TypeOf(id int64) string { return x.msgs[id].typ }

// Send returns the send event of a message.
func (x *Index) Send(id int64) (trace.Event, bool) {
	m, ok := x.msgs[id]
	if !ok {
		return trace.Event{}, false
	}
	return x.events[m.send], true
}

// Lamport is event i's Lamport timestamp, 0 for events that happen at no
// process (operations, faults, drops).
func (x *Index) Lamport(i int) int32 { return x.lamport[i] }

// Types lists the message types sent so far, sorted.
func (x *Index) Types() []string { return slices.Sorted(maps.Keys(x.types)) }

// Services lists the services messages have gone to or come from, sorted.
func (x *Index) Services() []string { return slices.Sorted(maps.Keys(x.services)) }
