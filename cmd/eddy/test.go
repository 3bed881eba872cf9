package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/nemesis"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/store"
	"github.com/eddy-sim/eddy/sim/workload"
)

const version = sim.Version

// testFlags are `eddy test`'s flags: Maelstrom's names and defaults, the
// node-naming flags Maelstrom inherits from Jepsen, and Eddy's own.
type testFlags struct {
	fs *pflag.FlagSet

	workload, bin, program                      string
	nodeCount                                   int
	node                                        []string
	nodes, nodesFile                            string
	timeLimit, rate, nemesisInterval, recovery  float64
	concurrency, latencyDist, nemesis, topology string
	latency                                     int
	availability, consistencyModels             string
	keyCount, maxTxnLength, maxWritesPerKey     int
	logStderr                                   bool
	seed                                        uint64
	loss, duplicate                             float64
	store                                       string
}

func newTestFlags(stderr io.Writer) *testFlags {
	f := &testFlags{fs: pflag.NewFlagSet("eddy test", pflag.ContinueOnError)}
	fs := f.fs
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.StringVarP(&f.workload, "workload", "w", "lin-kv", "workload: "+strings.Join(workload.Names(), ", "))
	fs.StringVar(&f.bin, "bin", "", "program to run as each node (any language, Maelstrom's protocol)")
	fs.StringVar(&f.program, "program", "", "built-in node program to run in-process and deterministically (eddy node --list); default: the workload's reference node")
	fs.IntVar(&f.nodeCount, "node-count", 0, "run N nodes named n0…n(N-1); overrides --node/--nodes")
	fs.StringArrayVarP(&f.node, "node", "n", nil, "a node id (repeatable); default n1…n5")
	fs.StringVar(&f.nodes, "nodes", "", "comma-separated node ids")
	fs.StringVar(&f.nodesFile, "nodes-file", "", "file with one node id per line")
	fs.Float64Var(&f.timeLimit, "time-limit", 60, "seconds of main phase")
	fs.Float64Var(&f.rate, "rate", 5, "total client operations per second")
	fs.StringVar(&f.concurrency, "concurrency", "1n", "client threads: N, or Kn for K × node count")
	fs.IntVar(&f.latency, "latency", 0, "mean one-way latency of node and service links, in ms")
	fs.StringVar(&f.latencyDist, "latency-dist", "constant", "latency distribution: constant, uniform, exponential")
	fs.StringVar(&f.nemesis, "nemesis", "", "comma-separated faults: "+nemesisNames())
	fs.Float64Var(&f.nemesisInterval, "nemesis-interval", 10, "mean seconds between fault changes")
	fs.StringVar(&f.topology, "topology", "grid", "broadcast topology: grid, line, total, tree, tree2, tree3, tree4")
	fs.StringVar(&f.availability, "availability", "", "total, or a fraction 0–1 of operations that must succeed")
	fs.BoolVar(&f.logStderr, "log-stderr", false, "also print node stderr lines (process mode)")
	fs.IntVar(&f.keyCount, "key-count", 0, "active keys for txn and kafka workloads")
	fs.IntVar(&f.maxTxnLength, "max-txn-length", 4, "maximum micro-ops per transaction")
	fs.IntVar(&f.maxWritesPerKey, "max-writes-per-key", 16, "writes per key before it is retired")
	fs.StringVar(&f.consistencyModels, "consistency-models", "strict-serializable", "consistency models to check (txn workloads), comma-separated: Eddy takes a,b and a , b alike, where Maelstrom splits only on \" , \" (a,b there is one unknown model)")
	fs.Uint64Var(&f.seed, "seed", 0, "seed for every random choice (default: a fresh one, printed)")
	fs.Float64Var(&f.loss, "loss", 0, "probability a node-to-node message is lost")
	fs.Float64Var(&f.duplicate, "duplicate", 0, "probability a node-to-node message arrives twice")
	fs.StringVar(&f.store, "store", "store", "directory for run results")
	fs.Float64Var(&f.recovery, "recovery", 10, "seconds to wait after healing before final reads")
	// Accepted for compatibility with Maelstrom and Jepsen command lines; they
	// change nothing here.
	for _, name := range []string{"leave-db-running", "logging-json", "no-ssh", "strict-host-key-checking", "log-net-send", "log-net-recv"} {
		fs.Bool(name, false, "accepted for Maelstrom compatibility; no effect")
		fs.MarkHidden(name)
	}
	for _, name := range []string{"username", "password", "ssh-private-key", "test-count"} {
		fs.String(name, "", "accepted for Maelstrom compatibility; no effect")
		fs.MarkHidden(name)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: eddy test [flags] [args passed to --bin]\n\nFlags:\n%s\nFaults (--nemesis):\n", fs.FlagUsages())
		for _, k := range nemesis.Kinds {
			fmt.Fprintf(stderr, "  %-11s %s\n", k.Name, k.Description)
		}
		fmt.Fprintln(stderr, "\nExit status: 0 valid, 1 invalid, 2 unknown, 254 bad arguments, 255 a node crashed or the run aborted.")
	}
	return f
}

