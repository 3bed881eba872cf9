package sim

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/uniqueids"
	"github.com/eddy-sim/eddy/sim/checker"
)

func TestEchoRunsValid(t *testing.T) {
	res, err := Run(context.Background(), Options{Workload: "echo", Node: echo.Program, Nodes: NodeIDs(3),
		TimeLimit: 10 * time.Second, Latency: 5 * time.Millisecond, Nemesis: []string{"partition", "kill"}, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, checker.Valid, res.Valid, "%+v", res)
	assert.Greater(t, res.Stats.OKCount, 30)
}

func TestUniqueIDsBugCaughtUnderKill(t *testing.T) {
	res, err := Run(context.Background(), Options{Workload: "unique-ids", Node: uniqueids.BugCounter, Nodes: NodeIDs(3),
		TimeLimit: 30 * time.Second, Rate: 100, Nemesis: []string{"kill"}, NemesisInterval: 2 * time.Second, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, checker.Invalid, res.Valid)
}
