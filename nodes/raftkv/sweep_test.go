package raftkv_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/eddy-sim/eddy/nodes/raftkv"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/network"
)

func TestSweep(t *testing.T) {
	if os.Getenv("SWEEP") == "" {
		t.Skip()
	}
	for _, c := range []struct {
		name string
		nem  []string
		iv   time.Duration
		dist network.Dist
		p    float64
	}{
		{"healthy", nil, 0, network.Constant, 0},
		{"partition,kill@10s", []string{"partition", "kill"}, 10 * time.Second, network.Constant, 0},
		{"all@10s+loss/dup", []string{"partition", "one-way", "kill", "pause", "clock-skew"}, 10 * time.Second, network.Exponential, 0.05},
		{"all@1s+loss/dup", []string{"partition", "one-way", "kill", "pause", "clock-skew"}, time.Second, network.Uniform, 0.05},
		{"partition,kill,pause@1s", []string{"partition", "kill", "pause"}, time.Second, network.Constant, 0},
	} {
		bad, ok := 0, 0.0
		n := 200
		for seed := 1; seed <= n; seed++ {
			o := linKV(raftkv.Program, uint64(seed+1000))
			o.Nemesis, o.NemesisInterval, o.LatencyDist, o.Loss, o.Duplicate = c.nem, c.iv, c.dist, c.p, c.p
			res := run(t, o)
			if res.Valid != checker.Valid {
				bad++
				fmt.Println(c.name, "seed", seed+1000, res.Valid)
			}
			ok += res.Availability.OKFraction
		}
		fmt.Printf("%s: %d/%d invalid, mean ok fraction %.2f\n", c.name, bad, n, ok/float64(n))
	}
}
