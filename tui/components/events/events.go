package events

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/frame"
)

// SearchMsg starts a search of the log for the newest event whose line
// contains Query (case-insensitive).
type SearchMsg struct{ Query string }

// Model is the event log.
type Model struct {
	c      common.Common
	f      *frame.Frame
	terms  []string
	query  string
	match  int // index of the current match; -1 for none
	offset int // passing events hidden below the window; 0 follows the end
	note   string
}

// New returns an empty log.
func New(c common.Common) *Model { return &Model{c: c, match: -1} }

// Init implements common.Component.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.c.SetSize(w, h) }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.KeyMap
	return []key.Binding{k.Up, k.Down, k.Filter, k.Search, k.NextMatch, k.PrevMatch}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update takes frames, the filter, searches and scrolling keys.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	k := m.c.KeyMap
	switch msg := msg.(type) {
	case common.FrameMsg:
		m.f = msg.Frame
		if m.match >= len(m.f.Events) {
			m.match = -1
		}
	case common.FilterMsg:
		m.terms, m.offset = msg.Terms, 0
	case SearchMsg:
		m.query, m.match, m.offset = strings.ToLower(msg.Query), -1, 0
		m.find(-1)
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			m.offset++
		case key.Matches(msg, k.Down):
			m.offset = max(m.offset-1, 0)
		case key.Matches(msg, k.NextMatch):
			m.find(-1)
		case key.Matches(msg, k.PrevMatch):
			m.find(+1)
		}
	}
	return m, nil
}

func (m *Model) passes(i int) bool { return Matches(m.f.Index, &m.f.Events[i], m.terms) }

func (m *Model) line(i int) string {
	ev := &m.f.Events[i]
	return fmt.Sprintf("%6d %9s %-7s %s", i+1, common.Seconds(ev.T), ev.Kind, Describe(m.f.Index, ev))
}

// find moves to the next match older (dir -1) or newer (+1) than the
// current one, and scrolls to show it.
func (m *Model) find(dir int) {
	if m.f == nil || m.query == "" {
		return
	}
	i := m.match
	if i < 0 {
		i = len(m.f.Events)
	}
	for i += dir; i >= 0 && i < len(m.f.Events); i += dir {
		if m.passes(i) && strings.Contains(strings.ToLower(m.line(i)), m.query) {
			m.match, m.note = i, ""
			m.offset = 0
			for j := i + 1; j < len(m.f.Events); j++ {
				if m.passes(j) {
					m.offset++
				}
			}
			m.offset = max(0, m.offset-m.c.Height/3)
			return
		}
	}
	which := "older"
	if dir > 0 {
		which = "newer"
	}
	m.note = fmt.Sprintf("no %s match for %q", which, m.query)
}

// View shows the window of the log that ends offset passing events
// before the newest.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if m.f == nil {
		return common.Block(nil, w, h)
	}
	st := m.c.Styles
	head := st.Title.Render(fmt.Sprintf("events: %d", len(m.f.Events)))
	if len(m.terms) > 0 {
		head += st.Dim.Render("  filter: " + strings.Join(m.terms, " "))
	}
	if m.query != "" {
		head += st.Dim.Render(fmt.Sprintf("  search: %q", m.query))
	}
	if m.note != "" {
		head += "  " + st.Error.Render(m.note)
	}
	rows := h - 1
	var idx []int
	skip := m.offset
	for i := len(m.f.Events) - 1; i >= 0 && len(idx) < rows; i-- {
		if !m.passes(i) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		idx = append(idx, i)
	}
	lines := make([]string, 0, h)
	lines = append(lines, head)
	for j := len(idx) - 1; j >= 0; j-- {
		lines = append(lines, m.render(idx[j], w))
	}
	return common.Block(lines, w, h)
}

func (m *Model) render(i, w int) string {
	st := m.c.Styles
	line := common.Fit(m.line(i), w-2)
	style := kindStyle(st, m.f.Events[i].Kind)
	switch {
	case i == m.match:
		return st.Cursor.Render("»") + " " + st.Match.Render(line)
	case i >= m.f.StepFirst:
		return st.Cursor.Render("▸") + " " + style.Inherit(st.Current).Render(line)
	}
	return "  " + style.Render(line)
}

func kindStyle(st *common.Styles, kind string) lipgloss.Style {
	switch kind {
	case trace.KindSend:
		return st.Send
	case trace.KindDeliver:
		return st.Deliver
	case trace.KindDrop:
		return st.Drop
	case trace.KindTimer:
		return st.Timer
	case trace.KindFault:
		return st.Fault
	case trace.KindOp:
		return st.Op
	case trace.KindCrash:
		return st.Crash
	}
	return st.Log
}
