package lamport

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/components/events"
	"github.com/eddy-sim/eddy/tui/frame"
)

// Model is the space-time diagram.
type Model struct {
	c     common.Common
	f     *frame.Frame
	terms []string
}

// New returns an empty diagram.
func New(c common.Common) *Model { return &Model{c: c} }

// Init implements common.Component.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.c.SetSize(w, h) }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.c.KeyMap.Filter} }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update takes frames and the filter.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case common.FrameMsg:
		m.f = msg.Frame
	case common.FilterMsg:
		m.terms = msg.Terms
	}
	return m, nil
}

const labelW = 22

// View draws the diagram's latest rows.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if m.f == nil {
		return common.Block(nil, w, h)
	}
	st := m.c.Styles
	cols := []string{"C"}
	for _, n := range m.f.Nodes {
		cols = append(cols, n.ID)
	}
	cols = append(cols, "S")
	at := map[string]int{}
	for i, c := range cols[1 : len(cols)-1] {
		at[c] = i + 1
	}
	col := func(id string) int {
		if c, ok := at[id]; ok {
			return c
		}
		if frame.IsClient(id) {
			return 0
		}
		return len(cols) - 1
	}
	cw := max(2, min(6, (w-labelW)/len(cols)))
	d := diagram{cw: cw, n: len(cols), st: st}

	var rows []string
	for i := len(m.f.Events) - 1; i >= 0 && len(rows) < h-2; i-- {
		ev := &m.f.Events[i]
		if len(m.terms) > 0 && !events.Matches(m.f.Index, ev, m.terms) {
			continue
		}
		switch ev.Kind {
		case trace.KindDeliver, trace.KindDrop:
			typ := m.f.Index.Type(ev)
			label := typ
			if ev.Kind == trace.KindDeliver {
				label += fmt.Sprintf(" L%d", m.f.Index.Lamport(i))
			} else {
				label += " ✗" + ev.Reason
			}
			rows = append(rows, d.arrow(col(ev.Src), col(ev.Dest), ev.Kind == trace.KindDrop, st.TypeStyle(typ))+" "+label)
		case trace.KindFault:
			rows = append(rows, d.rule(st.Fault, ev.Fault))
		case trace.KindCrash:
			rows = append(rows, d.arrow(col(ev.Node), col(ev.Node), true, st.Crash)+" crash")
		}
	}
	lines := []string{st.Title.Render("space-time") + st.Dim.Render(" · time runs down · C clients · S services"), d.header(cols)}
	for j := len(rows) - 1; j >= 0; j-- {
		lines = append(lines, rows[j])
	}
	return common.Block(lines, w, h)
}

// diagram draws rows of n columns cw cells wide.
type diagram struct {
	cw, n int
	st    *common.Styles
}

func (d diagram) x(c int) int { return c*d.cw + d.cw/2 }

func (d diagram) header(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		r := []rune(c)
		if len(r) > d.cw-1 {
			r = r[len(r)-(d.cw-1):]
		}
		b.WriteString(common.Fit(strings.Repeat(" ", (d.cw-len(r))/2)+string(r), d.cw))
	}
	return d.st.Bold.Render(b.String())
}

// arrow is a row of lifelines with a message from column a to column b;
// a drop ends in ✗ instead of an arrowhead.
func (d diagram) arrow(a, b int, dropped bool, style lipgloss.Style) string {
	line := []rune(strings.Repeat(" ", d.n*d.cw))
	for c := range d.n {
		line[d.x(c)] = '│'
	}
	lo, hi := min(d.x(a), d.x(b)), max(d.x(a), d.x(b))
	for x := lo; x <= hi; x++ {
		line[x] = '─'
	}
	head := '▶'
	if b < a {
		head = '◀'
	}
	if dropped {
		head = '✗'
	}
	if a != b {
		line[d.x(a)] = '●'
	}
	line[d.x(b)] = head
	dim := d.st.Dim
	return dim.Render(string(line[:lo])) + style.Render(string(line[lo:hi+1])) + dim.Render(string(line[hi+1:]))
}

func (d diagram) rule(style lipgloss.Style, text string) string {
	w := d.n * d.cw
	t := "─ " + text + " "
	return style.Render(common.Fit(t+strings.Repeat("─", max(0, w-len([]rune(t)))), w))
}
