package workload

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/kafka"
	"github.com/eddy-sim/eddy/sim/history"
)

var kafkaSpec = Spec{
	Name: "kafka",
	Description: "Kafka-style logs: clients send messages to keys and poll them back, committing offsets; " +
		"every acknowledged message must be polled, in order, without gaps",
	New:        newKafka,
	Idempotent: map[string]bool{"assign": true},
	HasFinal:   true,
	FinalLimit: 10 * time.Second,
	// Jepsen's crash-client-interval of 30 s, across all clients.
	CrashInterval: func(o Options) time.Duration { return 30 * time.Second / time.Duration(max(o.Concurrency, 1)) },
	Validate: func(o Options) error {
		if o.KeyCount < 0 || o.MaxWritesPerKey < 0 {
			return fmt.Errorf("--key-count and --max-writes-per-key must not be negative")
		}
		return nil
	},
}

// kafkaWorkload generates as Jepsen's kafka workload does for Maelstrom:
// Elle's list-append transactions of one micro-op each, an append becoming
// a send of its value to its key and a read a poll, over --key-count
// active keys with --max-writes-per-key messages each; keys are strings.
// Before about one operation in 64 comes an assign of the operation's key,
// to which a third of those add every key with messages sent but not yet
// polled. Clients keep their offsets (kafkaClient). The final phase has
// each thread crash its client, assign every key with its offsets at 0,
// and poll every 0–0.4 s until it has read up to the highest offset any
// operation had seen of each key (cut off, like the phase, at 10 s).
type kafkaWorkload struct {
	elle       *txnWorkload // txn-list-append's generator, making one micro-op at a time
	pending    Invocation   // the next send or poll, held back while an assign goes first
	pendingKey string
	// The highest offset of each key an ok send was told, an ok poll
	// returned.
	sent, polled map[string]int64
	final        bool                // the final phase has begun: assigns seek to offset 0
	finals       map[int]*kafkaFinal // by thread
}

// kafkaFinal is a thread's progress through the final phase.
type kafkaFinal struct {
	ops  int              // final operations handed out
	want map[string]int64 // keys and the offsets its polls must still reach
}

func newKafka(o Options) (Workload, error) {
	o.MaxTxnLength = 1
	if o.MaxWritesPerKey == 0 {
		o.MaxWritesPerKey = 16 // Maelstrom's default
	}
	return &kafkaWorkload{elle: newTxn(o, "append", nil), sent: map[string]int64{}, polled: map[string]int64{},
		finals: map[int]*kafkaFinal{}}, nil
}

var pollInvocation = Invocation{F: "poll", Value: json.RawMessage(`[["poll"]]`)}

// Generate: see kafkaWorkload.
func (w *kafkaWorkload) Generate(r *rand.Rand, _ int) Invocation {
	if w.pending.F == "" {
		w.pending, w.pendingKey = w.fromElle(r)
	}
	if r.IntN(64) == 0 {
		keys := []string{w.pendingKey}
		if r.IntN(3) == 0 {
			for _, k := range w.unpolled() {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		return Invocation{F: "assign", Value: mustJSON(keys)}
	}
	inv := w.pending
	w.pending = Invocation{}
	return inv
}

// fromElle rewrites Elle's next transaction, ["append", k, v] or
// ["r", k, null], into a send or a poll, as Jepsen does, and names its key.
func (w *kafkaWorkload) fromElle(r *rand.Rand) (Invocation, string) {
	var txn [][]json.RawMessage
	if err := wire.Unmarshal(w.elle.Generate(r, 0).Value, &txn); err != nil || len(txn) != 1 || len(txn[0]) != 3 {
		panic(fmt.Sprintf("kafka: Elle's generator made %v, %v", txn, err)) // never: one micro-op, as asked
	}
	key := string(txn[0][1]) // an integer; keys go out as its text
	if string(txn[0][0]) == `"r"` {
		return pollInvocation, key
	}
	return Invocation{F: "send", Value: json.RawMessage(`[["send","` + key + `",` + string(txn[0][2]) + `]]`)}, key
}

// unpolled lists the keys with messages sent but not yet polled.
func (w *kafkaWorkload) unpolled() []string {
	var keys []string
	for k, off := range w.sent {
		if p, ok := w.polled[k]; !ok || p < off {
			keys = append(keys, k)
		}
	}
	return sortKeys(keys)
}

// sortKeys sorts keys as numbers where they are (shorter first), else as
// text.
func sortKeys(keys []string) []string {
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) })
	return keys
}

// NewClient implements Clients.
func (w *kafkaWorkload) NewClient(thread int) Client {
	return &kafkaClient{w: w, thread: thread, offsets: map[string]int64{}}
}

// NextFinal implements Clients: see kafkaWorkload.
func (w *kafkaWorkload) NextFinal(r *rand.Rand, thread int) (Invocation, time.Duration, bool) {
	w.final = true
	f := w.finals[thread]
	if f == nil {
		f = &kafkaFinal{want: map[string]int64{}}
		for _, m := range []map[string]int64{w.sent, w.polled} {
			for k, off := range m {
				f.want[k] = max(f.want[k], off)
			}
		}
		w.finals[thread] = f
	}
	if len(f.want) == 0 {
		return Invocation{}, 0, false
	}
	f.ops++
	switch f.ops {
	case 1:
		return CrashInvocation, 0, true
	case 2:
		var keys []string
		for k := range f.want {
			keys = append(keys, k)
		}
		return Invocation{F: "assign", Value: mustJSON(sortKeys(keys))}, 0, true
	}
	return pollInvocation, time.Duration(r.Float64() * float64(400*time.Millisecond)), true
}

// sentTo and polledUpTo are how clients report ok sends and polls.
func (w *kafkaWorkload) sentTo(key string, off int64) {
	if cur, ok := w.sent[key]; !ok || off > cur {
		w.sent[key] = off
	}
}

func (w *kafkaWorkload) polledUpTo(thread int, highest map[string]int64) {
	for k, off := range highest {
		if cur, ok := w.polled[k]; !ok || off > cur {
			w.polled[k] = off
		}
		if f := w.finals[thread]; w.final && f != nil {
			if want, ok := f.want[k]; ok && want <= off {
				delete(f.want, k)
			}
		}
	}
}

func (w *kafkaWorkload) Check(h history.History) checker.Result { return kafka.Check(h) }
