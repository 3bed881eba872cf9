package engine

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Epoch is the wall-clock time a simulated run starts at, as nodes see it.
// It is fixed so that node clocks, like everything else, replay exactly.
func Epoch() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

// Server hosts a node program in the simulated world. It is the node.Host of
// the node it runs, and the Node that faults act on. Its storage lives
// outside the node instance and survives Kill; everything else does not.
type Server struct {
	world   *World
	id      string
	program node.Program
	rand    *rand.Rand
	storage *node.MemStorage
	onCrash func(id string, err error)
	onLog   func(id string, t time.Duration, line string)

	n           *node.Node
	incarnation uint64 // bumped by Kill, so timers of a dead instance are ignored
	restarts    int    // how many times the node came back
	down        bool
	paused      bool
	held        []event // deliveries and timers that arrived while paused
	skew        time.Duration
}

// ServerConfig is how a Server reports what happens inside it.
type ServerConfig struct {
	// OnCrash is told when node code panics; the node is then down.
	OnCrash func(id string, err error)
	// OnLog receives every line the node logs, with the virtual time.
	OnLog func(id string, t time.Duration, line string)
}

// NewServer registers a server running program under id. It starts up,
// waiting for init.
func NewServer(w *World, id string, program node.Program, r *rand.Rand, cfg ServerConfig) *Server {
	s := &Server{world: w, id: id, program: program, rand: r, storage: node.NewMemStorage(),
		onCrash: cfg.OnCrash, onLog: cfg.OnLog}
	s.n = node.New(program, s)
	w.Register(id, s)
	return s
}

// ID is the server's node id.
func (s *Server) ID() string { return s.id }

// Instance is the running node, for inspecting its exposed state.
func (s *Server) Instance() *node.Node { return s.n }

// Deliver runs the node's handling of one message, or holds it while paused.
func (s *Server) Deliver(p *Packet) {
	if s.paused {
		s.held = append(s.held, event{kind: evDeliver, pkt: p})
		return
	}
	s.check(s.n.Deliver(p.Src, p.Body))
}

func (s *Server) fire(inc, id uint64) {
	if inc != s.incarnation || s.down {
		return // a timer of an instance that has since crashed
	}
	if s.paused {
		s.held = append(s.held, event{kind: evTimer, inc: inc, arg: id})
		return
	}
	s.world.trace.Timer(s.world.now, s.id, id)
	s.check(s.n.Fire(node.TimerID(id)))
}

func (s *Server) check(err error) {
	if err == nil {
		return
	}
	if _, ok := err.(*node.PanicError); !ok {
		s.Log(err.Error())
		return
	}
	s.world.trace.Crash(s.world.now, s.id, err.Error())
	s.Kill()
	if s.onCrash != nil {
		s.onCrash(s.id, err)
	}
}

// Down reports whether the node is crashed.
func (s *Server) Down() bool { return s.down }

// Kill crashes the node. Its program's variables, timers and outstanding
// RPCs are gone; its storage stays. Messages it was holding while paused
// are lost with it, and the trace says so.
func (s *Server) Kill() {
	for _, e := range s.held {
		if e.kind == evDeliver {
			s.world.trace.Drop(s.world.now, e.pkt.ID, e.pkt.Src, e.pkt.Dest, DropNodeDown)
		}
	}
	s.down, s.paused, s.held = true, false, nil
	s.incarnation++
}

// Restart starts a fresh instance of the program, which waits for init.
func (s *Server) Restart() error {
	if !s.down {
		return fmt.Errorf("node %s: restart: it is not down", s.id)
	}
	s.down = false
	s.incarnation++
	s.restarts++
	s.n = node.Restarted(s.program, s, s.restarts)
	return nil
}

// Pause freezes the node.
func (s *Server) Pause() {
	if !s.down {
		s.paused = true
	}
}

// Resume unfreezes the node and runs, in order, what arrived meanwhile.
func (s *Server) Resume() {
	if !s.paused {
		return
	}
	s.paused = false
	held := s.held
	s.held = nil
	for _, e := range held {
		if s.paused || s.down {
			return
		}
		if e.kind == evDeliver {
			s.Deliver(e.pkt)
		} else {
			s.fire(e.inc, e.arg)
		}
	}
}

// SetSkew offsets the node's clock.
func (s *Server) SetSkew(d time.Duration) error {
	s.skew = d
	return nil
}

// Now implements node.Host: the epoch plus virtual time plus skew.
func (s *Server) Now() time.Time { return Epoch().Add(s.world.now + s.skew) }

// Rand implements node.Host.
func (s *Server) Rand() *rand.Rand { return s.rand }

// Send implements node.Host.
func (s *Server) Send(dest string, body []byte) { s.world.Send(s.id, dest, body) }

// SetTimer implements node.Host.
func (s *Server) SetTimer(d time.Duration, id node.TimerID) {
	s.world.push(event{at: s.world.now + d, kind: evTimer, srv: s, inc: s.incarnation, arg: uint64(id)})
}

// Log implements node.Host.
func (s *Server) Log(line string) {
	s.world.trace.Log(s.world.now, s.id, line)
	if s.onLog != nil {
		s.onLog(s.id, s.world.now, line)
	}
}

// Storage implements node.Host.
func (s *Server) Storage() node.Storage { return s.storage }
