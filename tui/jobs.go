package tui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/common"
)

// A job is long work on the run — a replay to rewind, a run to a time, to
// a message type or to the end — done in chunks by commands, one at a
// time. While a job is out, its command owns the runner and the model
// touches it only when a chunk comes back.
type job struct {
	id       int
	label    string
	until    func(r runner) bool    // checked before each step, in the command
	progress func(r runner) float64 // 0–1, for the progress bar; nil if unknown
	done     func(m *Model)         // after the last chunk, in Update
	pct      float64
	cancel   bool
}

// chunkTime is how long one chunk runs before handing the runner back, so
// the screen shows progress and esc is heard.
const chunkTime = 50 * time.Millisecond

// jobMsg brings the runner back after a chunk.
type jobMsg struct {
	id       int
	r        runner
	err      error
	finished bool
}

// checkedMsg says a live run's checkers ran (the verdict is on the runner).
type checkedMsg struct{ err error }

// savedMsg reports where a run was saved.
type savedMsg struct {
	dir string
	err error
}

func chunk(id int, r runner, rewind bool, until func(runner) bool) tea.Cmd {
	return func() tea.Msg {
		if rewind {
			nr, err := r.Rewound()
			if err != nil {
				return jobMsg{id: id, r: r, err: err, finished: true}
			}
			r = nr
		}
		deadline := time.Now().Add(chunkTime)
		for i := 0; ; i++ {
			if until(r) {
				return jobMsg{id: id, r: r, finished: true}
			}
			if i%256 == 255 && time.Now().After(deadline) {
				return jobMsg{id: id, r: r}
			}
			if !r.Step() {
				return jobMsg{id: id, r: r, finished: true}
			}
		}
	}
}

// start sends a job out: from a rewound run if rewind, else from here.
func (m *Model) start(j *job, rewind bool) tea.Cmd {
	if m.job != nil {
		m.setStatus("busy: " + m.job.label)
		return nil
	}
	m.jobs++
	j.id = m.jobs
	m.job = j
	m.playing = false
	return chunk(j.id, m.run, rewind, j.until)
}

func (m *Model) onJob(msg jobMsg) tea.Cmd {
	j := m.job
	if j == nil || msg.id != j.id {
		return nil
	}
	m.run = msg.r
	if j.progress != nil {
		j.pct = j.progress(m.run)
	}
	if msg.err == nil && !msg.finished && !j.cancel {
		m.refresh()
		return chunk(j.id, m.run, false, j.until)
	}
	m.job = nil
	switch {
	case msg.err != nil:
		m.setError(fmt.Errorf("%s: %w", j.label, msg.err))
	case j.cancel:
		m.setStatus(j.label + ": stopped at step " + fmt.Sprint(m.run.Steps()))
	case j.done != nil:
		j.done(m)
	}
	m.refresh()
	return m.afterMove()
}

// seekStep goes to the state after step n, replaying from the start if n
// is behind.
func (m *Model) seekStep(n int64, label string) tea.Cmd {
	from := m.run.Steps()
	if n == from {
		return nil
	}
	return m.start(&job{
		label:    label,
		until:    func(r runner) bool { return r.Steps() >= n },
		progress: func(r runner) float64 { return float64(r.Steps()) / float64(max(n, 1)) },
		done:     func(m *Model) { m.setStatus(fmt.Sprintf("%s: at step %d", label, m.run.Steps())) },
	}, n < from)
}

// seekTime goes to the last step at or before virtual time t.
func (m *Model) seekTime(t time.Duration) tea.Cmd {
	label := "go to " + common.Seconds(t)
	return m.start(&job{
		label: label,
		until: func(r runner) bool {
			next, ok := r.Next()
			return !ok || next > t
		},
		progress: func(r runner) float64 {
			next, _ := r.Next()
			return float64(next) / float64(max(t, 1))
		},
		done: func(m *Model) { m.setStatus(fmt.Sprintf("%s: at step %d", label, m.run.Steps())) },
	}, t < m.frame.Now)
}

// stepToType runs until a message of type typ is sent or delivered.
func (m *Model) stepToType(typ string) tea.Cmd {
	types := map[int64]string{}
	for _, fl := range m.frame.Flights {
		types[fl.ID] = m.frame.Index.TypeOf(fl.ID)
	}
	seen := len(m.run.Trace())
	found := false
	return m.start(&job{
		label: "step to " + typ,
		until: func(r runner) bool {
			if found {
				return true
			}
			events := r.Trace()
			for _, e := range events[seen:] {
				switch e.Kind {
				case trace.KindSend:
					h, _ := wire.ParseHeader(e.Body)
					types[e.ID] = h.Type
					found = found || h.Type == typ
				case trace.KindDeliver:
					found = found || types[e.ID] == typ
				}
			}
			seen = len(events)
			return found
		},
		done: func(m *Model) {
			if found {
				m.setStatus("stepped to the next " + typ)
			} else {
				m.setStatus("no " + typ + " message before the end")
			}
		},
	}, false)
}

// finish runs the checkers of a live run that is over.
func (m *Model) finish() tea.Cmd {
	l, ok := m.run.(*live)
	if !ok || l.res != nil || m.job != nil {
		return nil
	}
	m.jobs++
	m.job = &job{id: m.jobs, label: "checking the run"}
	return func() tea.Msg { return checkedMsg{err: l.finish()} }
}

// save writes the run, injections and all, to the store.
func (m *Model) save() tea.Cmd {
	l, ok := m.run.(*live)
	switch {
	case !ok:
		m.setStatus("a stored run is saved already")
		return nil
	case m.cfg.Save == nil:
		m.setStatus("saving is not available here")
		return nil
	}
	o, script := l.s.Options(), append(l.s.Injections(), l.s.Ahead()...)
	m.setStatus(fmt.Sprintf("saving the run with %d injections…", len(script)))
	save := m.cfg.Save
	return func() tea.Msg {
		dir, err := save(o, script)
		return savedMsg{dir: dir, err: err}
	}
}
