package sim

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/broadcast"
	"github.com/eddy-sim/eddy/sim/checker"
)

func TestBroadcastGlomers(t *testing.T) {
	for _, c := range []struct {
		name          string
		o             Options
		msgsPerOp     float64
		median, worst time.Duration
	}{
		{"3e", Options{Node: broadcast.Program}, 20, time.Second, 2 * time.Second},
		{"3d", Options{Node: broadcast.Fast}, 30, 400 * time.Millisecond, 600 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := c.o
			o.Workload, o.Nodes, o.TimeLimit, o.Rate, o.Latency, o.Seed = "broadcast", NodeIDs(25), 20*time.Second, 100, 100*time.Millisecond, 1
			res, err := Run(context.Background(), o)
			require.NoError(t, err)
			require.Equal(t, checker.Valid, res.Valid)
			sf := res.Workload.(checker.SetFullResult)
			t.Logf("servers msgs/op %.2f, stable latencies %v", *res.Net.Servers.MsgsPerOp, sf.StableLatencies)
			assert.Less(t, *res.Net.Servers.MsgsPerOp, c.msgsPerOp)
			assert.Less(t, time.Duration(sf.StableLatencies["0.5"])*time.Millisecond, c.median)
			assert.Less(t, time.Duration(sf.StableLatencies["1"])*time.Millisecond, c.worst)
		})
	}
}
