package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/eddy-sim/eddy/tui/common"
)

// The screen, top to bottom: a header line; the cluster on the left and
// the panels on the right; a status (or prompt) line; the help line.
const chrome = 3

func (m *Model) widths() (cluster, panel int) {
	w := m.c.Width
	cluster = max(w/2, min(w, 30))
	return cluster, max(w-cluster-1, 0)
}

// layout sizes every component to the window.
func (m *Model) layout() {
	cw, pw := m.widths()
	h := max(m.c.Height-chrome, 0)
	m.cluster.SetSize(cw, h)
	for _, p := range m.panels {
		p.c.SetSize(pw, max(h-1, 0))
	}
	m.prompt.SetSize(m.c.Width, 1)
	m.help.Width = m.c.Width
}

// View implements tea.Model.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w == 0 || h == 0 {
		return ""
	}
	mainH := max(h-chrome, 0)
	var main string
	if m.showHelp {
		main = m.fullHelp(mainH)
	} else {
		cw, _ := m.widths()
		sep := strings.TrimSuffix(strings.Repeat(m.c.Styles.Dim.Render("│")+"\n", mainH), "\n")
		right := m.tabs() + "\n" + m.panels[m.tab].c.View()
		main = lipgloss.JoinHorizontal(lipgloss.Top, common.Block(strings.Split(m.cluster.View(), "\n"), cw, mainH), sep, right)
	}
	bottom := m.statusLine()
	if m.prompt.Active() {
		bottom = m.prompt.View()
	}
	lines := []string{m.header()}
	if mainH > 0 {
		lines = append(lines, main)
	}
	lines = append(lines, bottom, m.helpLine())
	// On a terminal too small for the chrome, lines are cut to fit.
	return common.Block(strings.Split(strings.Join(lines, "\n"), "\n"), w, h)
}

func (m *Model) header() string {
	st, f := m.c.Styles, m.frame
	left := st.Header.Render(" eddy ") + st.HeaderInfo.Render(" "+f.Title+" ")
	state := "‖ paused"
	switch {
	case m.job != nil:
		state = "… " + m.job.label
	case f.Done:
		state = "■ over"
	case m.playing:
		state = fmt.Sprintf("▶ %d steps/s", speeds[m.speed])
	}
	phase := ""
	if f.Phase != "" {
		phase = " · " + f.Phase
	}
	ro := ""
	if f.ReadOnly != "" {
		ro = " · read-only"
	}
	right := st.HeaderInfo.Render(fmt.Sprintf(" step %d · %s%s · %s%s ", f.Step, common.Seconds(f.Now), phase, state, ro))
	gap := max(m.c.Width-lipgloss.Width(left)-lipgloss.Width(right), 0)
	return common.Fit(left+st.HeaderInfo.Render(strings.Repeat(" ", gap))+right, m.c.Width)
}

func (m *Model) tabs() string {
	_, pw := m.widths()
	st := m.c.Styles
	var parts []string
	for i, p := range m.panels {
		name := fmt.Sprintf("%d %s", i+1, p.name)
		if i == panelFlights && len(m.frame.Flights) > 0 {
			name += fmt.Sprintf(" %d", len(m.frame.Flights))
		}
		if i == m.tab {
			parts = append(parts, st.ActiveTab.Render("["+name+"]"))
		} else {
			parts = append(parts, st.Tab.Render(" "+name+" "))
		}
	}
	return common.Fit(strings.Join(parts, ""), pw)
}

func (m *Model) statusLine() string {
	st := m.c.Styles
	if j := m.job; j != nil {
		bar := ""
		if j.progress != nil {
			const width = 20
			done := int(min(max(j.pct, 0), 1) * width)
			bar = fmt.Sprintf(" %s%s %3.0f%%", strings.Repeat("█", done), strings.Repeat("░", width-done), 100*min(max(j.pct, 0), 1))
		}
		return common.Fit(st.Status.Render(j.label+"…"+bar+"  (esc stops)"), m.c.Width)
	}
	if m.statusErr {
		return common.Fit(st.Error.Render(m.status), m.c.Width)
	}
	return common.Fit(st.Status.Render(m.status), m.c.Width)
}

// helpLine is the short help: the app's keys, then the panel's own.
func (m *Model) helpLine() string {
	if m.prompt.Active() {
		return common.Fit(m.help.ShortHelpView(m.prompt.ShortHelp()), m.c.Width)
	}
	bindings := m.c.KeyMap.ShortHelp()
	for _, b := range m.panels[m.tab].c.ShortHelp() {
		if !contains(bindings, b) {
			bindings = append(bindings, b)
		}
	}
	return common.Fit(m.help.ShortHelpView(bindings), m.c.Width)
}

func contains(bs []key.Binding, b key.Binding) bool {
	return slices.ContainsFunc(bs, func(x key.Binding) bool { return x.Help() == b.Help() })
}

func (m *Model) fullHelp(h int) string {
	st := m.c.Styles
	lines := []string{st.Title.Render("every key") + st.Dim.Render("  (any key closes this)"), ""}
	// Two columns at a time, so every key shows on a narrow terminal too.
	groups := m.c.KeyMap.FullHelp()
	full := m.help
	full.Width = 0
	for i := 0; i < len(groups); i += 2 {
		lines = append(lines, strings.Split(full.FullHelpView(groups[i:min(i+2, len(groups))]), "\n")...)
		lines = append(lines, "")
	}
	lines = append(lines,
		st.Dim.Render("Faults act on the selected node ([ ]) or on the marked group (m), and on the selected"),
		st.Dim.Render("message (msgs panel, ↑/↓). Each is traced as a fault by \"manual\" and replayed on rewind;"),
		st.Dim.Render("s saves the run with them. Stepping back replays the seed from the start: it is exact."))
	return common.Block(lines, m.c.Width, h)
}
