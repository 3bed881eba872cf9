package sim

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/trace"
)

// Session is an in-process run driven one event at a time, for tools that
// watch a run unfold (the terminal visualizer). Between steps it shows the
// run as it is — the trace so far, the nodes and their exposed state, the
// messages in flight — and takes faults injected by hand. A Session is not
// safe for concurrent use: one goroutine owns it, as one goroutine owns a
// world.
//
// A run is a function of its options, its seed and its injections, so a
// session rewinds by replaying: Rewound starts the same run over, and
// stepping it forward applies the same injections at the same steps.
type Session struct {
	o      Options // as given, to start the run over
	r      *run
	tape   *tape
	script []Injection // by step: script[:next] applied, the rest still ahead
	next   int
	healed bool // the faults injected by hand have been healed for recovery
	res    *Result
	resErr error
}

// NewSession prepares an in-process run and starts it (nodes up, init
// sent), without running any event yet.
func NewSession(o Options) (*Session, error) { return Replay(o, nil) }

// Replay is NewSession for a run with injections: each is applied once the
// session has run its Step steps. Injections must be in step order, as
// Session.Injections returns them.
func Replay(o Options, script []Injection) (*Session, error) {
	if o.Bin != "" {
		return nil, errors.New("a session runs nodes in process; --bin runs real processes in real time")
	}
	if !slices.IsSortedFunc(script, func(a, b Injection) int { return cmp.Compare(a.Step, b.Step) }) {
		return nil, errors.New("injections are not in step order")
	}
	s := &Session{o: o, tape: &tape{}, script: slices.Clone(script)}
	ro := o
	ro.Trace = s.tape
	if o.Trace != nil {
		ro.Trace = io.MultiWriter(o.Trace, s.tape)
	}
	r, err := start(ro)
	if err != nil {
		return nil, err
	}
	s.r = r
	s.tape.now = r.w.Events
	if err := s.applyDue(); err != nil {
		return nil, err
	}
	return s, nil
}

// Rewound starts this session's run over from its first event, with every
// injection made so far (and any a rewind left ahead) still to come at its
// step. The new session writes none of the Options' outputs (trace,
// history, logs, progress): the run they describe is this one.
func (s *Session) Rewound() (*Session, error) {
	o := s.o
	o.Trace, o.History, o.NodeLog, o.Progress = nil, nil, nil, nil
	return Replay(o, s.script)
}

// Step runs the next event, then any injection due after it. It reports
// false when the run is over.
func (s *Session) Step() bool {
	if s.r.done {
		return false
	}
	if !s.r.w.Step() {
		s.r.abort("nothing left to simulate, yet the run is not over")
		return false
	}
	if err := s.applyDue(); err != nil {
		// Only a hand-edited injections file gets here: replays are exact.
		s.r.problem("", "injection", err.Error())
		s.script = s.script[:s.next]
	}
	if s.r.phase == "recovery" && !s.healed {
		s.healed = true
		s.healManual()
	}
	return !s.r.done
}

// healManual ends the faults injected by hand when the run heals before
// its final operations, as the nemesis's end: partitions heal, killed
// nodes restart, paused nodes resume. Final reads then judge whether the
// system recovered, not whether a fault is still on.
func (s *Session) healManual() {
	var heal []Injection
	for _, in := range s.script[:s.next] {
		switch in.Kind {
		case InjectPartition, InjectOneWay:
			if s.anyCut() {
				heal = append(heal, Injection{Kind: InjectHeal})
			}
		case InjectKill:
			heal = append(heal, Injection{Kind: InjectRestart, Nodes: in.Nodes})
		case InjectPause:
			heal = append(heal, Injection{Kind: InjectResume, Nodes: in.Nodes})
		}
	}
	done := map[string]bool{}
	for _, in := range heal {
		key := in.String()
		if done[key] {
			continue
		}
		done[key] = true
		_ = s.apply(in) // refused when already healed by hand: nothing to do
	}
}

func (s *Session) applyDue() error {
	for s.next < len(s.script) && s.script[s.next].Step <= s.Steps() {
		in := s.script[s.next]
		if err := s.apply(in); err != nil {
			return fmt.Errorf("injection %d at step %d (%s): %w", s.next+1, in.Step, in, err)
		}
		s.next++
	}
	return nil
}

