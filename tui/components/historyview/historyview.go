package historyview

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/frame"
)

// Model is the history view.
type Model struct {
	c      common.Common
	f      *frame.Frame
	offset int // pairs hidden below the window; 0 follows the end
}

// New returns an empty history view.
func New(c common.Common) *Model { return &Model{c: c} }

// Init implements common.Component.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.c.SetSize(w, h) }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.c.KeyMap.Up, m.c.KeyMap.Down} }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update takes frames and scrolling keys.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case common.FrameMsg:
		m.f = msg.Frame
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.c.KeyMap.Up):
			m.offset++
		case key.Matches(msg, m.c.KeyMap.Down):
			m.offset = max(0, m.offset-1)
		}
	}
	return m, nil
}

// View lists the latest operations.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if m.f == nil {
		return common.Block(nil, w, h)
	}
	st := m.c.Styles
	pairs := m.f.History.Pairs()
	counts := map[history.Type]int{}
	blamed := 0
	for _, p := range pairs {
		if p.Completion != nil {
			counts[p.Completion.Type]++
		}
		if m.blamed(p) {
			blamed++
		}
	}
	head := st.Title.Render(fmt.Sprintf("history: %d ops", len(pairs))) + "  " +
		st.OK.Render(fmt.Sprintf("%d ok", counts[history.OK])) + " " +
		st.Fail.Render(fmt.Sprintf("%d fail", counts[history.Fail])) + " " +
		st.Info.Render(fmt.Sprintf("%d info", counts[history.Info]))
	if blamed > 0 {
		head += "  " + st.Error.Render(fmt.Sprintf("%d blamed (!)", blamed))
	}
	rows := max(h-1, 0)
	m.offset = min(m.offset, max(0, len(pairs)-rows))
	end := len(pairs) - m.offset
	lines := []string{head}
	for _, p := range pairs[max(0, end-rows):end] {
		lines = append(lines, m.row(p))
	}
	return common.Block(lines, w, h)
}

func (m *Model) blamed(p history.Pair) bool {
	return m.f.Failing[p.Invoke.Index] || (p.Completion != nil && m.f.Failing[p.Completion.Index])
}

func (m *Model) row(p history.Pair) string {
	st := m.c.Styles
	inv := p.Invoke
	outcome, style, value, took := "open", st.Invoke, inv.Value, ""
	if c := p.Completion; c != nil {
		outcome, value, took = string(c.Type), c.Value, (c.Time - inv.Time).String()
		switch c.Type {
		case history.OK:
			style = st.OK
		case history.Fail:
			style = st.Fail
		default:
			style = st.Info
		}
		if len(c.Error) > 0 {
			value = []byte(fmt.Sprint(c.Error))
		}
	}
	mark := "  "
	if m.blamed(p) {
		mark, style = st.Error.Render("! "), style.Inherit(st.Match)
	}
	return mark + style.Render(fmt.Sprintf("%9s p%-3d %-4s %-5s %-10s %7s  %s",
		common.Seconds(inv.Time), inv.Process, inv.Node, outcome, inv.F, took, value))
}
