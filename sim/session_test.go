package sim

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Stepping a session event by event is the same run as Run.
func TestSessionStepsTheSameRun(t *testing.T) {
	o := everything(11)
	want, _ := runTrace(t, o)

	var buf bytes.Buffer
	o.Trace = &buf
	s, err := NewSession(o)
	require.NoError(t, err)
	steps := 0
	for s.Step() {
		steps++
	}
	assert.True(t, s.Done())
	res, err := s.Finish()
	require.NoError(t, err)
	assert.Equal(t, want.Sim.TraceHash, res.Sim.TraceHash)
	assert.Greater(t, steps, 100)
	assert.Greater(t, s.World().Now(), 5*time.Second)
}

func TestSessionRefusesProcesses(t *testing.T) {
	_, err := NewSession(Options{Workload: "echo", Bin: "/bin/true"})
	assert.ErrorContains(t, err, "in process")
}
