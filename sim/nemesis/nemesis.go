package nemesis

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/rng"
)

// Kind describes one fault kind for --help.
type Kind struct {
	Name        string
	Description string
}

// Kinds lists the fault kinds --nemesis accepts.
var Kinds = []Kind{
	{"partition", "symmetric partitions of Maelstrom's shapes: one, majority, minority-third, majorities-ring"},
	{"one-way", "one-way partitions: some nodes stop hearing from the rest, which still hear them"},
	{"kill", "crash nodes (one, a minority, a majority or all) and restart them; storage survives, memory does not"},
	{"pause", "freeze nodes (like SIGSTOP) and resume them; messages and timers wait"},
	{"clock-skew", "offset some nodes' clocks by up to ±interval (in-process nodes only)"},
}

// Parse checks a comma-separated --nemesis value and returns its kinds.
func Parse(s string) ([]string, error) {
	var kinds []string
	for _, k := range strings.Split(s, ",") {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if !slices.ContainsFunc(Kinds, func(x Kind) bool { return x.Name == k }) {
			names := make([]string, len(Kinds))
			for i, x := range Kinds {
				names[i] = x.Name
			}
			return nil, fmt.Errorf("unknown nemesis %q (known: %s)", k, strings.Join(names, ", "))
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	return kinds, nil
}

// Cluster is what faults act on.
type Cluster struct {
	World *engine.World
	Nodes []engine.Node // in node-id order
	IDs   []string
	// Restart brings a killed node back and sends it init.
	Restart func(id string)
}

// Nemesis runs the faults of one run.
type Nemesis struct {
	c        Cluster
	interval time.Duration
	faults   []*fault
}

type fault struct {
	kind   string
	rand   *rand.Rand
	active bool
	stop   func() // undoes the active fault
}

// New prepares the given fault kinds over a cluster.
func New(c Cluster, kinds []string, interval time.Duration, seed uint64) *Nemesis {
	n := &Nemesis{c: c, interval: interval}
	for _, k := range kinds {
		n.faults = append(n.faults, &fault{kind: k, rand: rng.Stream(seed, "nemesis/"+k)})
	}
	return n
}

// Start schedules every fault's flip-flop from now until until. The first
// partition starts at once, as in Maelstrom; other kinds after a random wait.
func (n *Nemesis) Start(until time.Duration) {
	w := n.c.World
	for _, f := range n.faults {
		first := w.Now()
		if f.kind != "partition" {
			first += n.wait(f)
		}
		w.At(first, func() { n.flip(f, until) })
	}
}

func (n *Nemesis) wait(f *fault) time.Duration {
	return time.Duration(f.rand.Int64N(int64(2*n.interval) + 1))
}

func (n *Nemesis) flip(f *fault, until time.Duration) {
	w := n.c.World
	if w.Now() >= until {
		return
	}
	if f.active {
		n.end(f)
	} else {
		n.begin(f)
	}
	w.After(n.wait(f), func() { n.flip(f, until) })
}

// Heal stops every active fault: partitions heal, killed nodes restart,
// paused nodes resume, clocks are set right.
func (n *Nemesis) Heal() {
	for _, f := range n.faults {
		if f.active {
			n.end(f)
		}
	}
}

func (n *Nemesis) end(f *fault) {
	f.stop()
	f.active, f.stop = false, nil
	n.c.World.Trace().Fault(n.c.World.Now(), "stop-"+f.kind, nil)
}

func (n *Nemesis) begin(f *fault) {
	var detail any
	switch f.kind {
	case "partition":
		detail, f.stop = n.partition(f.rand, true)
	case "one-way":
		detail, f.stop = n.partition(f.rand, false)
	case "kill":
		detail, f.stop = n.kill(f.rand)
	case "pause":
		detail, f.stop = n.pause(f.rand)
	case "clock-skew":
		detail, f.stop = n.skew(f.rand)
	}
	f.active = true
	b, _ := json.Marshal(detail)
	n.c.World.Trace().Fault(n.c.World.Now(), "start-"+f.kind, b)
}
