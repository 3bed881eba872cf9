package sim

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/workload"
)

// Options configure a run. The zero value of a field means Maelstrom's
// default, filled in by Run.
type Options struct {
	Workload string // default lin-kv, as Maelstrom

	// What runs as each node: exactly one of these.
	Node        node.Program // a Go program, run in this process
	ProgramName string       // its name, for traces and replay commands
	Bin         string       // an executable speaking Maelstrom's protocol
	Args        []string     // arguments for Bin

	Nodes       []string      // node ids; default n1…n5
	TimeLimit   time.Duration // main phase; default 60 s
	Rate        float64       // total client ops per second; default 5; negative for none
	Concurrency int           // client threads; default len(Nodes)

	Latency     time.Duration // mean one-way latency of node and service links
	LatencyDist network.Dist  // default constant
	Loss        float64
	Duplicate   float64

	Nemesis         []string
	NemesisInterval time.Duration // mean seconds between fault changes; default 10 s
	Recovery        time.Duration // wait after healing before final ops; default 10 s

	Availability      string // "", "total" or a fraction
	Topology          string
	KeyCount          int
	MaxTxnLength      int
	MaxWritesPerKey   int
	ConsistencyModels []string

	Seed uint64

	// Outputs; nil means discard.
	Trace    io.Writer                 // trace.jsonl
	History  io.Writer                 // history.jsonl
	NodeLog  func(id string) io.Writer // node-logs/<id>.log
	Progress func(Progress)            // called about once per simulated second
}

// Progress is a snapshot of a run in progress.
type Progress struct {
	Phase   string        // init, main, drain, recovery, final
	Time    time.Duration // since the start of the run
	Limit   time.Duration // end of the main phase
	Ops     int           // completed operations
	Events  int64
	Problem int // problems so far
}

// NodeIDs returns n0 … n(count-1), Maelstrom's names under --node-count.
func NodeIDs(count int) []string {
	ids := make([]string, count)
	for i := range ids {
		ids[i] = "n" + strconv.Itoa(i)
	}
	return ids
}

// ParseConcurrency reads --concurrency: an integer, or Kn for K × nodes.
func ParseConcurrency(s string, nodes int) (int, error) {
	s = strings.TrimSpace(s)
	mult := 1
	if strings.HasSuffix(s, "n") {
		s, mult = strings.TrimSuffix(s, "n"), nodes
		if s == "" {
			s = "1"
		}
	}
	k, err := strconv.Atoi(s)
	if err != nil || k <= 0 {
		return 0, fmt.Errorf("concurrency %q: want a positive integer or Kn (K times the node count)", s)
	}
	return k * mult, nil
}

func (o *Options) defaults() {
	if o.Workload == "" {
		o.Workload = "lin-kv"
	}
	if len(o.Nodes) == 0 {
		o.Nodes = []string{"n1", "n2", "n3", "n4", "n5"}
	}
	if o.TimeLimit == 0 {
		o.TimeLimit = 60 * time.Second
	}
	if o.Rate == 0 {
		o.Rate = 5
	}
	if o.Concurrency == 0 {
		o.Concurrency = len(o.Nodes)
	}
	if o.LatencyDist == "" {
		o.LatencyDist = network.Constant
	}
	if o.NemesisInterval == 0 {
		o.NemesisInterval = 10 * time.Second
	}
	if o.Recovery == 0 {
		o.Recovery = 10 * time.Second
	}
	if o.MaxTxnLength == 0 {
		o.MaxTxnLength = 4
	}
	if o.MaxWritesPerKey == 0 {
		o.MaxWritesPerKey = 16
	}
	if o.Topology == "" {
		o.Topology = "grid"
	}
	if len(o.ConsistencyModels) == 0 {
		o.ConsistencyModels = []string{"strict-serializable"}
	}
}

// Validate reports the first option that cannot run, as Run would, without
// running anything: the CLI checks flags before it creates a run directory.
func Validate(o Options) error {
	o.defaults()
	return o.validate()
}

// validate reports the first option that cannot run, naming it as the CLI
// flag a user would have typed.
func (o *Options) validate() error {
	if (o.Node == nil) == (o.Bin == "") {
		return fmt.Errorf("give exactly one of --bin (a program to run) or --program (a built-in node)")
	}
	seen := map[string]bool{}
	for _, id := range o.Nodes {
		switch {
		case id == "":
			return fmt.Errorf("--node: empty node id")
		case id[0] == 'c':
			return fmt.Errorf("--node %s: ids starting with c are reserved for clients", id)
		case seen[id]:
			return fmt.Errorf("--node %s: listed twice", id)
		}
		seen[id] = true
	}
	if o.TimeLimit < 0 {
		return fmt.Errorf("--time-limit %v is negative", o.TimeLimit)
	}
	if math.IsNaN(o.Rate) || math.IsInf(o.Rate, 0) {
		return fmt.Errorf("--rate %v is not a number of operations per second", o.Rate)
	}
	if o.Concurrency < 0 {
		return fmt.Errorf("--concurrency %d is negative", o.Concurrency)
	}
	if o.NemesisInterval < 0 || o.Recovery < 0 {
		return fmt.Errorf("--nemesis-interval and --recovery must not be negative")
	}
	if err := (network.Config{Latency: o.Latency, Dist: o.LatencyDist, Loss: o.Loss, Duplicate: o.Duplicate}).Validate(); err != nil {
		return fmt.Errorf("network: %w", err)
	}
	if _, err := checker.ParseAvailability(o.Availability); err != nil {
		return fmt.Errorf("--availability: %w", err)
	}
	spec, err := workload.Lookup(o.Workload)
	if err != nil {
		return err
	}
	if spec.Validate != nil {
		return spec.Validate(o.workloadOptions())
	}
	return nil
}

func (o *Options) workloadOptions() workload.Options {
	return workload.Options{
		Nodes: o.Nodes, Concurrency: o.Concurrency, Latency: o.Latency, Topology: o.Topology,
		KeyCount: o.KeyCount, MaxTxnLength: o.MaxTxnLength, MaxWritesPerKey: o.MaxWritesPerKey,
		ConsistencyModels: o.ConsistencyModels,
	}
}
