package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/sim"
)

// onFaultKey injects a fault by hand into a live run.
func (m *Model) onFaultKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.KeyMap
	faultKeys := []key.Binding{k.Partition, k.OneWay, k.Heal, k.Kill, k.Pause, k.Drop, k.Deliver}
	hit := false
	for _, b := range faultKeys {
		hit = hit || key.Matches(msg, b)
	}
	if !hit {
		return nil
	}
	l, ok := m.run.(*live)
	if !ok {
		m.setStatus("read-only: " + m.frame.ReadOnly)
		return nil
	}
	var in sim.Injection
	node, _ := m.frame.Node(m.sel.Node)
	group := m.sel.Marked
	if len(group) == 0 {
		group = []string{m.sel.Node}
	}
	switch {
	case key.Matches(msg, k.Partition):
		in = sim.Injection{Kind: sim.InjectPartition, Nodes: group}
	case key.Matches(msg, k.OneWay):
		in = sim.Injection{Kind: sim.InjectOneWay, Nodes: group}
	case key.Matches(msg, k.Heal):
		in = sim.Injection{Kind: sim.InjectHeal}
	case key.Matches(msg, k.Kill):
		in = sim.Injection{Kind: sim.InjectKill, Nodes: []string{node.ID}}
		if node.Down {
			in.Kind = sim.InjectRestart
		}
	case key.Matches(msg, k.Pause):
		in = sim.Injection{Kind: sim.InjectPause, Nodes: []string{node.ID}}
		if node.Paused {
			in.Kind = sim.InjectResume
		}
	default: // drop or deliver the selected message
		fl, ok := m.frame.Flight(m.sel.Flight)
		if !ok {
			m.tab = panelFlights
			m.setStatus("select a message in flight first: ↑/↓ in the msgs panel")
			return nil
		}
		in = sim.Injection{Kind: sim.InjectDrop, Seq: fl.Seq, Msg: fl.ID}
		if key.Matches(msg, k.Deliver) {
			in.Kind = sim.InjectDeliver
		}
	}
	ahead := len(l.s.Ahead())
	if err := l.s.Inject(in); err != nil {
		m.setError(err)
		return nil
	}
	status := fmt.Sprintf("injected at step %d: %s", l.s.Steps(), describe(in))
	if ahead > 0 {
		status += fmt.Sprintf(" (replaces %d later injections a rewind had kept)", ahead)
	}
	if in.Kind == sim.InjectPartition || in.Kind == sim.InjectOneWay {
		m.sel.Marked = nil
	}
	m.setStatus(status)
	m.refresh()
	return m.afterMove()
}

func describe(in sim.Injection) string {
	nodes := strings.Join(in.Nodes, " ")
	switch in.Kind {
	case sim.InjectPartition:
		return "partitioned " + nodes + " from the rest"
	case sim.InjectOneWay:
		return nodes + " no longer hear the rest"
	case sim.InjectHeal:
		return "healed every partition"
	case sim.InjectDrop:
		return fmt.Sprintf("dropped message #%d", in.Msg)
	case sim.InjectDeliver:
		return fmt.Sprintf("delivered message #%d now", in.Msg)
	}
	return in.Kind + " " + nodes
}
