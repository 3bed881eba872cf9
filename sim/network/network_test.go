package network_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/network"
)

var cluster = []string{"n1", "n2", "n3"}

func newNet(cfg network.Config) *network.Network {
	return network.New(cfg, cluster, rand.New(rand.NewPCG(1, 2)))
}

// route returns a message's fate with its Delays copied out of the
// network's reused buffer.
func route(n *network.Network, src, dest string) network.Fate {
	f := n.Route(src, dest)
	f.Delays = slices.Clone(f.Delays)
	return f
}

func delivered(d ...time.Duration) network.Fate { return network.Fate{Delays: d} }

func dropped(reason string) network.Fate { return network.Fate{Reason: reason} }

// --- kinds of links ---

func TestClientLinksHaveNoDelayAndNoFaults(t *testing.T) {
	n := newNet(network.Config{Latency: 50 * time.Millisecond, Dist: network.Constant, Loss: 1, Duplicate: 1})
	n.Cut("c1", "n1")
	n.Cut("n1", "c1")

	for range 100 {
		assert.Equal(t, delivered(0), route(n, "c1", "n1"))
		assert.Equal(t, delivered(0), route(n, "n1", "c1"))
		assert.Equal(t, delivered(0), route(n, "c1", "lin-kv"), "a client talking to a service")
	}
	assert.False(t, n.Node("c1"))
}

func TestServiceLinksHaveLatencyButAreNeverCut(t *testing.T) {
	n := newNet(network.Config{Latency: 7 * time.Millisecond, Dist: network.Constant, Loss: 1, Duplicate: 1})
	n.Cut("n1", "lin-kv")
	n.Cut("lin-kv", "n1")

	assert.Equal(t, delivered(7*time.Millisecond), route(n, "n1", "lin-kv"))
	assert.Equal(t, delivered(7*time.Millisecond), route(n, "lin-kv", "n1"))
	assert.False(t, n.Node("lin-kv"))
	assert.True(t, n.Node("n1"))
}

func TestNodeLinksAreCutLostAndDuplicated(t *testing.T) {
	lossy := newNet(network.Config{Latency: time.Millisecond, Dist: network.Constant, Loss: 1})
	assert.Equal(t, dropped(network.DropLoss), route(lossy, "n1", "n2"))

	doubled := newNet(network.Config{Latency: time.Millisecond, Dist: network.Constant, Duplicate: 1})
	assert.Equal(t, delivered(time.Millisecond, time.Millisecond), route(doubled, "n1", "n2"))

	cut := newNet(network.Config{Latency: time.Millisecond, Dist: network.Constant})
	cut.Cut("n1", "n2")
	assert.Equal(t, dropped(network.DropPartition), route(cut, "n1", "n2"))
}

// --- latency ---

func TestConstantLatencyIsExact(t *testing.T) {
	n := newNet(network.Config{Latency: 12 * time.Millisecond, Dist: network.Constant})
	for range 1000 {
		require.Equal(t, delivered(12*time.Millisecond), route(n, "n1", "n2"))
	}
}

func TestZeroLatencyIsZeroForEveryDistribution(t *testing.T) {
	for _, d := range []network.Dist{network.Constant, network.Uniform, network.Exponential} {
		n := newNet(network.Config{Dist: d})
		for range 100 {
			require.Equal(t, delivered(0), route(n, "n1", "n2"), d)
		}
	}
}

func TestUniformLatencySpansZeroToTwiceTheMean(t *testing.T) {
	const mean = 10 * time.Millisecond
	n := newNet(network.Config{Latency: mean, Dist: network.Uniform})
	lo, hi, sum := time.Duration(1<<62), time.Duration(0), time.Duration(0)
	const draws = 10000
	for range draws {
		f := route(n, "n1", "n2")
		require.Len(t, f.Delays, 1)
		d := f.Delays[0]
		require.True(t, 0 <= d && d <= 2*mean, "%v outside [0, 20ms]", d)
		lo, hi, sum = min(lo, d), max(hi, d), sum+d
	}
	assert.Less(t, lo, mean/10, "the low end is reached")
	assert.Greater(t, hi, 2*mean-mean/10, "the high end is reached")
	assert.InDelta(t, float64(mean), float64(sum/draws), float64(mean)/20, "mean within 5%%")
}

func TestExponentialLatencyHasTheMean(t *testing.T) {
	const mean = 10 * time.Millisecond
	n := newNet(network.Config{Latency: mean, Dist: network.Exponential})
	var sum, above time.Duration
	const draws = 10000
	for range draws {
		d := route(n, "n1", "n2").Delays[0]
		require.GreaterOrEqual(t, d, time.Duration(0))
		sum += d
		if d > 3*mean {
			above++
		}
	}
	// Standard error of the mean is mean/100; allow 10 of them.
	assert.InDelta(t, float64(mean), float64(sum/draws), float64(mean)/10)
	// P(X > 3·mean) = e⁻³ ≈ 5%: a long tail, unlike uniform's.
	assert.InDelta(t, 0.05, float64(above)/draws, 0.015)
}

func TestUniformAndExponentialReorder(t *testing.T) {
	for _, d := range []network.Dist{network.Uniform, network.Exponential} {
		n := newNet(network.Config{Latency: 10 * time.Millisecond, Dist: d})
		first := route(n, "n1", "n2").Delays[0]
		reordered := false
		for range 100 {
			if route(n, "n1", "n2").Delays[0] != first {
				reordered = true
			}
		}
		assert.True(t, reordered, "%s draws a fresh latency per message", d)
	}
}

