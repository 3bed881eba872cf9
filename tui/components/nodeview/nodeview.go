package nodeview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/common"
)

// Model is the node inspector.
type Model struct{ common.FrameView }

// New returns a node inspector.
func New(c common.Common) *Model { return &Model{common.FrameView{C: c}} }

// Update takes new frames and selections.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	m.TakeFrame(msg)
	return m, nil
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.C.KeyMap
	return []key.Binding{k.Up, k.Down, k.Kill, k.Pause, k.Mark}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View shows the selected node.
func (m *Model) View() string {
	w, h := m.C.Width, m.C.Height
	if m.F == nil {
		return common.Block(nil, w, h)
	}
	st := m.C.Styles
	n, ok := m.F.Node(m.Sel.Node)
	if !ok {
		return common.Block([]string{st.Dim.Render("no node selected: [ and ] pick one")}, w, h)
	}
	lines := []string{st.Title.Render("node "+n.ID) + "  " + status(m.C.Styles, n)}

	lines = append(lines, "", st.Bold.Render("exposed state"))
	switch {
	case m.F.ReadOnly != "":
		lines = append(lines, st.Dim.Render("  not in a stored trace"))
	case n.Down:
		lines = append(lines, st.Dim.Render("  none: the node is down"))
	case len(n.State) == 0:
		lines = append(lines, st.Dim.Render("  none: the program calls no n.Expose"))
	default:
		var b bytes.Buffer
		if json.Indent(&b, n.State, "  ", "  ") == nil {
			for _, l := range strings.Split(b.String(), "\n") {
				lines = append(lines, "  "+l)
			}
		}
	}
	budget := h - len(lines) - 1
	if m.F.ReadOnly == "" && !n.Down {
		lines = append(lines, "", st.Bold.Render(fmt.Sprintf("timers (%d pending)", len(n.Timers))))
		for i, t := range n.Timers {
			if i == max(budget/3, 2) {
				lines = append(lines, st.Dim.Render(fmt.Sprintf("  … %d more", len(n.Timers)-i)))
				break
			}
			lines = append(lines, fmt.Sprintf("  #%-4d in %-8v at %s", t.ID, t.At-m.F.Now, common.Seconds(t.At)))
		}
	}
	lines = append(lines, "", st.Bold.Render("log"))
	logs := lastLogs(m.F.Events, n.ID, max(h-len(lines), 0))
	if len(logs) == 0 {
		lines = append(lines, st.Dim.Render("  nothing logged yet"))
	}
	for _, ev := range logs {
		lines = append(lines, st.Dim.Render(common.Seconds(ev.T))+" "+st.Log.Render(ev.Text))
	}
	return common.Block(lines, w, h)
}

func status(st *common.Styles, n sim.NodeState) string {
	var parts []string
	switch {
	case n.Down:
		parts = append(parts, st.NodeDown.Render("✗ down"))
	case n.Paused:
		parts = append(parts, st.NodePaused.Render("‖ paused"))
	default:
		parts = append(parts, st.OK.Render("● up"))
	}
	if n.Skew != 0 {
		parts = append(parts, fmt.Sprintf("clock skew %v", n.Skew))
	}
	return strings.Join(parts, "  ")
}

// lastLogs returns a node's last n log lines, oldest first.
func lastLogs(events []trace.Event, id string, n int) []trace.Event {
	var out []trace.Event
	for i := len(events) - 1; i >= 0 && len(out) < n; i-- {
		if ev := events[i]; ev.Kind == trace.KindLog && ev.Node == id {
			out = append(out, ev)
		}
	}
	slices.Reverse(out)
	return out
}
