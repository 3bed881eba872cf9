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
	"github.com/eddy-sim/eddy/tui/frame"
)

// Model is the node inspector.
type Model struct {
	c   common.Common
	f   *frame.Frame
	sel common.Selection
}

// New returns a node inspector.
func New(c common.Common) *Model { return &Model{c: c} }

// Init implements common.Component.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.c.SetSize(w, h) }

// Update takes new frames and selections.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if fm, ok := msg.(common.FrameMsg); ok {
		m.f, m.sel = fm.Frame, fm.Sel
	}
	return m, nil
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.KeyMap
	return []key.Binding{k.Up, k.Down, k.Kill, k.Pause, k.Mark}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View shows the selected node.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if m.f == nil {
		return common.Block(nil, w, h)
	}
	st := m.c.Styles
	n, ok := m.f.Node(m.sel.Node)
	if !ok {
		return common.Block([]string{st.Dim.Render("no node selected: [ and ] pick one")}, w, h)
	}
	lines := []string{st.Title.Render("node "+n.ID) + "  " + status(m.c.Styles, n)}

	lines = append(lines, "", st.Bold.Render("exposed state"))
	switch {
	case m.f.ReadOnly != "":
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
	if m.f.ReadOnly == "" && !n.Down {
		lines = append(lines, "", st.Bold.Render(fmt.Sprintf("timers (%d pending)", len(n.Timers))))
		for i, t := range n.Timers {
			if i == max(budget/3, 2) {
				lines = append(lines, st.Dim.Render(fmt.Sprintf("  … %d more", len(n.Timers)-i)))
				break
			}
			lines = append(lines, fmt.Sprintf("  #%-4d in %-8v at %s", t.ID, t.At-m.f.Now, common.Seconds(t.At)))
		}
	}
	lines = append(lines, "", st.Bold.Render("log"))
	logs := lastLogs(m.f.Events, n.ID, max(h-len(lines), 0))
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