// Inject applies a fault now and records it at the current step. An
// injection made after a rewind replaces those the rewind left ahead: the
// run has taken another course.
func (s *Session) Inject(in Injection) error {
	if s.r.done {
		return errors.New("the run is over")
	}
	in.Step = s.Steps()
	if err := s.apply(in); err != nil {
		return err
	}
	s.script = append(s.script[:s.next], in)
	s.next++
	return nil
}

// Injections returns the injections applied so far, in step order.
func (s *Session) Injections() []Injection { return slices.Clone(s.script[:s.next]) }

// Ahead returns the injections a rewind left ahead, still to be replayed.
func (s *Session) Ahead() []Injection { return slices.Clone(s.script[s.next:]) }

// Done reports whether the run is over.
func (s *Session) Done() bool { return s.r.done }

// World is the run's world, to look at between steps.
func (s *Session) World() *engine.World { return s.r.w }

// Options are the run's options, with defaults filled in and without its
// outputs (trace, history, logs, progress).
func (s *Session) Options() Options {
	o := s.r.o
	o.Trace, o.History, o.NodeLog, o.Progress = nil, nil, nil, nil
	return o
}

// Steps is how many events have run.
func (s *Session) Steps() int64 { return s.r.w.Events() }

// Now is the virtual time.
func (s *Session) Now() time.Duration { return s.r.w.Now() }

// Next is the time of the next event, if there is one.
func (s *Session) Next() (time.Duration, bool) { return s.r.w.Next() }

// Phase is the run's phase: init, setup, main, drain, recovery, final.
func (s *Session) Phase() string { return s.r.phase }

// Events is the trace so far, decoded. The slice is the session's: read
// it, never write it.
func (s *Session) Events() []trace.Event { return s.tape.events }

// EventStep is how many steps had run when event i was written: events
// written by step k (counting from 1) say k, and so do injections made
// after it.
func (s *Session) EventStep(i int) int64 { return s.tape.steps[i] }

// History is the client history so far. Read it, never write it.
func (s *Session) History() history.History { return s.r.hist }

// NodeState is a node as a viewer shows it.
type NodeState struct {
	ID     string
	Down   bool
	Paused bool
	Skew   time.Duration
	State  json.RawMessage // what the program exposes (node.Expose); nil if nothing
	Timers []engine.Timer  // armed and not yet fired
}

// Nodes returns every node's state, in node-id order as given.
func (s *Session) Nodes() []NodeState {
	out := make([]NodeState, len(s.r.nodes))
	for i, n := range s.r.nodes {
		srv := n.(*engine.Server)
		ns := NodeState{ID: srv.ID(), Down: srv.Down(), Paused: srv.Paused(), Skew: srv.Skew()}
		if !ns.Down {
			st, err := srv.Instance().State()
			if err != nil {
				st, _ = json.Marshal(map[string]string{"error": "exposed state: " + err.Error()})
			}
			ns.State, ns.Timers = st, srv.Timers()
		}
		out[i] = ns
	}
	return out
}

// ClientState is one of the run's client threads.
type ClientState struct {
	ID   string // the client's id, as messages show it
	Node string // the node its requests go to
	Busy bool   // an operation is in flight
}

// Clients returns the client threads of the main phase (none before it).
func (s *Session) Clients() []ClientState {
	out := make([]ClientState, len(s.r.threads))
	for i, th := range s.r.threads {
		out[i] = ClientState{ID: th.client.id, Node: th.node, Busy: th.busy}
	}
	return out
}

// InFlight lists the messages sent and not yet delivered or dropped, in
// arrival order.
func (s *Session) InFlight() []engine.Flight { return s.r.w.InFlight() }

func (s *Session) anyCut() bool {
	net := s.r.w.Network()
	for _, a := range s.r.o.Nodes {
		for _, b := range s.r.o.Nodes {
			if net.IsCut(a, b) {
				return true
			}
		}
	}
	return false
}

// Finish ends the run where it is and checks it. Later calls return the
// same result.
func (s *Session) Finish() (*Result, error) {
	if s.res == nil && s.resErr == nil {
		s.res, s.resErr = s.r.finish(s.tape.err)
	}
	return s.res, s.resErr
}
