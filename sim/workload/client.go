package workload

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Crash is the f of Jepsen's client crash, which kafka's clients suffer
// (Spec.CrashInterval, and first thing in its final phase): the harness
// records it as info at once, without sending anything, so the thread's
// client is replaced by a fresh one: a new id, and a new Client.
const Crash = "crash"

// CrashInvocation is the operation that crashes a client.
var CrashInvocation = Invocation{F: Crash, Value: json.RawMessage("null")}

// Clients is implemented by workloads whose clients keep state from one
// operation to the next and may need several requests for one, as
// Maelstrom's kafka client does: it remembers the offsets it has read, and
// a poll is a poll request then a commit_offsets request. The harness then
// drives every operation through the thread's Client and runs the final
// phase through NextFinal. ClientsOf adapts Single workloads to it.
type Clients interface {
	// NewClient returns the workload's side of a new client of a thread:
	// at the start, and each time the thread's client is replaced.
	NewClient(thread int) Client
	// NextFinal returns a thread's next final-phase operation and how long
	// to wait before invoking it, or false once the thread is done. The
	// harness asks when the final phase starts and each time the thread's
	// previous final operation completes.
	NextFinal(r *rand.Rand, thread int) (inv Invocation, wait time.Duration, ok bool)
}

// Client runs one client's operations, one at a time: it is what
// Maelstrom's client record keeps, the harness having the connection. It
// sees only replies that are not errors: an error reply or a timeout ends
// the operation in the harness, as fail or info, whatever step it came at.
type Client interface {
	// Start begins an operation.
	Start(inv Invocation) (Step, error)
	// Next reads the reply to the operation's latest request. An error
	// means the reply broke the workload's schema.
	Next(inv Invocation, reply node.Message) (Step, error)
}

// Step is what a client does next: send Request (a body without msg_id),
// or, when Done, complete the operation as ok with Value.
type Step struct {
	Request []byte
	Done    bool
	Value   json.RawMessage
}

// ClientsOf returns w's Clients if it has them; for a Single workload,
// clients that run each operation as the one request Request makes and
// Complete reads, and each thread's final phase as the one operation Final
// names. Every workload is one or the other (registry_test.go checks).
func ClientsOf(w Workload) Clients {
	switch w := w.(type) {
	case Clients:
		return w
	case Single:
		return &oneRequest{w: w, finished: map[int]bool{}}
	}
	panic(fmt.Sprintf("workload %T is neither Single nor Clients", w))
}

// oneRequest adapts a Single workload. Its clients hold no state, so one
// value serves them all.
type oneRequest struct {
	w        Single
	finished map[int]bool // threads whose final operation was handed out
}

func (o *oneRequest) NewClient(int) Client { return o }

func (o *oneRequest) Start(inv Invocation) (Step, error) {
	body, err := o.w.Request(inv)
	return Step{Request: body}, err
}

func (o *oneRequest) Next(inv Invocation, reply node.Message) (Step, error) {
	value, err := o.w.Complete(inv, reply)
	return Step{Done: true, Value: value}, err
}

func (o *oneRequest) NextFinal(_ *rand.Rand, thread int) (Invocation, time.Duration, bool) {
	if o.finished[thread] {
		return Invocation{}, 0, false
	}
	o.finished[thread] = true
	inv, ok := o.w.Final(thread)
	return inv, 0, ok
}
