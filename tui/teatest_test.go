package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim"
)

// The whole program under bubbletea's runtime: play, pause, run to the end
// in a command, see the verdict, rewind by replaying in another, quit.
func TestPlayThenRunToTheEndThenQuit(t *testing.T) {
	s, err := sim.NewSession(broadcastOptions(3, 5*time.Second))
	require.NoError(t, err)
	tm := teatest.NewTestModel(t, New(Config{Session: s}), teatest.WithInitialTermSize(100, 30))

	tm.Send(tea.KeyMsg{Type: tea.KeySpace})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("steps/s")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeySpace})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnd})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("verdict: valid")) },
		teatest.WithDuration(10*time.Second))
	tm.Type("g#100")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("at step 100")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})

	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	assert.Equal(t, int64(100), m.frame.Step)
	assert.False(t, m.frame.Done)
	assert.Nil(t, m.job)
}
