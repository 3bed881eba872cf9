package sim

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/eddy-sim/eddy/sim/engine"
)

// Kinds of Injection.
const (
	InjectPartition = "partition" // cut Nodes off from the rest, both ways
	InjectOneWay    = "one-way"   // Nodes stop hearing the rest, which still hear them
	InjectHeal      = "heal"      // remove every cut, the nemesis's too
	InjectKill      = "kill"
	InjectRestart   = "restart"
	InjectPause     = "pause"
	InjectResume    = "resume"
	InjectDrop      = "drop"    // drop the in-flight delivery Seq
	InjectDeliver   = "deliver" // deliver the in-flight delivery Seq now
)

// ManualTag is the "by" of the detail of every fault a person injects, so
// the trace tells manual faults from the nemesis's.
const ManualTag = "manual"

// Injection is a fault a person injected into a session by hand, after
// Step steps. Replaying the same options with the same injections at the
// same steps reproduces the run exactly, which is how a session rewinds.
type Injection struct {
	Step  int64    `json:"step"`
	Kind  string   `json:"kind"`
	Nodes []string `json:"nodes,omitempty"` // partition, one-way: the group; kill…resume: one node
	Seq   uint64   `json:"seq,omitempty"`   // drop, deliver: the delivery (engine.Flight.Seq)
	Msg   int64    `json:"msg,omitempty"`   // drop, deliver: its message id, for people reading
}

func (in Injection) String() string {
	switch in.Kind {
	case InjectDrop, InjectDeliver:
		return fmt.Sprintf("%s message %d", in.Kind, in.Msg)
	case InjectHeal:
		return in.Kind
	}
	return fmt.Sprintf("%s %v", in.Kind, in.Nodes)
}

// apply carries out an injection and traces it as a fault whose detail
// says "by": "manual".
func (s *Session) apply(in Injection) error {
	r := s.r
	w := r.w
	fault := func(name string, detail map[string]any) {
		detail["by"] = ManualTag
		b, _ := json.Marshal(detail)
		w.Trace().Fault(w.Now(), name, b)
	}
	switch in.Kind {
	case InjectPartition, InjectOneWay:
		return s.partition(in, fault)
	case InjectHeal:
		fault("stop-partition", map[string]any{})
		w.Network().Heal()
		return nil
	case InjectDrop, InjectDeliver:
		f, ok := s.flight(in.Seq)
		if !ok {
			return fmt.Errorf("%s: delivery %d is not in flight", in.Kind, in.Seq)
		}
		if f.ID != in.Msg {
			return fmt.Errorf("%s: delivery %d carries message %d, not %d", in.Kind, in.Seq, f.ID, in.Msg)
		}
		fault(in.Kind+"-message", map[string]any{"id": f.ID, "src": f.Src, "dest": f.Dest})
		if in.Kind == InjectDrop {
			w.DropInFlight(in.Seq, ManualTag)
		} else {
			w.DeliverNow(in.Seq)
		}
		return nil
	}
	if len(in.Nodes) != 1 {
		return fmt.Errorf("%s: want one node, got %v", in.Kind, in.Nodes)
	}
	srv, err := s.server(in.Nodes[0])
	if err != nil {
		return fmt.Errorf("%s: %w", in.Kind, err)
	}
	id := srv.ID()
	detail := map[string]any{"nodes": []string{id}}
	switch in.Kind {
	case InjectKill:
		if srv.Down() {
			return fmt.Errorf("kill: %s is already down", id)
		}
		fault("start-kill", detail)
		srv.Kill()
	case InjectRestart:
		if !srv.Down() {
			return fmt.Errorf("restart: %s is not down", id)
		}
		fault("stop-kill", detail)
		r.restart(id)
	case InjectPause:
		if srv.Down() || srv.Paused() {
			return fmt.Errorf("pause: %s is down or paused already", id)
		}
		fault("start-pause", detail)
		srv.Pause()
	case InjectResume:
		if !srv.Paused() {
			return fmt.Errorf("resume: %s is not paused", id)
		}
		fault("stop-pause", detail)
		srv.Resume()
	default:
		return fmt.Errorf("unknown injection %q", in.Kind)
	}
	return nil
}

// partition cuts the group off from the rest: both ways, or for one-way
// only the links into the group, so the group goes deaf. The detail has
// the same shape as the nemesis's: who no longer hears whom.
func (s *Session) partition(in Injection, fault func(string, map[string]any)) error {
	ids := s.r.o.Nodes
	for _, id := range in.Nodes {
		if !slices.Contains(ids, id) {
			return fmt.Errorf("%s: %q is not a node of this run", in.Kind, id)
		}
	}
	if len(in.Nodes) == 0 || len(in.Nodes) == len(ids) {
		return fmt.Errorf("%s: the group must hold some nodes but not all", in.Kind)
	}
	isolated := map[string][]string{}
	for _, a := range ids {
		for _, b := range ids {
			inA, inB := slices.Contains(in.Nodes, a), slices.Contains(in.Nodes, b)
			if inA != inB && (in.Kind == InjectPartition || inA) {
				isolated[a] = append(isolated[a], b) // a no longer hears b
			}
		}
	}
	fault("start-"+in.Kind, map[string]any{"isolated": isolated})
	net := s.r.w.Network()
	for _, dest := range ids {
		for _, src := range isolated[dest] {
			net.Cut(src, dest)
		}
	}
	return nil
}

func (s *Session) server(id string) (*engine.Server, error) {
	for _, n := range s.r.nodes {
		if n.ID() == id {
			return n.(*engine.Server), nil
		}
	}
	return nil, fmt.Errorf("%q is not a node of this run", id)
}

func (s *Session) flight(seq uint64) (engine.Flight, bool) {
	for _, f := range s.r.w.InFlight() {
		if f.Seq == seq {
			return f, true
		}
	}
	return engine.Flight{}, false
}
