package tui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/components/cluster"
	"github.com/eddy-sim/eddy/tui/components/events"
	"github.com/eddy-sim/eddy/tui/components/flights"
	"github.com/eddy-sim/eddy/tui/components/historyview"
	"github.com/eddy-sim/eddy/tui/components/lamport"
	"github.com/eddy-sim/eddy/tui/components/nodeview"
	"github.com/eddy-sim/eddy/tui/components/prompt"
	"github.com/eddy-sim/eddy/tui/components/verdict"
	"github.com/eddy-sim/eddy/tui/frame"
)

// Config is what the visualizer shows and what it may do.
type Config struct {
	// Session is a live run; Tape a stored one shown read-only. Give one.
	Session *sim.Session
	Tape    *frame.Tape
	// Save writes a run with its injections to the store and returns the
	// directory; nil disables saving.
	Save func(o sim.Options, script []sim.Injection) (dir string, err error)
}

// panel is one tab of the right-hand side.
type panel struct {
	name string
	c    common.Component
}

// Panels, in tab order.
const (
	panelNode = iota
	panelFlights
	panelEvents
	panelLamport
	panelHistory
	panelVerdict
)

// speeds are the play speeds, in steps per second.
var speeds = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}

// Model is the visualizer.
type Model struct {
	cfg   Config
	c     common.Common
	run   runner
	frame *frame.Frame
	sel   common.Selection

	cluster  common.Component
	panels   []panel
	tab      int
	prompt   *prompt.Model
	help     help.Model
	showHelp bool

	playing bool
	speed   int // index into speeds
	tick    int // generation of the play ticker, so a stale tick is ignored
	job     *job
	jobs    int

	status    string
	statusErr bool
	lastType  string
}

// New returns the visualizer of a run, paused at its start.
func New(cfg Config) *Model {
	c := common.NewCommon()
	m := &Model{cfg: cfg, c: c, cluster: cluster.New(c), prompt: prompt.New(c), help: help.New(), speed: 4}
	m.panels = []panel{
		{"node", nodeview.New(c)},
		{"msgs", flights.New(c)},
		{"events", events.New(c)},
		{"lamport", lamport.New(c)},
		{"history", historyview.New(c)},
		{"verdict", verdict.New(c)},
	}
	if cfg.Session != nil {
		m.run = newLive(cfg.Session)
	} else {
		m.run = &tape{t: cfg.Tape}
	}
	m.refresh()
	if len(m.frame.Nodes) > 0 {
		m.sel.Node = m.frame.Nodes[0].ID
	}
	m.setStatus("paused at the start: space plays, → steps, ? lists every key")
	if m.frame.ReadOnly != "" {
		m.setStatus("read-only: " + m.frame.ReadOnly)
	}
	m.broadcast()
	return m
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

type tickMsg struct{ gen int }

func (m *Model) ticker() tea.Cmd {
	gen := m.tick
	every := max(time.Second/time.Duration(speeds[m.speed]), 50*time.Millisecond)
	return tea.Tick(every, func(time.Time) tea.Msg { return tickMsg{gen} })
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.SetSize(msg.Width, msg.Height)
		m.layout()
		return m, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.prompt.Active() {
			// Keys typed faster than the terminal is read arrive as one
			// message: take them one by one.
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
			}
			return m, tea.Batch(cmds...)
		}
		return m, m.onKey(msg)
	case prompt.SubmitMsg:
		return m, m.onSubmit(msg)
	case jobMsg:
		return m, m.onJob(msg)
	case checkedMsg:
		m.job = nil
		if msg.err != nil {
			m.setError(fmt.Errorf("checking: %w", msg.err))
			return m, nil
		}
		m.tab = panelVerdict
		m.refresh()
		m.setStatus("the run is over and checked: see the verdict")
		return m, nil
	case savedMsg:
		if msg.err != nil {
			m.setError(fmt.Errorf("saving: %w", msg.err))
		} else {
			m.setStatus("saved to " + msg.dir + " · open it with: eddy tui " + msg.dir)
		}
		return m, nil
	case tickMsg:
		if msg.gen != m.tick || !m.playing {
			return m, nil
		}
		return m, m.onTick()
	}
	return m, nil
}

// onTick plays one tick's worth of steps.
func (m *Model) onTick() tea.Cmd {
	if m.job != nil {
		return m.ticker()
	}
	every := max(time.Second/time.Duration(speeds[m.speed]), 50*time.Millisecond)
	n := max(1, int(int64(speeds[m.speed])*int64(every)/int64(time.Second)))
	deadline := time.Now().Add(every / 2)
	for i := 0; i < n && !m.run.Done() && time.Now().Before(deadline); i++ {
		m.stepVisible()
	}
	m.refresh()
	if m.run.Done() {
		m.playing = false
		return m.afterMove()
	}
	return m.ticker()
}

// stepVisible steps until the trace grows: some steps (a timer of a dead
// instance, a client's idle wake-up) leave nothing to see.
func (m *Model) stepVisible() bool {
	n := len(m.run.Trace())
	for i := 0; i < 10000; i++ {
		if !m.run.Step() {
			return false
		}
		if len(m.run.Trace()) > n {
			return true
		}
	}
	return true
}

// afterMove checks a live run once it is over.
func (m *Model) afterMove() tea.Cmd {
	if m.run.Done() {
		return m.finish()
	}
	return nil
}

// refresh takes a new frame and sends it to every component.
func (m *Model) refresh() {
	m.frame = m.run.Frame()
	if _, ok := m.frame.Flight(m.sel.Flight); !ok {
		m.sel.Flight = 0
	}
	m.broadcast()
}

func (m *Model) broadcast() {
	msg := common.FrameMsg{Frame: m.frame, Sel: m.sel}
	m.cluster.Update(msg)
	for _, p := range m.panels {
		p.c.Update(msg)
	}
}

func (m *Model) setStatus(s string) { m.status, m.statusErr = s, false }

func (m *Model) setError(err error) { m.status, m.statusErr = err.Error(), true }
