package engine

import (
	"time"

	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/trace"
)

// Endpoint is anything with an id on the network.
type Endpoint interface {
	// Deliver hands the endpoint a message at the current time.
	Deliver(p *Packet)
}

// Node is a cluster node as faults see it: an in-process Server here, or a
// real process in sim/host.
type Node interface {
	Endpoint
	ID() string
	// Down reports whether the node is crashed; messages to it are dropped.
	Down() bool
	// Kill crashes the node: volatile state is lost, durable storage kept.
	Kill()
	// Restart brings a killed node back as a fresh instance awaiting init.
	Restart() error
	// Pause freezes the node: messages and timers wait until Resume.
	Pause()
	Resume()
	// SetSkew offsets the node's clock from true time.
	SetSkew(d time.Duration) error
}

// Problem is something wrong with a node that its author must hear about:
// a line it printed that is not protocol, a crash, a message to nobody.
type Problem struct {
	Time time.Duration `json:"time"`
	Node string        `json:"node"`
	Kind string        `json:"kind"`
	Text string        `json:"text"`
}

// Packet is one message in flight. Body is the serialized body object, the
// only thing that crosses between endpoints: they never share memory.
type Packet struct {
	ID   int64 // the global message id (Maelstrom's envelope id)
	Src  string
	Dest string
	Body []byte
	Sent time.Duration // when it was put on the network
}

// Drop reasons the World adds to the network's own.
const (
	DropUnknownDest = "unknown-dest"
	DropNodeDown    = "node-down"
)

// NetCounts are Maelstrom's net statistics for one class of messages.
type NetCounts struct {
	Sends int64 // messages put on the network
	Recvs int64 // messages delivered (a duplicate counts twice)
}

// World is a simulated world: clock, event queue, network, endpoints, trace.
type World struct {
	now    time.Duration
	q      queue
	seq    uint64
	events int64

	net       *network.Network
	trace     *trace.Writer
	endpoints map[string]Endpoint
	lastMsgID int64

	// Clients counts messages with a client at either end; Servers every
	// other message, node↔service traffic included (as Maelstrom counts).
	Clients, Servers NetCounts

	// OnUnknownDest, if set, is told of each message sent to an id nobody
	// has; the harness reports these to the user.
	OnUnknownDest func(src, dest string)
}

// NewWorld returns an empty world at time zero.
func NewWorld(net *network.Network, tr *trace.Writer) *World {
	return &World{net: net, trace: tr, endpoints: map[string]Endpoint{}}
}

// Now is the virtual time since the start of the run.
func (w *World) Now() time.Duration { return w.now }

// Network is the world's network, for faults to cut and heal.
func (w *World) Network() *network.Network { return w.net }

// Trace is the world's trace writer.
func (w *World) Trace() *trace.Writer { return w.trace }

// Events is the number of events processed so far.
func (w *World) Events() int64 { return w.events }

// Register attaches an endpoint under id.
func (w *World) Register(id string, e Endpoint) { w.endpoints[id] = e }

// Unregister detaches id; messages to it are then dropped as unknown-dest.
func (w *World) Unregister(id string) { delete(w.endpoints, id) }

// At schedules fn to run at time t (or now, if t has passed).
func (w *World) At(t time.Duration, fn func()) {
	w.push(event{at: max(t, w.now), kind: evFunc, fn: fn})
}

// After schedules fn to run d from now.
func (w *World) After(d time.Duration, fn func()) { w.At(w.now+d, fn) }

func (w *World) push(e event) {
	w.seq++
	e.seq = w.seq
	w.q.push(e)
}

// Send puts a message on the network: it is numbered, traced, routed, and
// scheduled for delivery or dropped.
func (w *World) Send(src, dest string, body []byte) {
	w.lastMsgID++
	id := w.lastMsgID
	w.trace.Send(w.now, id, src, dest, body)
	counts := &w.Servers
	if isClient(src) || isClient(dest) {
		counts = &w.Clients
	}
	counts.Sends++
	if _, ok := w.endpoints[dest]; !ok {
		w.trace.Drop(w.now, id, src, dest, DropUnknownDest)
		if w.OnUnknownDest != nil {
			w.OnUnknownDest(src, dest)
		}
		return
	}
	fate := w.net.Route(src, dest)
	if fate.Reason != "" {
		w.trace.Drop(w.now, id, src, dest, fate.Reason)
		return
	}
	for i, d := range fate.Delays {
		p := &Packet{ID: id, Src: src, Dest: dest, Body: body, Sent: w.now}
		if i > 0 {
			p.Body = append([]byte(nil), body...) // a duplicate is its own copy
		}
		w.push(event{at: w.now + d, kind: evDeliver, pkt: p})
	}
}

func isClient(id string) bool { return len(id) > 0 && id[0] == 'c' }

// Next reports the time of the next event, if there is one.
func (w *World) Next() (time.Duration, bool) {
	if len(w.q) == 0 {
		return 0, false
	}
	return w.q[0].at, true
}

// Step runs the next event, moving the clock to its time. It reports false
// when there is nothing left to run.
func (w *World) Step() bool {
	if len(w.q) == 0 {
		return false
	}
	e := w.q.pop()
	w.now = e.at
	w.events++
	switch e.kind {
	case evDeliver:
		w.deliver(e.pkt)
	case evTimer:
		e.srv.fire(e.inc, e.arg)
	default:
		e.fn()
	}
	return true
}

// RunUntil steps every event scheduled up to and including t, then leaves
// the clock at t.
func (w *World) RunUntil(t time.Duration) {
	for len(w.q) > 0 && w.q[0].at <= t {
		w.Step()
	}
	w.now = max(w.now, t)
}

// Advance moves the clock forward to t without running anything; drivers of
// real processes use it to stamp input with the wall clock.
func (w *World) Advance(t time.Duration) { w.now = max(w.now, t) }

func (w *World) deliver(p *Packet) {
	e, ok := w.endpoints[p.Dest]
	if !ok {
		w.trace.Drop(w.now, p.ID, p.Src, p.Dest, DropUnknownDest)
		return
	}
	if n, ok := e.(Node); ok && n.Down() {
		w.trace.Drop(w.now, p.ID, p.Src, p.Dest, DropNodeDown)
		return
	}
	if isClient(p.Src) || isClient(p.Dest) {
		w.Clients.Recvs++
	} else {
		w.Servers.Recvs++
	}
	w.trace.Deliver(w.now, p.ID, p.Src, p.Dest)
	e.Deliver(p)
}
