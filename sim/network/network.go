package network

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Dist is a latency distribution.
type Dist string

// The latency distributions Maelstrom offers.
const (
	Constant    Dist = "constant"
	Uniform     Dist = "uniform"
	Exponential Dist = "exponential"
)

// Config is the network's fault model.
type Config struct {
	Latency   time.Duration // mean one-way latency of node and service links
	Dist      Dist
	Loss      float64 // probability a node-link message is lost
	Duplicate float64 // probability a node-link message arrives twice
}

// Validate reports a configuration that cannot run.
func (c Config) Validate() error {
	switch c.Dist {
	case Constant, Uniform:
	case Exponential:
		if c.Latency <= 0 {
			return fmt.Errorf("latency-dist exponential needs --latency > 0")
		}
	default:
		return fmt.Errorf("unknown latency distribution %q (want constant, uniform or exponential)", c.Dist)
	}
	if c.Latency < 0 {
		return fmt.Errorf("latency %v is negative", c.Latency)
	}
	if !(c.Loss >= 0 && c.Loss <= 1) { // also rejects NaN
		return fmt.Errorf("loss %v is not a probability in [0, 1]", c.Loss)
	}
	if !(c.Duplicate >= 0 && c.Duplicate <= 1) {
		return fmt.Errorf("duplicate %v is not a probability in [0, 1]", c.Duplicate)
	}
	return nil
}

// Reasons a message is dropped, as they appear in traces.
const (
	DropPartition = "partition"
	DropLoss      = "loss"
)

// Fate is what happens to one message: dropped for Reason, or delivered
// after each of Delays (two of them for a duplicate).
type Fate struct {
	Reason string
	Delays []time.Duration
}

type link struct{ from, to string }

// Network decides the fate of messages. It is not safe for concurrent use:
// the simulator calls it from its single event loop.
type Network struct {
	cfg   Config
	rand  *rand.Rand
	nodes map[string]bool
	cuts  map[link]int     // how many faults cut each link
	delay [2]time.Duration // reused backing array for Fate.Delays
}

// New returns a network over the given cluster nodes, drawing from r.
func New(cfg Config, nodes []string, r *rand.Rand) *Network {
	n := &Network{cfg: cfg, rand: r, nodes: map[string]bool{}, cuts: map[link]int{}}
	for _, id := range nodes {
		n.nodes[id] = true
	}
	return n
}

// Route decides the fate of a message from src to dest. The returned
// Delays slice is only valid until the next call.
func (n *Network) Route(src, dest string) Fate {
	if isClient(src) || isClient(dest) {
		n.delay[0] = 0
		return Fate{Delays: n.delay[:1]}
	}
	if !n.nodes[src] || !n.nodes[dest] {
		n.delay[0] = n.latency()
		return Fate{Delays: n.delay[:1]}
	}
	if n.cuts[link{src, dest}] > 0 {
		return Fate{Reason: DropPartition}
	}
	if n.cfg.Loss > 0 && n.rand.Float64() < n.cfg.Loss {
		return Fate{Reason: DropLoss}
	}
	n.delay[0] = n.latency()
	if n.cfg.Duplicate > 0 && n.rand.Float64() < n.cfg.Duplicate {
		n.delay[1] = n.latency()
		return Fate{Delays: n.delay[:2]}
	}
	return Fate{Delays: n.delay[:1]}
}

func isClient(id string) bool { return len(id) > 0 && id[0] == 'c' }

func (n *Network) latency() time.Duration {
	mean := n.cfg.Latency
	if mean <= 0 {
		return 0
	}
	switch n.cfg.Dist {
	case Uniform:
		return time.Duration(n.rand.Int64N(int64(2*mean) + 1))
	case Exponential:
		return time.Duration(n.rand.ExpFloat64() * float64(mean))
	default:
		return mean
	}
}

// Cut drops every message from one node to another until as many Uncuts
// or a Heal. Cuts nest, so two faults can cut the same link independently.
func (n *Network) Cut(from, to string) { n.cuts[link{from, to}]++ }

// Uncut undoes one Cut of a link.
func (n *Network) Uncut(from, to string) {
	l := link{from, to}
	if n.cuts[l] > 1 {
		n.cuts[l]--
	} else {
		delete(n.cuts, l)
	}
}

// Heal removes every cut.
func (n *Network) Heal() { clear(n.cuts) }

// IsCut reports whether messages from one node to another are dropped.
func (n *Network) IsCut(from, to string) bool { return n.cuts[link{from, to}] > 0 }

// Node reports whether id is a cluster node (as opposed to a client or a
// service).
func (n *Network) Node(id string) bool { return n.nodes[id] }
