package workload

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/linear"
	"github.com/eddy-sim/eddy/sim/history"
)

var linKVSpec = Spec{
	Name:        "lin-kv",
	Description: "clients read, write and compare-and-set integer keys; each key must be linearizable",
	New:         newLinKV,
	Idempotent:  map[string]bool{"read": true},
	Reusable:    true,
	Timeout:     func(o Options) time.Duration { return max(10*o.Latency, time.Second) },
	Validate:    validateLinKV,
}

// keyProcessLimit is how many processes may work on one key before its
// group moves on (Jepsen's process-limit in linearizable-register): keys
// change as operations crash, which keeps each key's history, and the
// search for its linearization, small.
const keyProcessLimit = 20

func validateLinKV(o Options) error {
	n := len(o.Nodes)
	if o.Concurrency <= 0 || o.Concurrency%(2*n) != 0 {
		return fmt.Errorf("lin-kv needs --concurrency to be a positive multiple of 2 × node-count (%d with %d nodes), "+
			"e.g. --concurrency 2n; got %d", 2*n, n, o.Concurrency)
	}
	if 2*n > keyProcessLimit {
		return fmt.Errorf("lin-kv runs at most %d nodes (got %d): each key is worked on by 2 × node-count processes, "+
			"and Jepsen allows %d per key (Maelstrom would look for a usable key forever)", keyProcessLimit/2, n, keyProcessLimit)
	}
	return nil
}

// linKV is Jepsen's linearizable-register test under independent's
// concurrent generator, as Maelstrom runs it. Threads are split, in order,
// into groups of 2 × node-count, each working on one key at a time: keys
// 0, 1, 2, … in the order groups ask for them. In a group the first
// node-count threads read and the others write or compare-and-set, 1:2, so
// every node gets both kinds. A group moves to the next key once the
// processes its threads have run as since the key began number more than
// 20 (counted, as by Jepsen's process-limit, whenever the group asks for
// an operation): as operations crash, since a thread's process changes
// after an info.
type linKV struct {
	nodes   int
	groups  []keyGroup
	process []int // by thread: the Jepsen process it runs as now
	nextKey int
}

// keyGroup is one group of threads and the key it works on.
type keyGroup struct {
	key   int
	procs map[int]bool // every process the group's threads ran as since key began
}

func newLinKV(o Options) (Workload, error) {
	if err := validateLinKV(o); err != nil {
		return nil, err
	}
	size := 2 * len(o.Nodes)
	w := &linKV{nodes: len(o.Nodes), process: make([]int, o.Concurrency)}
	for t := range w.process {
		w.process[t] = t
	}
	for g := range o.Concurrency / size {
		w.groups = append(w.groups, keyGroup{key: g})
	}
	w.nextKey = len(w.groups)
	for g := range w.groups {
		w.groups[g].procs = w.processes(g, map[int]bool{})
	}
	return w, nil
}

// SetProcess implements ProcessTracker.
func (w *linKV) SetProcess(thread, process int) { w.process[thread] = process }

// processes adds the processes group g's threads run as now to procs.
func (w *linKV) processes(g int, procs map[int]bool) map[int]bool {
	size := 2 * w.nodes
	for t := g * size; t < (g+1)*size; t++ {
		procs[w.process[t]] = true
	}
	return procs
}

// Generate: an operation on the key of the thread's group, moved on first
// if the group's processes passed the limit.
func (w *linKV) Generate(r *rand.Rand, thread int) Invocation {
	gi := thread / (2 * w.nodes)
	g := &w.groups[gi]
	if len(w.processes(gi, g.procs)) > keyProcessLimit {
		g.key, w.nextKey = w.nextKey, w.nextKey+1
		g.procs = w.processes(gi, map[int]bool{})
	}
	switch {
	case thread%(2*w.nodes) < w.nodes:
		return Invocation{F: "read", Value: mustJSON([]any{g.key, nil})}
	case r.IntN(3) == 0:
		return Invocation{F: "write", Value: mustJSON([]any{g.key, r.IntN(5)})}
	default:
		return Invocation{F: "cas", Value: mustJSON([]any{g.key, []int{r.IntN(5), r.IntN(5)}})}
	}
}

// kvRequest is a request body: read {key}, write {key, value}, cas {key,
// from, to}.
type kvRequest struct {
	Type  string          `json:"type"`
	Key   json.RawMessage `json:"key"`
	Value json.RawMessage `json:"value,omitempty"`
	From  json.RawMessage `json:"from,omitempty"`
	To    json.RawMessage `json:"to,omitempty"`
}

func (w *linKV) Request(inv Invocation) ([]byte, error) {
	var kv [2]json.RawMessage
	if err := json.Unmarshal(inv.Value, &kv); err != nil {
		return nil, fmt.Errorf("lin-kv %s: value %s is not [key, value]: %w", inv.F, inv.Value, err)
	}
	req := kvRequest{Type: inv.F, Key: kv[0]}
	switch inv.F {
	case "read":
	case "write":
		req.Value = kv[1]
	case "cas":
		var ft [2]json.RawMessage
		if err := json.Unmarshal(kv[1], &ft); err != nil {
			return nil, fmt.Errorf("lin-kv cas: %s is not [from, to]: %w", kv[1], err)
		}
		req.From, req.To = ft[0], ft[1]
	default:
		return nil, fmt.Errorf("lin-kv has no operation %q", inv.F)
	}
	return wire.Marshal(req)
}

// Complete records a read as [key, value read]; writes and CASes keep the
// invocation's value.
func (w *linKV) Complete(inv Invocation, reply node.Message) (json.RawMessage, error) {
	if inv.F != "read" {
		_, err := replyFields(reply, inv.F+"_ok")
		return inv.Value, err
	}
	f, err := replyFields(reply, "read_ok", "value")
	if err != nil {
		return nil, err
	}
	var kv [2]json.RawMessage
	if err := json.Unmarshal(inv.Value, &kv); err != nil {
		return nil, fmt.Errorf("lin-kv read: value %s is not [key, null]: %w", inv.Value, err)
	}
	return mustJSON([]json.RawMessage{kv[0], f[0]}), nil
}

func (w *linKV) Final(int) (Invocation, bool) { return Invocation{}, false }

func (w *linKV) Check(h history.History) checker.Result { return linear.Check(h, linear.Options{}) }
