package verdict

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/frame"
)

// Model is the verdict view.
type Model struct {
	c common.Common
	f *frame.Frame
}

// New returns an empty verdict view.
func New(c common.Common) *Model { return &Model{c: c} }

// Init implements common.Component.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.c.SetSize(w, h) }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.c.KeyMap.End, m.c.KeyMap.Save} }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update takes frames.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if fm, ok := msg.(common.FrameMsg); ok {
		m.f = fm.Frame
	}
	return m, nil
}

// Results is a run's results.json: the live result encoded, or the stored
// file.
func Results(f *frame.Frame) json.RawMessage {
	if f.Result != nil {
		b, err := json.Marshal(f.Result)
		if err == nil {
			return b
		}
	}
	return f.Stored
}

// View shows the verdict.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if m.f == nil {
		return common.Block(nil, w, h)
	}
	st := m.c.Styles
	raw := Results(m.f)
	if raw == nil {
		return common.Block([]string{st.Title.Render("verdict"), "",
			st.Dim.Render("The checkers judge the run once it is over: end (or G) runs it to the end.")}, w, h)
	}
	var res map[string]json.RawMessage
	if err := json.Unmarshal(raw, &res); err != nil {
		return common.Block([]string{st.Error.Render("results: " + err.Error())}, w, h)
	}
	lines := []string{st.Title.Render("verdict: ") + m.validity(res["valid?"]), ""}
	for _, name := range []string{"workload", "stats", "net", "availability"} {
		var c struct {
			Valid json.RawMessage `json:"valid?"`
		}
		if json.Unmarshal(res[name], &c) == nil && c.Valid != nil {
			lines = append(lines, fmt.Sprintf("  %-13s %s", name, m.validity(c.Valid)))
		}
	}
	var aborted string
	if json.Unmarshal(res["aborted"], &aborted) == nil && aborted != "" {
		lines = append(lines, "", st.Error.Render("aborted: "+aborted))
	}
	var problems []struct{ Node, Kind, Text string }
	if json.Unmarshal(res["problems"], &problems) == nil && len(problems) > 0 {
		lines = append(lines, "", st.Error.Render(fmt.Sprintf("problems: %d", len(problems))))
		for _, p := range problems[:min(3, len(problems))] {
			lines = append(lines, fmt.Sprintf("  %s %s: %s", p.Node, p.Kind, firstLine(p.Text)))
		}
	}
	if m.f.ReadOnly == "" && len(m.f.Injections) > 0 {
		lines = append(lines, "", st.Fault.Render(fmt.Sprintf("with %d manual injections", len(m.f.Injections))))
	}
	blamed := m.blamed()
	report := h - len(lines) - 3 - min(len(blamed), h/3)
	lines = append(lines, "", st.Bold.Render("workload report"))
	var b bytes.Buffer
	if json.Indent(&b, res["workload"], "  ", "  ") == nil {
		rl := strings.Split("  "+b.String(), "\n")
		if len(rl) > report {
			rl = append(rl[:max(report-1, 0)], st.Dim.Render(fmt.Sprintf("  … %d more lines in results.json", len(rl)-report+1)))
		}
		lines = append(lines, rl...)
	}
	if len(blamed) > 0 {
		lines = append(lines, "", st.Error.Render(fmt.Sprintf("blamed operations: %d (marked ! in the history)", len(blamed))))
		lines = append(lines, blamed...)
	}
	return common.Block(lines, w, h)
}

func (m *Model) blamed() []string {
	var out []string
	for _, op := range m.f.History {
		if m.f.Failing[op.Index] {
			out = append(out, m.c.Styles.Fail.Render(fmt.Sprintf("  %s #%d p%d %s %s %s %s",
				common.Seconds(op.Time), op.Index, op.Process, op.Type, op.F, op.Value, strings.Join(op.Error, " "))))
		}
	}
	return out
}

func (m *Model) validity(raw json.RawMessage) string {
	st := m.c.Styles
	var style lipgloss.Style
	text := string(raw)
	switch text {
	case "true":
		style, text = st.Valid, "valid ✓"
	case "false":
		style, text = st.Invalid, "INVALID ✗"
	default:
		style, text = st.Unknown, "unknown ?"
	}
	return style.Render(text)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
