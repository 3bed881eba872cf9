package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/frame"
)

// The screens a user sees, at two terminal sizes, compared with
// testdata/TestGolden/*.golden. After a deliberate change of the screen,
// rerun with -update and review the diff of the golden files.
func TestGolden(t *testing.T) {
	scenes := []struct {
		name string
		do   func(t *testing.T, m *Model)
	}{
		{"initial", func(*testing.T, *Model) {}},
		{"stepped", func(t *testing.T, m *Model) { press(t, m, repeat("right", 60)...) }},
		{"messages", func(t *testing.T, m *Model) {
			press(t, m, repeat("right", 60)...)
			for len(m.frame.Flights) < 3 {
				press(t, m, "right")
			}
			press(t, m, "2", "down", "down")
		}},
		{"partition", func(t *testing.T, m *Model) {
			press(t, m, repeat("right", 60)...)
			press(t, m, "m", "]", "m", "p")
			press(t, m, repeat("right", 40)...)
			press(t, m, "4")
		}},
		{"rewind", func(t *testing.T, m *Model) {
			press(t, m, repeat("right", 60)...)
			press(t, m, "m", "]", "m", "p")
			press(t, m, repeat("right", 40)...)
			press(t, m, "g", "#30", "enter", "3")
		}},
		{"help", func(t *testing.T, m *Model) { press(t, m, "?") }},
		{"node", func(t *testing.T, m *Model) {
			press(t, m, repeat("right", 120)...)
			press(t, m, "]", "]", "k", "]", "z", "[", "1")
		}},
		{"verdict", func(t *testing.T, m *Model) { press(t, m, "end") }},
	}
	for _, size := range [][2]int{{100, 30}, {160, 45}} {
		for _, sc := range scenes {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				m := newModel(t, broadcastOptions(1, 5*time.Second), size[0], size[1])
				sc.do(t, m)
				view := m.View()
				lines := strings.Split(view, "\n")
				require.Len(t, lines, size[1], "the screen is exactly the terminal's height")
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

// Rewinding replays the seed: the screen after going back to a step is the
// screen of a run stepped there directly.
func TestRewindShowsWhatSteppingThereShowed(t *testing.T) {
	o := broadcastOptions(2, 5*time.Second)
	direct := newModel(t, o, 120, 40)
	press(t, direct, repeat("right", 50)...)

	back := newModel(t, o, 120, 40)
	press(t, back, repeat("right", 90)...)
	press(t, back, "g", fmt.Sprintf("#%d", direct.frame.Step), "enter")

	assert.Equal(t, direct.frame.Step, back.frame.Step)
	assert.Equal(t, withoutStatus(direct.View()), withoutStatus(back.View()))
}

// withoutStatus drops the status line, which says how the screen was reached.
func withoutStatus(view string) string {
	lines := strings.Split(view, "\n")
	return strings.Join(append(lines[:len(lines)-2:len(lines)-2], lines[len(lines)-1]), "\n")
}

// A planted bug: the verdict names the failure and the history marks the
// operations the checker blames.
func TestGoldenInvalidRun(t *testing.T) {
	o := broadcastOptions(4, 5*time.Second)
	o.Node, o.ProgramName = broadcast.BugNoForward, "broadcast-bug-no-forward"
	for _, tab := range []string{"6", "5"} {
		t.Run(map[string]string{"6": "verdict", "5": "history"}[tab], func(t *testing.T) {
			m := newModel(t, o, 120, 40)
			press(t, m, "end", tab)
			require.NotEmpty(t, m.frame.Failing)
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

// A stored run that cannot be replayed is shown from its trace, read-only.
func TestGoldenReadOnlyTrace(t *testing.T) {
	o := broadcastOptions(5, 3*time.Second)
	o.ProgramName = "someone-elses-broadcast"
	o.Nemesis, o.NemesisInterval = []string{"partition", "kill"}, time.Second
	var buf bytes.Buffer
	o.Trace = &buf
	res, err := sim.Run(context.Background(), o)
	require.NoError(t, err)
	tr, err := trace.Read(&buf)
	require.NoError(t, err)
	results, err := json.Marshal(res)
	require.NoError(t, err)

	m := New(Config{Tape: frame.NewTape(tr, o, results, "program someone-elses-broadcast is not built in")})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	press(t, m, repeat("right", 400)...)
	press(t, m, "k", "3")
	assert.Contains(t, m.status, "read-only")
	golden.RequireEqual(t, []byte(m.View()))

	press(t, m, "left", "home")
	assert.Equal(t, int64(0), m.frame.Step, "rewinding a trace moves back along it")
	press(t, m, "end", "6")
	assert.Contains(t, m.View(), "verdict: valid")
}