func nemesisNames() string {
	names := make([]string, len(nemesis.Kinds))
	for i, k := range nemesis.Kinds {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}

// options turns parsed flags into run options, or says which flag is wrong.
func (f *testFlags) options() (sim.Options, error) {
	o := sim.Options{
		Workload: f.workload, Bin: f.bin, Args: f.fs.Args(),
		TimeLimit: seconds(f.timeLimit), Rate: f.rate,
		Latency: time.Duration(f.latency) * time.Millisecond, LatencyDist: network.Dist(f.latencyDist),
		Loss: f.loss, Duplicate: f.duplicate,
		NemesisInterval: seconds(f.nemesisInterval), Recovery: seconds(f.recovery),
		Topology: f.topology, Availability: f.availability,
		KeyCount: f.keyCount, MaxTxnLength: f.maxTxnLength, MaxWritesPerKey: f.maxWritesPerKey,
		ConsistencyModels: splitModels(f.consistencyModels),
		Seed:              f.seed,
	}
	if f.rate == 0 {
		o.Rate = -1 // Maelstrom's --rate 0: no operations in the main phase
	}
	for name, v := range map[string]float64{"time-limit": f.timeLimit, "nemesis-interval": f.nemesisInterval, "recovery": f.recovery} {
		if v < 0 {
			return o, fmt.Errorf("--%s %v: must not be negative", name, v)
		}
	}
	if f.latency < 0 {
		return o, fmt.Errorf("--latency %d: must not be negative", f.latency)
	}
	if !f.fs.Changed("seed") {
		o.Seed = rand.Uint64() >> 1 // the edge picks a fresh seed and prints it
	}
	var err error
	if o.Nodes, err = f.nodeIDs(); err != nil {
		return o, err
	}
	if o.Concurrency, err = sim.ParseConcurrency(f.concurrency, len(o.Nodes)); err != nil {
		return o, fmt.Errorf("--concurrency: %w", err)
	}
	if o.Nemesis, err = nemesis.Parse(f.nemesis); err != nil {
		return o, fmt.Errorf("--nemesis: %w", err)
	}
	if len(f.fs.Args()) > 0 && f.bin == "" {
		return o, fmt.Errorf("unexpected argument %q (extra words are passed to --bin, and there is no --bin)", f.fs.Args()[0])
	}
	if f.bin != "" && f.program != "" {
		return o, errors.New("give --bin or --program, not both")
	}
	if _, err := workload.Lookup(f.workload); err != nil {
		return o, err
	}
	if f.bin == "" {
		e, err := f.programEntry()
		if err != nil {
			return o, err
		}
		o.Node, o.ProgramName = e.Program, e.Name
		if !f.fs.Changed("consistency-models") && len(e.Models) > 0 {
			o.ConsistencyModels = e.Models // what the program promises
		}
	}
	if err := sim.Validate(o); err != nil {
		return o, err
	}
	return o, nil
}

func (f *testFlags) programEntry() (catalog.Entry, error) {
	if f.program != "" {
		return catalog.Lookup(f.program)
	}
	return catalog.Reference(f.workload)
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// splitModels splits --consistency-models on commas, with or without
// spaces. Maelstrom splits only on " , ", so "a,b" there is one unknown
// model; here it is two.
func splitModels(s string) []string {
	var out []string
	for _, m := range strings.Split(s, ",") {
		if m = strings.TrimSpace(m); m != "" {
			out = append(out, m)
		}
	}
	return out
}

// nodeIDs resolves node names as Maelstrom does: --node-count wins, then
// --node, --nodes and --nodes-file together, else n1…n5.
func (f *testFlags) nodeIDs() ([]string, error) {
	if f.fs.Changed("node-count") {
		if f.nodeCount <= 0 {
			return nil, fmt.Errorf("--node-count %d: want at least 1", f.nodeCount)
		}
		return sim.NodeIDs(f.nodeCount), nil
	}
	ids := append([]string(nil), f.node...)
	ids = append(ids, splitModels(f.nodes)...)
	if f.nodesFile != "" {
		file, err := os.Open(f.nodesFile)
		if err != nil {
			return nil, fmt.Errorf("--nodes-file: %w", err)
		}
		defer file.Close()
		sc := bufio.NewScanner(file)
		for sc.Scan() {
			if id := strings.TrimSpace(sc.Text()); id != "" {
				ids = append(ids, id)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("--nodes-file %s: %w", f.nodesFile, err)
		}
	}
	return ids, nil // empty means Maelstrom's default, filled in by sim
}

func cmdTest(args []string, stdout, stderr io.Writer) int {
	f := newTestFlags(stderr)
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitValid
		}
		fmt.Fprintf(stderr, "eddy test: %v\n(eddy test --help lists the flags)\n", err)
		return exitUsage
	}
	o, err := f.options()
	if err != nil {
		fmt.Fprintf(stderr, "eddy test: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := store.Create(f.store, o.Workload, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "eddy test: %v\n", err)
		return exitCrash
	}
	o.Trace, o.History, o.NodeLog = dir.Trace(), dir.History(), dir.NodeLog
	if f.logStderr {
		o.NodeLog = teeLog(dir.NodeLog, stderr)
	}
	fmt.Fprintf(stderr, "eddy %s · %s · seed %d · %s\n", version, o.Workload, o.Seed, runner(o))
	o.Progress = progressPrinter(stderr)
	res, err := sim.Run(ctx, o)
	if err != nil {
		dir.Close()
		os.RemoveAll(dir.Dir)
		fmt.Fprintf(stderr, "eddy test: %v\n", err)
		return exitUsage
	}
	werr := writeRun(dir, res)
	printSummary(stdout, res, replayCommand(args, o.Seed), dir.Dir)
	if werr != nil {
		fmt.Fprintf(stderr, "eddy test: writing results: %v\n", werr)
		return exitCrash
	}
	return exitCode(res)
}

// writeRun writes a finished run's results and its checkers' files, and
// closes its directory. It returns the first error.
func writeRun(dir *store.Run, res *sim.Result) error {
	werr := dir.WriteResults(res)
	for _, name := range slices.Sorted(maps.Keys(res.Files)) {
		if err := dir.WriteFile(name, res.Files[name]); err != nil && werr == nil {
			werr = err
		}
	}
	if cerr := dir.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

func runner(o sim.Options) string {
	if o.Bin != "" {
		return "process mode: " + strings.Join(append([]string{o.Bin}, o.Args...), " ")
	}
	return "in-process: " + o.ProgramName
}

func exitCode(res *sim.Result) int {
	switch {
	case res.Aborted != "" || res.Crashed:
		return exitCrash
	case res.Valid == checker.Valid:
		return exitValid
	case res.Valid == checker.Invalid:
		return exitInvalid
	}
	return exitUnknown
}

// replayCommand is the command line that reruns this run exactly.
func replayCommand(args []string, seed uint64) string {
	out := []string{"eddy", "test"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--seed" {
			i++
			continue
		}
		if strings.HasPrefix(a, "--seed=") {
			continue
		}
		out = append(out, shellQuote(a))
	}
	return strings.Join(append(out, "--seed", fmt.Sprint(seed)), " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r == '/' || r == ',' || r == '=' || r == ':' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func teeLog(log func(string) io.Writer, stderr io.Writer) func(string) io.Writer {
	return func(id string) io.Writer {
		return io.MultiWriter(log(id), &prefixWriter{prefix: id + " | ", w: stderr})
	}
}

type prefixWriter struct {
	prefix string
	w      io.Writer
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	_, err := fmt.Fprintf(p.w, "%s%s", p.prefix, b)
	return len(b), err
}
