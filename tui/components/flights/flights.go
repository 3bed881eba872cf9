package flights

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/tui/common"
)

// Model is the list of messages in flight.
type Model struct{ common.FrameView }

// New returns an empty list.
func New(c common.Common) *Model { return &Model{common.FrameView{C: c}} }

// Update takes new frames and selections.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	m.TakeFrame(msg)
	return m, nil
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.C.KeyMap
	return []key.Binding{k.Up, k.Down, k.Drop, k.Deliver}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View lists the messages in flight, the selected one marked, and its body.
func (m *Model) View() string {
	w, h := m.C.Width, m.C.Height
	if m.F == nil {
		return common.Block(nil, w, h)
	}
	st, fl := m.C.Styles, m.F.Flights
	lines := []string{st.Title.Render(fmt.Sprintf("in flight: %d", len(fl)))}
	if len(fl) == 0 {
		lines = append(lines, st.Dim.Render("  nothing: every message sent so far has arrived or was dropped"))
		return common.Block(lines, w, h)
	}
	listH := max(h/2-1, 1)
	cur := -1
	for i := range fl {
		if fl[i].Seq == m.Sel.Flight {
			cur = i
		}
	}
	top := max(0, min(cur-listH/2, len(fl)-listH))
	for i := top; i < len(fl) && i < top+listH; i++ {
		f := fl[i]
		typ := m.F.Index.TypeOf(f.ID)
		line := fmt.Sprintf("#%-6d %s→%s %s  sent %s arrives %s", f.ID, f.Src, f.Dest,
			st.TypeStyle(typ).Render(typ), common.Seconds(f.Sent), common.Seconds(f.At))
		if i == cur {
			line = st.Cursor.Render("▸ ") + line
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	if cur < 0 {
		lines = append(lines, "", st.Dim.Render("↑/↓ select a message to see its body, drop it or deliver it"))
		return common.Block(lines, w, h)
	}
	lines = append(lines, "", st.Bold.Render(fmt.Sprintf("body of #%d", fl[cur].ID)))
	lines = append(lines, Pretty(fl[cur].Body)...)
	return common.Block(lines, w, h)
}

// Pretty indents a JSON body for reading, line by line.
func Pretty(body []byte) []string {
	var b bytes.Buffer
	if json.Indent(&b, body, "  ", "  ") != nil {
		return []string{"  " + string(body)}
	}
	return strings.Split("  "+b.String(), "\n")
}