// --- loss and duplication ---

func TestLossAndDuplicationHappenAtTheirRates(t *testing.T) {
	n := newNet(network.Config{Latency: time.Millisecond, Dist: network.Constant, Loss: 0.3, Duplicate: 0.2})
	const draws = 10000
	lost, twice, once := 0, 0, 0
	for range draws {
		f := route(n, "n1", "n2")
		switch {
		case f.Reason == network.DropLoss:
			lost++
		case len(f.Delays) == 2:
			twice++
		case len(f.Delays) == 1:
			once++
		default:
			t.Fatalf("unexpected fate %+v", f)
		}
	}
	assert.Equal(t, draws, lost+twice+once)
	assert.InDelta(t, 0.3, float64(lost)/draws, 0.03)
	// Duplication applies to messages that were not lost.
	assert.InDelta(t, 0.2, float64(twice)/float64(draws-lost), 0.03)
}

func TestNoFaultsByDefault(t *testing.T) {
	n := newNet(network.Config{Latency: time.Millisecond, Dist: network.Uniform})
	for range 1000 {
		f := route(n, "n1", "n2")
		require.Empty(t, f.Reason)
		require.Len(t, f.Delays, 1)
	}
}

func TestSameSeedSameFates(t *testing.T) {
	cfg := network.Config{Latency: 5 * time.Millisecond, Dist: network.Exponential, Loss: 0.1, Duplicate: 0.1}
	run := func() []network.Fate {
		n := newNet(cfg)
		var out []network.Fate
		for range 200 {
			out = append(out, route(n, "n1", "n3"))
		}
		return out
	}
	assert.Equal(t, run(), run())
}

// --- partitions ---

func TestCutIsOneWay(t *testing.T) {
	n := newNet(network.Config{Dist: network.Constant})

	n.Cut("n1", "n2")

	assert.True(t, n.IsCut("n1", "n2"))
	assert.False(t, n.IsCut("n2", "n1"))
	assert.Equal(t, dropped(network.DropPartition), route(n, "n1", "n2"))
	assert.Equal(t, delivered(0), route(n, "n2", "n1"), "n1 still hears n2")
	assert.Equal(t, delivered(0), route(n, "n1", "n3"))
}

func TestCutsNest(t *testing.T) {
	n := newNet(network.Config{Dist: network.Constant})

	n.Cut("n1", "n2") // one fault
	n.Cut("n1", "n2") // another fault, same link
	n.Uncut("n1", "n2")
	assert.True(t, n.IsCut("n1", "n2"), "the other fault still cuts it")

	n.Uncut("n1", "n2")
	assert.False(t, n.IsCut("n1", "n2"))

	n.Uncut("n1", "n2") // one Uncut too many is harmless…
	n.Cut("n1", "n2")
	assert.True(t, n.IsCut("n1", "n2"), "…and does not pre-heal the next cut")
}

func TestHealRemovesEveryCut(t *testing.T) {
	n := newNet(network.Config{Dist: network.Constant})
	n.Cut("n1", "n2")
	n.Cut("n1", "n2")
	n.Cut("n3", "n1")

	n.Heal()

	for _, a := range cluster {
		for _, b := range cluster {
			assert.False(t, n.IsCut(a, b), "%s→%s", a, b)
		}
	}
	assert.Equal(t, delivered(0), route(n, "n1", "n2"))
}

// --- configuration ---

func TestValidate(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		cfg  network.Config
		want string // "" for a valid configuration
	}{
		{network.Config{Dist: network.Constant}, ""},
		{network.Config{Latency: 5 * ms, Dist: network.Uniform, Loss: 1, Duplicate: 1}, ""},
		{network.Config{Latency: 5 * ms, Dist: network.Exponential}, ""},
		{network.Config{Dist: network.Uniform}, ""},
		{network.Config{Dist: network.Exponential}, "exponential needs --latency > 0"},
		{network.Config{Latency: -ms, Dist: network.Exponential}, "exponential needs --latency > 0"},
		{network.Config{Latency: -ms, Dist: network.Constant}, "negative"},
		{network.Config{Dist: network.Constant, Loss: -0.1}, "loss -0.1 is not a probability"},
		{network.Config{Dist: network.Constant, Loss: 1.5}, "loss 1.5 is not a probability"},
		{network.Config{Dist: network.Constant, Duplicate: -1}, "duplicate -1 is not a probability"},
		{network.Config{Dist: network.Constant, Duplicate: 2}, "duplicate 2 is not a probability"},
		{network.Config{Dist: "normal"}, `unknown latency distribution "normal"`},
		{network.Config{}, `unknown latency distribution ""`},
	} {
		err := c.cfg.Validate()
		if c.want == "" {
			assert.NoError(t, err, "%+v", c.cfg)
		} else if assert.Error(t, err, "%+v", c.cfg) {
			assert.Contains(t, err.Error(), c.want, "%+v", c.cfg)
		}
	}
}

func TestValidateRejectsNaNProbabilities(t *testing.T) {
	assert.Error(t, network.Config{Dist: network.Constant, Loss: math.NaN()}.Validate())
	assert.Error(t, network.Config{Dist: network.Constant, Duplicate: math.NaN()}.Validate())
}
