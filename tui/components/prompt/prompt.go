package prompt

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/tui/common"
)

// Kind is what a prompt asks for.
type Kind int

// The questions.
const (
	GoTo Kind = iota + 1
	StepType
	Filter
	Search
)

// SubmitMsg is the answer to a prompt.
type SubmitMsg struct {
	Kind  Kind
	Value string
}

// Model is the prompt; kind is 0 when it is closed. It is a plain line
// editor (type, backspace, ctrl+u, tab to complete): bubbles' textinput
// needs a clipboard module this build does not have.
type Model struct {
	c           common.Common
	kind        Kind
	label       string
	value       []rune
	suggestions []string
}

// New returns a closed prompt.
func New(c common.Common) *Model { return &Model{c: c} }

// Open asks a question, with a starting answer and the answers tab
// completes to.
func (m *Model) Open(kind Kind, label, value string, suggestions []string) {
	m.kind, m.label, m.value, m.suggestions = kind, label, []rune(value), suggestions
}

// Active reports whether the prompt is open.
func (m *Model) Active() bool { return m.kind != 0 }

// Init implements common.Component.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.c.SetSize(w, h) }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.c.KeyMap.Submit, m.c.KeyMap.Cancel}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update edits the answer; enter submits it and esc closes the prompt.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || !m.Active() {
		return m, nil
	}
	switch {
	case key.Matches(k, m.c.KeyMap.Submit):
		kind, value := m.kind, strings.TrimSpace(string(m.value))
		m.kind = 0
		return m, func() tea.Msg { return SubmitMsg{Kind: kind, Value: value} }
	case key.Matches(k, m.c.KeyMap.Cancel):
		m.kind = 0
	case k.Type == tea.KeyBackspace:
		if len(m.value) > 0 {
			m.value = m.value[:len(m.value)-1]
		}
	case k.Type == tea.KeyCtrlU:
		m.value = nil
	case k.Type == tea.KeyTab:
		if s, ok := m.completion(); ok {
			m.value = []rune(s)
		}
	case k.Type == tea.KeyRunes || k.Type == tea.KeySpace:
		m.value = append(m.value, k.Runes...)
	}
	return m, nil
}

// completion is the first suggestion that extends what is typed.
func (m *Model) completion() (string, bool) {
	typed := string(m.value)
	for _, s := range m.suggestions {
		if strings.HasPrefix(s, typed) && s != typed {
			return s, true
		}
	}
	return "", false
}

// View is the input line, with the completion tab would take in grey.
func (m *Model) View() string {
	st := m.c.Styles
	line := st.Title.Render(m.label) + " " + string(m.value) + st.Cursor.Render("▏")
	if s, ok := m.completion(); ok {
		line += st.Dim.Render(s[len(string(m.value)):] + "  (tab)")
	}
	return common.Fit(line, m.c.Width)
}
