package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/components/events"
	"github.com/eddy-sim/eddy/tui/components/prompt"
)

func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.KeyMap
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.prompt.Active() {
		_, cmd := m.prompt.Update(msg)
		return cmd
	}
	if m.showHelp {
		m.showHelp = false
		if key.Matches(msg, k.Quit) {
			return tea.Quit
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.Cancel):
		if m.job != nil {
			m.job.cancel = true
		}
		m.playing = false
		return nil
	case key.Matches(msg, k.NextTab):
		m.tab = (m.tab + 1) % len(m.panels)
		return nil
	case key.Matches(msg, k.PrevTab):
		m.tab = (m.tab + len(m.panels) - 1) % len(m.panels)
		return nil
	case key.Matches(msg, k.Tab):
		m.tab = int(msg.Runes[0] - '1')
		return nil
	case key.Matches(msg, k.PrevNode):
		m.selectNode(-1)
		return nil
	case key.Matches(msg, k.NextNode):
		m.selectNode(+1)
		return nil
	case key.Matches(msg, k.Mark):
		m.mark()
		return nil
	case key.Matches(msg, k.Filter):
		m.prompt.Open(prompt.Filter, "filter events (ids, types, kinds; empty clears):", "", m.frame.Index.Types())
		return nil
	case key.Matches(msg, k.Search):
		m.prompt.Open(prompt.Search, "search events:", "", nil)
		return nil
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
		m.moveInPanel(msg)
		return nil
	case key.Matches(msg, k.NextMatch), key.Matches(msg, k.PrevMatch):
		m.panels[panelEvents].c.Update(msg)
		return nil
	}
	if m.job != nil {
		m.setStatus("busy: " + m.job.label + " (esc stops it)")
		return nil
	}
	return m.onRunKey(msg)
}

// onRunKey handles the keys that act on the run: only when no job has it.
func (m *Model) onRunKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.KeyMap
	switch {
	case key.Matches(msg, k.Play):
		if m.run.Done() {
			m.setStatus("the run is over: ← or home rewinds")
			return nil
		}
		m.playing = !m.playing
		m.tick++
		if m.playing {
			return m.ticker()
		}
		return nil
	case key.Matches(msg, k.Faster):
		m.speed = min(m.speed+1, len(speeds)-1)
		m.tick++
		if m.playing {
			return m.ticker()
		}
		return nil
	case key.Matches(msg, k.Slower):
		m.speed = max(m.speed-1, 0)
		m.tick++
		if m.playing {
			return m.ticker()
		}
		return nil
	case key.Matches(msg, k.Step):
		m.playing = false
		m.stepVisible()
		m.refresh()
		m.setStatus(m.stepSummary())
		return m.afterMove()
	case key.Matches(msg, k.Back):
		return m.seekStep(m.backTarget(), "step back")
	case key.Matches(msg, k.Start):
		return m.seekStep(0, "rewind to the start")
	case key.Matches(msg, k.End):
		return m.start(&job{label: "run to the end", until: runner.Done}, false)
	case key.Matches(msg, k.GoTo):
		m.prompt.Open(prompt.GoTo, "go to (a time like 12.5s or 1m, or #step):", "", nil)
		return nil
	case key.Matches(msg, k.StepType):
		m.prompt.Open(prompt.StepType, "step to the next message of type:", m.lastType, m.frame.Index.Types())
		return nil
	case key.Matches(msg, k.Save):
		return m.save()
	}
	return m.onFaultKey(msg)
}

// stepSummary says what the last step did.
func (m *Model) stepSummary() string {
	f := m.frame
	if f.Done {
		return "the run is over"
	}
	evs := f.Events[f.StepFirst:]
	if len(evs) == 0 {
		return fmt.Sprintf("step %d", f.Step)
	}
	s := fmt.Sprintf("step %d: %s %s", f.Step, evs[0].Kind, events.Describe(f.Index, &evs[0]))
	if len(evs) > 1 {
		s += fmt.Sprintf("  (+%d more)", len(evs)-1)
	}
	return s
}

