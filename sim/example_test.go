package sim_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/uniqueids"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
)

// A Go test runs a cluster of a node program under faults and asserts on
// the verdict: this is how lessons, Eddy's own tests and your projects use
// the simulator.
func TestUniqueIDsSurviveKillsAndPartitions(t *testing.T) {
	res, err := sim.Run(context.Background(), sim.Options{
		Workload:  "unique-ids",
		Node:      uniqueids.Program,
		Nodes:     sim.NodeIDs(3),
		TimeLimit: 30 * time.Second,
		Rate:      200,
		Nemesis:   []string{"partition", "kill"},
		Seed:      1,
	})
	require.NoError(t, err)
	assert.Equal(t, checker.Valid, res.Valid, "replay with seed %d", res.Sim.Seed)
	assert.Greater(t, res.Stats.OKCount, 1000)
}

func ExampleRun() {
	res, err := sim.Run(context.Background(), sim.Options{
		Workload: "unique-ids", Node: uniqueids.BugCounter, Nodes: sim.NodeIDs(3),
		TimeLimit: 30 * time.Second, Rate: 100, Nemesis: []string{"kill"}, NemesisInterval: 3 * time.Second, Seed: 1,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("verdict:", res.Valid)
	fmt.Println("ids handed out twice:", res.Workload.(checker.UniqueIDsResult).DuplicatedCount > 0)
	// Output:
	// verdict: invalid
	// ids handed out twice: true
}
