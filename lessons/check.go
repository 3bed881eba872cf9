package lessons

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
)

// Group is a kind of check. A lesson's checks are graded and printed in
// group order.
type Group int

// The groups, in order.
const (
	Reliable   Group = iota // a reliable network: does the protocol work at all?
	Faults                  // partitions, loss, duplicates, crashes
	Efficiency              // message and latency targets
)

func (g Group) String() string {
	switch g {
	case Reliable:
		return "reliable network"
	case Faults:
		return "faults"
	}
	return "efficiency"
}

// CheckSpec is one graded check: a run, and what must hold after it. A check
// passes when, on every one of its seeds, the run is valid and meets every
// target.
type CheckSpec struct {
	Name    string // a short slug, stable: progress and hints.md refer to it
	Says    string // one sentence: what passing shows
	Group   Group
	Program int // index into Lesson.Programs: which program runs
	// Options is the run without its node and seed. Only the fields that
	// Flags can write may be set; a test holds every check to that.
	Options sim.Options
	Seeds   []uint64 // tried in order; the first that fails is reported
	Targets []Target
}

// Target is an efficiency goal: a figure of the run must stay below a bound.
type Target struct {
	Metric Metric
	Below  float64
}

// Metric is a figure of a run that a target bounds.
type Metric int

// The metrics. Latencies are Jepsen's stable latencies, in milliseconds of
// virtual time: the same on every machine.
const (
	MsgsPerOp     Metric = iota // node-to-node messages per client operation (Maelstrom's servers msgs-per-op)
	MedianLatency               // median stable latency: how long until every read shows a value
	MaxLatency                  // worst stable latency
)

func (m Metric) String() string {
	switch m {
	case MsgsPerOp:
		return "msgs/op"
	case MedianLatency:
		return "median latency"
	}
	return "max latency"
}

// measure reads the metric off a result.
func (m Metric) measure(res *sim.Result) (float64, bool) {
	if m == MsgsPerOp {
		if res.Net.Servers.MsgsPerOp == nil {
			return 0, false
		}
		return *res.Net.Servers.MsgsPerOp, true
	}
	sf, ok := res.Workload.(checker.SetFullResult)
	if !ok || sf.StableLatencies == nil {
		return 0, false
	}
	key := "0.5"
	if m == MaxLatency {
		key = "1"
	}
	return float64(sf.StableLatencies[key]), true
}

// format writes a value of the metric: "11.5 msgs/op", "295 ms".
func (m Metric) format(v float64) string {
	if m == MsgsPerOp {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

// bound writes a target's bound: "30", "400 ms".
func (m Metric) bound(v float64) string {
	if m == MsgsPerOp {
		return fmt.Sprintf("%g", v)
	}
	return m.format(v)
}

func (t Target) String() string { return fmt.Sprintf("%s < %s", t.Metric, t.Metric.bound(t.Below)) }

// seeds returns the check's seeds, or just seed when one is forced.
func (c CheckSpec) seeds(force uint64) []uint64 {
	if force != 0 {
		return []uint64{force}
	}
	if len(c.Seeds) == 0 {
		return []uint64{1}
	}
	return c.Seeds
}

// testName is the check's subtest name: "02-five-nodes".
func (c CheckSpec) testName(i int) string { return fmt.Sprintf("%02d-%s", i+1, c.Name) }

// Flags writes a run's options as `eddy test` flags (without the node and
// the seed), in the order a person would: the workload, the cluster, the
// load, then faults.
func Flags(o sim.Options) []string {
	out := []string{"-w", o.Workload}
	add := func(name, value string) { out = append(out, "--"+name, value) }
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	secs := func(d time.Duration) string { return num(d.Seconds()) }
	if len(o.Nodes) > 0 {
		add("node-count", strconv.Itoa(len(o.Nodes)))
	}
	if o.TimeLimit != 0 {
		add("time-limit", secs(o.TimeLimit))
	}
	if o.Rate != 0 {
		add("rate", num(max(o.Rate, 0)))
	}
	if o.Concurrency != 0 {
		add("concurrency", strconv.Itoa(o.Concurrency))
	}
	if o.Latency != 0 {
		add("latency", strconv.FormatInt(o.Latency.Milliseconds(), 10))
	}
	if o.LatencyDist != "" {
		add("latency-dist", string(o.LatencyDist))
	}
	if o.Topology != "" {
		add("topology", o.Topology)
	}
	if o.Availability != "" {
		add("availability", o.Availability)
	}
	if len(o.Nemesis) > 0 {
		add("nemesis", strings.Join(o.Nemesis, ","))
	}
	if o.NemesisInterval != 0 {
		add("nemesis-interval", secs(o.NemesisInterval))
	}
	if o.Loss != 0 {
		add("loss", num(o.Loss))
	}
	if o.Duplicate != 0 {
		add("duplicate", num(o.Duplicate))
	}
	if o.Recovery != 0 {
		add("recovery", secs(o.Recovery))
	}
	return out
}

// eddyOnly are the flags `maelstrom test` lacks, and why.
var eddyOnly = map[string]string{
	"loss":      "Maelstrom's network never loses messages",
	"duplicate": "Maelstrom's network never duplicates messages",
	"recovery":  "Maelstrom always waits 10 s",
}

// MaelstromCommand is the closest `maelstrom test` command to a run of bin,
// and, when it is not the same test, what differs: Maelstrom has only the
// partition nemesis, no loss and no duplicates.
func MaelstromCommand(o sim.Options, bin string) (cmd string, differs []string) {
	flags := Flags(o)
	words := []string{"maelstrom", "test"}
	nemesis := false
	for i := 0; i < len(flags); i += 2 {
		name, value := strings.TrimPrefix(flags[i], "--"), flags[i+1]
		if name == "nemesis-interval" && !nemesis {
			continue // the faults it paced are all left out
		}
		if why, ok := eddyOnly[name]; ok {
			differs = append(differs, fmt.Sprintf("--%s %s left out: %s", name, value, why))
			continue
		}
		if name == "nemesis" {
			var kept []string
			for _, k := range strings.Split(value, ",") {
				if k == "partition" {
					kept = append(kept, k)
				} else {
					differs = append(differs, fmt.Sprintf("--nemesis %s left out: Maelstrom's only nemesis is partition", k))
				}
			}
			if len(kept) == 0 {
				continue
			}
			nemesis, value = true, strings.Join(kept, ",")
		}
		words = append(words, flags[i], value)
	}
	words = append(words, "--bin", bin)
	return strings.Join(words, " "), differs
}