// backTarget is the step before the last one that left something in the
// trace, so stepping back undoes what one visible step did.
func (m *Model) backTarget() int64 {
	n := len(m.run.Trace())
	if n == 0 {
		return 0
	}
	last := m.run.EventStep(n - 1)
	for n > 0 && m.run.EventStep(n-1) == last {
		n--
	}
	if n == 0 {
		return 0
	}
	return m.run.EventStep(n - 1)
}

func (m *Model) onSubmit(msg prompt.SubmitMsg) tea.Cmd {
	switch msg.Kind {
	case prompt.Filter:
		m.panels[panelEvents].c.Update(common.FilterMsg{Terms: strings.Fields(msg.Value)})
		m.panels[panelLamport].c.Update(common.FilterMsg{Terms: strings.Fields(msg.Value)})
		if m.tab != panelLamport {
			m.tab = panelEvents
		}
	case prompt.Search:
		m.tab = panelEvents
		m.panels[panelEvents].c.Update(events.SearchMsg{Query: msg.Value})
	case prompt.StepType:
		if msg.Value == "" {
			return nil
		}
		m.lastType = msg.Value
		if m.job == nil {
			return m.stepToType(msg.Value)
		}
	case prompt.GoTo:
		if m.job != nil {
			return nil
		}
		if n, ok := strings.CutPrefix(msg.Value, "#"); ok {
			step, err := strconv.ParseInt(n, 10, 64)
			if err != nil || step < 0 {
				m.setError(fmt.Errorf("go to %q: a step is # and a whole number", msg.Value))
				return nil
			}
			return m.seekStep(step, "go to step "+n)
		}
		t, err := parseTime(msg.Value)
		if err != nil {
			m.setError(fmt.Errorf("go to %q: %w", msg.Value, err))
			return nil
		}
		return m.seekTime(t)
	}
	return nil
}

// parseTime reads "12.5s", "1m30s" or a bare number of seconds.
func parseTime(s string) (time.Duration, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		s = strconv.FormatFloat(f, 'f', -1, 64) + "s"
	}
	t, err := time.ParseDuration(s)
	if err != nil || t < 0 {
		return 0, fmt.Errorf("want a time such as 12.5s, 1m or 12.5")
	}
	return t, nil
}

func (m *Model) selectNode(d int) {
	nodes := m.frame.Nodes
	i := slices.IndexFunc(nodes, func(n sim.NodeState) bool { return n.ID == m.sel.Node })
	m.sel.Node = nodes[(i+d+len(nodes))%len(nodes)].ID
	m.broadcast()
}

func (m *Model) mark() {
	id := m.sel.Node
	if i := slices.Index(m.sel.Marked, id); i >= 0 {
		m.sel.Marked = slices.Delete(slices.Clone(m.sel.Marked), i, i+1)
	} else {
		m.sel.Marked = append(slices.Clone(m.sel.Marked), id)
		slices.Sort(m.sel.Marked)
	}
	m.broadcast()
}

// moveInPanel: ↑/↓ pick a node in the node panel and a message in the
// message panel, and scroll the others.
func (m *Model) moveInPanel(msg tea.KeyMsg) {
	d := 1
	if key.Matches(msg, m.c.KeyMap.Up) {
		d = -1
	}
	switch m.tab {
	case panelNode:
		m.selectNode(d)
	case panelFlights:
		fl := m.frame.Flights
		if len(fl) == 0 {
			return
		}
		i := slices.IndexFunc(fl, func(f engine.Flight) bool { return f.Seq == m.sel.Flight })
		switch {
		case i < 0 && d > 0:
			i = 0
		case i < 0:
			i = len(fl) - 1
		default:
			i = (i + d + len(fl)) % len(fl)
		}
		m.sel.Flight = fl[i].Seq
		m.broadcast()
	default:
		m.panels[m.tab].c.Update(msg)
	}
}
