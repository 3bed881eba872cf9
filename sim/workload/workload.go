package workload

import (
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

// Options are the run's settings a workload may use.
type Options struct {
	Nodes             []string
	Concurrency       int
	Latency           time.Duration
	Topology          string
	KeyCount          int
	MaxTxnLength      int
	MaxWritesPerKey   int
	ConsistencyModels []string
}

// Invocation is an operation about to be invoked: its function and value.
type Invocation struct {
	F     string
	Value json.RawMessage
}

// Workload is one run's workload instance. It may keep state (the next
// unique value to broadcast, say); the harness calls it from one thread.
//
// A workload also says how its operations go over the wire: most are
// Single (one request, one reply per operation); those whose clients keep
// state across operations implement Clients (see client.go).
type Workload interface {
	// Generate returns the next main-phase operation for a client thread.
	Generate(r *rand.Rand, thread int) Invocation
	// Check judges the finished history.
	Check(h history.History) checker.Result
}

// Single is a workload whose every operation is one request and its reply.
type Single interface {
	Workload
	// Request encodes an invocation as a request body (without msg_id).
	Request(inv Invocation) ([]byte, error)
	// Complete reads a non-error reply into the completed operation's value.
	// An error means the reply broke the workload's schema.
	Complete(inv Invocation, reply node.Message) (json.RawMessage, error)
	// Final returns a thread's final-phase operation, if the workload has a
	// final phase.
	Final(thread int) (Invocation, bool)
}

// Setup is implemented by workloads that send every node one message after
// init and before any operation, as broadcast sends the topology.
type Setup interface {
	Setup(node string) []byte
}

// ProcessTracker is implemented by workloads whose generator depends on the
// Jepsen process each thread runs as, as lin-kv retires a key once 20
// processes have worked on it. A thread starts as process thread; the
// harness calls SetProcess each time that changes (after an info).
type ProcessTracker interface {
	SetProcess(thread, process int)
}

// Spec describes a workload: how to build it and how its clients behave.
type Spec struct {
	Name        string
	Description string
	New         func(Options) (Workload, error)
	// Idempotent fs record an indefinite outcome as fail, not info: running
	// them twice is harmless, so an unknown outcome may as well not have
	// happened.
	Idempotent map[string]bool
	// Reusable clients survive an info; others are closed and replaced by a
	// client with a new id, as in Maelstrom.
	Reusable bool
	// ErrorsIndefinite workloads record every error reply as info, even a
	// definite one, as Maelstrom does for g-set and the counters.
	ErrorsIndefinite bool
	// HasFinal workloads heal the network, wait for recovery and run one
	// final operation per client thread after the main phase.
	HasFinal bool
	// FinalLimit, if set, bounds the final phase: no final operation
	// starts later than this after the phase began.
	FinalLimit time.Duration
	// CrashInterval, if set, is the mean gap between client crashes in the
	// main phase, as in Jepsen's crash-clients: when one comes due, the
	// next operation dispatched is a Crash.
	CrashInterval func(Options) time.Duration
	// Timeout is the client timeout; nil means Maelstrom's default of 5 s.
	Timeout func(Options) time.Duration
	// Validate, if set, rejects options the workload cannot run with, in
	// words naming the flag (lin-kv needs --concurrency a multiple of 2n).
	Validate func(Options) error
}

// ClientTimeout is the spec's client timeout for these options.
func (s Spec) ClientTimeout(o Options) time.Duration {
	if s.Timeout == nil {
		return 5 * time.Second
	}
	return s.Timeout(o)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called on values built here
	}
	return b
}
