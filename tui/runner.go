package tui

import (
	"encoding/json"
	"time"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/frame"
)

// runner is what the app drives: a live session or a stored trace.
type runner interface {
	Frame() *frame.Frame
	// Step runs one step: one event of the world (live) or of the trace.
	Step() bool
	Steps() int64
	Next() (time.Duration, bool)
	Done() bool
	// Trace is the trace so far.
	Trace() []trace.Event
	// EventStep is the step that wrote trace event i.
	EventStep(i int) int64
	// Rewound is the same run at its start (live: replayed from the seed).
	Rewound() (runner, error)
}

// live is a runner over a session. Its result is set once it is checked.
type live struct {
	s       *sim.Session
	x       *frame.Index
	res     *sim.Result
	failing map[int]bool
}

func newLive(s *sim.Session) *live {
	return &live{s: s, x: frame.NewIndex(s.Options().Nodes)}
}

func (l *live) Frame() *frame.Frame {
	f := frame.Live(l.s, l.x)
	f.Result, f.Failing = l.res, l.failing
	return f
}

func (l *live) Step() bool                  { return l.s.Step() }
func (l *live) Steps() int64                { return l.s.Steps() }
func (l *live) Next() (time.Duration, bool) { return l.s.Next() }
func (l *live) Done() bool                  { return l.s.Done() }
func (l *live) Trace() []trace.Event        { return l.s.Events() }
func (l *live) EventStep(i int) int64       { return l.s.EventStep(i) }

func (l *live) Rewound() (runner, error) {
	s, err := l.s.Rewound()
	if err != nil {
		return nil, err
	}
	return newLive(s), nil
}

// finish checks the run; it runs in a command.
func (l *live) finish() error {
	res, err := l.s.Finish()
	if err != nil {
		return err
	}
	l.res = res
	if b, err := json.Marshal(res.Workload); err == nil {
		l.failing = frame.FailingOps(b, res.History)
	}
	return nil
}

// tape is a runner over a stored trace.
type tape struct {
	t       *frame.Tape
	failing map[int]bool // from the stored results, computed once
}

func (t *tape) Frame() *frame.Frame {
	f := t.t.Frame()
	if f.Done && t.failing == nil && f.Stored != nil {
		var res struct{ Workload json.RawMessage }
		if json.Unmarshal(f.Stored, &res) == nil {
			t.failing = frame.FailingOps(res.Workload, f.History)
		}
	}
	if f.Done {
		f.Failing = t.failing
	}
	return f
}

func (t *tape) Step() bool                  { return t.t.Step() }
func (t *tape) Steps() int64                { return t.t.Steps() }
func (t *tape) Next() (time.Duration, bool) { return t.t.Next() }
func (t *tape) Done() bool                  { return t.t.Done() }
func (t *tape) Trace() []trace.Event        { return t.t.Shown() }
func (t *tape) EventStep(i int) int64       { return t.t.EventStep(i) }
func (t *tape) Rewound() (runner, error)    { return &tape{t: t.t.Rewound(), failing: t.failing}, nil }
