package tui

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim"
)

func TestMain(m *testing.M) {
	// Golden screens are plain text: no colour, whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// broadcastOptions is a small broadcast run with latency, so messages are
// seen in flight.
func broadcastOptions(seed uint64, limit time.Duration) sim.Options {
	return sim.Options{
		Workload: "broadcast", Node: broadcast.Program, ProgramName: "broadcast", Nodes: sim.NodeIDs(5),
		TimeLimit: limit, Rate: 10, Latency: 10 * time.Millisecond, Seed: seed,
	}
}

// newModel is the visualizer of a fresh run, sized w×h.
func newModel(t testing.TB, o sim.Options, w, h int) *Model {
	t.Helper()
	s, err := sim.NewSession(o)
	require.NoError(t, err)
	m := New(Config{Session: s})
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// send delivers messages to the model and runs the commands they return,
// as the bubbletea runtime would, until none is left: jobs run to their
// end. Play ticks are the one thing not run (they would sleep); tests that
// play send tickMsg themselves.
func send(t testing.TB, m *Model, msgs ...tea.Msg) {
	t.Helper()
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		run(t, m, cmd)
	}
}

func run(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil || m.playing {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			run(t, m, c)
		}
	case tea.QuitMsg:
	default:
		_, next := m.Update(msg)
		run(t, m, next)
	}
}

// keys turns key names into key presses: "right", "left", "enter", "esc",
// "tab", "home", "end", "space", or any text typed rune by rune.
func keys(names ...string) []tea.Msg {
	special := map[string]tea.KeyType{
		"right": tea.KeyRight, "left": tea.KeyLeft, "up": tea.KeyUp, "down": tea.KeyDown,
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "home": tea.KeyHome,
		"end": tea.KeyEnd, "space": tea.KeySpace,
	}
	var out []tea.Msg
	for _, n := range names {
		if k, ok := special[n]; ok {
			out = append(out, tea.KeyMsg{Type: k})
			continue
		}
		for _, r := range n {
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}

func repeat(name string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = name
	}
	return out
}

func press(t testing.TB, m *Model, names ...string) {
	t.Helper()
	send(t, m, keys(names...)...)
}
