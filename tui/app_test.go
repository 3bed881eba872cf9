package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/trace"
)

// toFlights steps until at least n messages are in flight.
func toFlights(t *testing.T, m *Model, n int) {
	t.Helper()
	for len(m.frame.Flights) < n {
		require.False(t, m.frame.Done)
		press(t, m, "right")
	}
}

func lastEvent(m *Model) trace.Event { return m.frame.Events[len(m.frame.Events)-1] }

func TestDropAndDeliverTheSelectedMessage(t *testing.T) {
	m := newModel(t, broadcastOptions(1, 5*time.Second), 120, 40)
	press(t, m, "x")
	assert.Equal(t, panelFlights, m.tab, "with nothing selected, the message panel opens")
	assert.Contains(t, m.status, "select a message")

	toFlights(t, m, 3)
	press(t, m, "2", "down")
	sel, ok := m.frame.Flight(m.sel.Flight)
	require.True(t, ok)
	press(t, m, "x")
	_, still := m.frame.Flight(sel.Seq)
	assert.False(t, still, "dropped")
	drop := lastEvent(m)
	assert.Equal(t, trace.Event{T: m.frame.Now, Kind: trace.KindDrop, ID: sel.ID, Src: sel.Src, Dest: sel.Dest, Reason: "manual"}, drop)
	assert.Contains(t, m.status, "dropped message #")

	press(t, m, "down")
	sel, ok = m.frame.Flight(m.sel.Flight)
	require.True(t, ok)
	press(t, m, "d")
	delivered := false
	for _, ev := range m.frame.Events[m.frame.StepFirst:] {
		delivered = delivered || (ev.Kind == trace.KindDeliver && ev.ID == sel.ID)
	}
	assert.True(t, delivered, "delivered at once")
	assert.Len(t, m.frame.Injections, 2)
}

func TestFilterAndSearchTheEventLog(t *testing.T) {
	m := newModel(t, broadcastOptions(1, 5*time.Second), 120, 40)
	press(t, m, repeat("right", 120)...)
	press(t, m, "f", "gossip n3", "enter")
	assert.Equal(t, panelEvents, m.tab)
	rows := strings.Split(m.panels[panelEvents].c.View(), "\n")[1:] // under the panel's title
	shown := 0
	for _, line := range rows {
		if strings.TrimSpace(line) == "" {
			continue
		}
		shown++
		assert.Contains(t, line, "gossip", "only gossip…")
		assert.Contains(t, line, "n3", "…to or from n3")
	}
	assert.Greater(t, shown, 3)

	press(t, m, "f", "enter", "/", "topology_ok", "enter")
	assert.Contains(t, m.View(), "» ")
	assert.Contains(t, m.View(), "topology_ok")
	press(t, m, repeat("n", 10)...)
	assert.Contains(t, m.View(), "no older match")
}

func TestStepToTheNextMessageOfAType(t *testing.T) {
	m := newModel(t, broadcastOptions(1, 5*time.Second), 120, 40)
	press(t, m, repeat("right", 100)...) // gossip seen: the prompt can complete it
	press(t, m, "t", "gos", "tab", "enter")
	assert.Equal(t, "gossip", m.lastType, "tab completed the type")
	var types []string
	for i := m.frame.StepFirst; i < len(m.frame.Events); i++ {
		types = append(types, m.frame.Index.Type(&m.frame.Events[i]))
	}
	assert.Contains(t, types, "gossip")
	assert.Contains(t, m.status, "stepped to the next gossip")
}

func TestPlayStepsOnEachTickAndPauses(t *testing.T) {
	m := newModel(t, broadcastOptions(1, 5*time.Second), 120, 40)
	press(t, m, "+")
	press(t, m, "space")
	require.True(t, m.playing)
	assert.Contains(t, m.View(), "▶ 50 steps/s")
	for range 3 {
		m.Update(tickMsg{gen: m.tick})
	}
	assert.Greater(t, m.frame.Step, int64(3))
	m.Update(tickMsg{gen: m.tick - 1})
	before := m.frame.Step
	m.Update(tickMsg{gen: m.tick - 1})
	assert.Equal(t, before, m.frame.Step, "a tick of an earlier play is ignored")
	press(t, m, "space")
	assert.False(t, m.playing)
}

func TestGoToATimeRewindsOrRunsOn(t *testing.T) {
	m := newModel(t, broadcastOptions(1, 5*time.Second), 120, 40)
	press(t, m, "g", "2.5", "enter")
	assert.LessOrEqual(t, m.frame.Now, 2500*time.Millisecond)
	next, _ := m.run.Next()
	assert.Greater(t, next, 2500*time.Millisecond)
	press(t, m, "g", "1s", "enter")
	assert.LessOrEqual(t, m.frame.Now, time.Second)
	assert.Contains(t, m.status, "go to 1.000s: at step")
	press(t, m, "g", "soon", "enter")
	assert.True(t, m.statusErr)
}

func TestAnySizeOfTerminalDraws(t *testing.T) {
	m := newModel(t, broadcastOptions(1, 5*time.Second), 120, 40)
	press(t, m, repeat("right", 80)...)
	for _, size := range [][2]int{{0, 0}, {1, 1}, {10, 3}, {30, 8}, {45, 12}, {80, 24}, {300, 100}} {
		for tab := range m.panels {
			m.tab = tab
			send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			view := m.View()
			if size[1] > 0 {
				assert.Len(t, strings.Split(view, "\n"), size[1], "%v", size)
			}
		}
	}
}

func TestSaveHandsTheRunAndItsInjectionsToTheStore(t *testing.T) {
	s, err := sim.NewSession(broadcastOptions(1, 5*time.Second))
	require.NoError(t, err)
	var got []sim.Injection
	var opts sim.Options
	m := New(Config{Session: s, Save: func(o sim.Options, script []sim.Injection) (string, error) {
		opts, got = o, script
		return "store/broadcast/x", nil
	}})
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	press(t, m, repeat("right", 50)...)
	press(t, m, "k")
	killed := m.frame.Step
	press(t, m, repeat("right", 20)...)
	press(t, m, "k", "s")
	assert.Equal(t, []sim.Injection{
		{Step: killed, Kind: sim.InjectKill, Nodes: []string{"n0"}},
		{Step: m.frame.Step, Kind: sim.InjectRestart, Nodes: []string{"n0"}},
	}, got)
	assert.Equal(t, uint64(1), opts.Seed)
	assert.Nil(t, opts.Trace, "the store gives the outputs")
	assert.Contains(t, m.status, "saved to store/broadcast/x · open it with: eddy tui store/broadcast/x")
}
