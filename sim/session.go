package sim

import (
	"errors"

	"github.com/eddy-sim/eddy/sim/engine"
)

// Session is an in-process run driven one event at a time, for tools that
// watch a run unfold (the terminal visualizer). A Session is not safe for
// concurrent use: one goroutine owns it, as one goroutine owns a world.
type Session struct {
	r *run
}

// NewSession prepares an in-process run and starts it (nodes up, init
// sent), without running any event yet.
func NewSession(o Options) (*Session, error) {
	if o.Bin != "" {
		return nil, errors.New("a session runs nodes in process; --bin runs real processes in real time")
	}
	r, err := start(o)
	if err != nil {
		return nil, err
	}
	return &Session{r: r}, nil
}

// Step runs the next event. It reports false when the run is over.
func (s *Session) Step() bool {
	if s.r.done {
		return false
	}
	if !s.r.w.Step() {
		s.r.abort("nothing left to simulate, yet the run is not over")
		return false
	}
	return !s.r.done
}

// Done reports whether the run is over.
func (s *Session) Done() bool { return s.r.done }

// World is the run's world, to look at between steps.
func (s *Session) World() *engine.World { return s.r.w }

// Finish ends the run where it is and checks it. A Session is finished once.
func (s *Session) Finish() (*Result, error) { return s.r.finish(nil) }
