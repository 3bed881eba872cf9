package frame

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/trace"
)

// Frame is a run at one step.
type Frame struct {
	Title    string // workload, program, seed
	Nodes    []sim.NodeState
	Clients  []sim.ClientState
	Services []string // services the run has talked to so far, sorted
	Flights  []engine.Flight
	cuts     map[link]bool

	Events    []trace.Event // the trace so far
	StepFirst int           // Events[StepFirst:] are the last step's
	Index     *Index
	History   history.History

	Step  int64 // steps run (a stored trace: events shown)
	Now   time.Duration
	Phase string
	Done  bool

	Result     *sim.Result     // once a live run is finished
	Stored     json.RawMessage // a stored run's results.json, if it has one
	Failing    map[int]bool    // indexes of the operations the checkers blame
	Injections []sim.Injection // applied so far
	Ahead      int             // injections a rewind left ahead
	ReadOnly   string          // why this run cannot be changed, if it cannot
}

type link struct{ from, to string }

// Cut reports whether messages from one node to another are dropped.
func (f *Frame) Cut(from, to string) bool { return f.cuts[link{from, to}] }

// Node returns the node with the given id.
func (f *Frame) Node(id string) (sim.NodeState, bool) {
	for _, n := range f.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return sim.NodeState{}, false
}

// Flight returns the message in flight with the given delivery sequence.
func (f *Frame) Flight(seq uint64) (engine.Flight, bool) {
	for _, fl := range f.Flights {
		if fl.Seq == seq {
			return fl, true
		}
	}
	return engine.Flight{}, false
}

// Title names a run: "broadcast · broadcast · seed 1".
func Title(o sim.Options) string {
	prog := o.ProgramName
	if o.Bin != "" {
		prog = o.Bin
	}
	return fmt.Sprintf("%s · %s · seed %d", o.Workload, prog, o.Seed)
}

// Live takes a snapshot of a session. x must be the index of this
// session's trace; Live brings it up to date.
func Live(s *sim.Session, x *Index) *Frame {
	events := s.Events()
	x.Update(events)
	o := s.Options()
	f := &Frame{
		Title: Title(o), Nodes: s.Nodes(), Clients: s.Clients(), Services: x.Services(),
		Flights: s.InFlight(), cuts: map[link]bool{},
		Events: events, Index: x, History: s.History(),
		Step: s.Steps(), Now: s.Now(), Phase: s.Phase(), Done: s.Done(),
		Injections: s.Injections(), Ahead: len(s.Ahead()),
	}
	f.StepFirst = len(events)
	for f.StepFirst > 0 && s.EventStep(f.StepFirst-1) == f.Step {
		f.StepFirst--
	}
	net := s.World().Network()
	for _, a := range o.Nodes {
		for _, b := range o.Nodes {
			if net.IsCut(a, b) {
				f.cuts[link{a, b}] = true
			}
		}
	}
	return f
}
