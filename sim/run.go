package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/nemesis"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/rng"
	"github.com/eddy-sim/eddy/sim/service"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/sim/workload"
)

// Version is Eddy's version, recorded in every trace.
const Version = "0.1.0"

// initTimeout is how long a node has to answer init, as in Maelstrom.
const initTimeout = 10 * time.Second

// A backend runs the cluster's nodes and drives the world's clock.
type backend interface {
	mode() string
	start(r *run) ([]engine.Node, error)
	// drive runs the world until done() or ctx ends.
	drive(ctx context.Context, w *engine.World, done func() bool) error
	// stop ends every node and reports what went wrong with them.
	stop() []engine.Problem
}

// run is the state of one test run. Everything in it is touched only from
// the world's event loop.
type run struct {
	o        Options
	spec     workload.Spec
	wl       workload.Workload
	wclients workload.Clients // wl's, or an adapter for one request per op
	w        *engine.World
	nodes    []engine.Node
	nem      *nemesis.Nemesis
	rand     *rand.Rand // the workload's stream: op choice, stagger, thread choice

	hist     history.History
	histOut  io.Writer
	threads  []*thread
	clients  int // client ids handed out
	phase    string
	mainEnd  time.Duration
	inflight int
	waiting  bool // a staggered op is due but every thread is busy
	crashDue bool // a client crash is due: the next op dispatched is one
	finals   int  // threads still in the final phase
	finalEnd time.Duration
	done     bool
	aborted  string

	problems []engine.Problem
	crashed  bool
	opBuf    []byte // reused to encode each operation

	back      backend
	wallStart time.Time
}

// Run runs a test and returns its result. The error is for options that
// cannot run; everything that goes wrong while running (a node that never
// answers init, crashes, prints garbage) is in the Result, which is complete
// as far as the run got, even when ctx is cancelled.
func Run(ctx context.Context, o Options) (*Result, error) {
	r, err := start(o)
	if err != nil {
		return nil, err
	}
	return r.finish(r.back.drive(ctx, r.w, func() bool { return r.done }))
}

// start prepares a run and starts it: nodes up, init sent. The caller then
// drives the world until r.done and calls finish.
func start(o Options) (*run, error) {
	o.defaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	var back backend = inProcess{}
	if o.Bin != "" {
		back = newProcessBackend()
	}
	spec, _ := workload.Lookup(o.Workload)
	wl, err := spec.New(o.workloadOptions())
	if err != nil {
		return nil, fmt.Errorf("workload %s: %w", o.Workload, err)
	}
	optsJSON, _ := json.Marshal(traceOptions(o))
	trOut := o.Trace
	if trOut == nil {
		trOut = io.Discard
	}
	tr := trace.NewWriter(trOut, trace.Header{Eddy: Version, Seed: o.Seed, Mode: back.mode(), Options: optsJSON})
	netCfg := network.Config{Latency: o.Latency, Dist: o.LatencyDist, Loss: o.Loss, Duplicate: o.Duplicate}
	r := &run{
		o: o, spec: spec, wl: wl, wclients: workload.ClientsOf(wl), back: back,
		w:         engine.NewWorld(network.New(netCfg, o.Nodes, rng.Stream(o.Seed, "network")), tr),
		rand:      rng.Stream(o.Seed, "workload"),
		histOut:   o.History,
		phase:     "init",
		wallStart: time.Now(),
	}
	r.w.OnUnknownDest = func(src, dest string) {
		r.problem(src, "unknown-dest", fmt.Sprintf("sent a message to %q, which is not a node, client or service of this run", dest))
	}
	if err := service.Register(r.w, service.Names(), o.Seed, func(src, text string) {
		r.problem(src, "service", text)
	}); err != nil {
		return nil, err
	}
	if r.nodes, err = back.start(r); err != nil {
		back.stop()
		return nil, err
	}
	r.nem = nemesis.New(nemesis.Cluster{World: r.w, Nodes: r.nodes, IDs: o.Nodes, Restart: r.restart}, o.Nemesis, o.NemesisInterval, o.Seed)
	r.startInit()
	return r, nil
}

// finish stops the nodes and checks the history. driveErr is why driving
// stopped early, if it did.
func (r *run) finish(driveErr error) (*Result, error) {
	if driveErr != nil && r.aborted == "" {
		r.aborted = driveErr.Error()
	}
	for _, p := range r.back.stop() {
		r.problems = append(r.problems, p)
		r.crashed = r.crashed || p.Kind == "crash"
	}
	return r.result()
}

// traceOptions is what the trace header records: every option that shapes
// the run, and nothing (like output writers) that does not.
func traceOptions(o Options) map[string]any {
	m := map[string]any{
		"workload": o.Workload, "nodes": o.Nodes, "time-limit": o.TimeLimit.Seconds(),
		"rate": o.Rate, "concurrency": o.Concurrency, "latency": o.Latency.Milliseconds(),
		"latency-dist": o.LatencyDist, "loss": o.Loss, "duplicate": o.Duplicate,
		"nemesis": o.Nemesis, "nemesis-interval": o.NemesisInterval.Seconds(),
		"recovery": o.Recovery.Seconds(), "topology": o.Topology, "availability": o.Availability,
		"key-count": o.KeyCount, "max-txn-length": o.MaxTxnLength,
		"max-writes-per-key": o.MaxWritesPerKey, "consistency-models": o.ConsistencyModels,
	}
	if o.Bin != "" {
		m["bin"], m["args"] = o.Bin, o.Args
	} else {
		m["program"] = o.ProgramName
	}
	return m
}

func (r *run) problem(node, kind, text string) {
	r.problems = append(r.problems, engine.Problem{Time: r.w.Now(), Node: node, Kind: kind, Text: text})
}

// abort ends the run early; the result says why.
func (r *run) abort(why string) {
	if r.aborted == "" {
		r.aborted = why
	}
	r.done = true
}

// nodeCrashed is how backends report a node that died on its own.
func (r *run) nodeCrashed(id, why string) {
	r.crashed = true
	r.problem(id, "crash", why)
	if r.phase == "init" {
		// Waiting out the init timeout would only delay the same verdict.
		r.abort(fmt.Sprintf("node %s crashed before answering init", id))
	}
}

func (r *run) progress() {
	if r.o.Progress == nil || r.done {
		return
	}
	r.o.Progress(Progress{Phase: r.phase, Time: r.w.Now(), Limit: r.mainEnd, Ops: len(r.hist) / 2,
		Events: r.w.Events(), Problem: len(r.problems)})
	r.w.After(time.Second, r.progress)
}
