package sim

import (
	"fmt"
	"github.com/eddy-sim/eddy/internal/wire"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/workload"
)

// thread is one of Maelstrom's worker threads: bound to one node for the
// whole run, running one operation at a time through its current client.
type thread struct {
	index   int
	process int // Jepsen's process number; grows by concurrency after each info
	node    string
	client  *client
	logic   workload.Client // the workload's side of client, replaced with it
	busy    bool
}

// freshClient gives a thread a new client.
func (r *run) freshClient(th *thread) {
	th.client, th.logic = r.openClient(), r.wclients.NewClient(th.index)
}

// startInit sends init to every node and starts the main phase once all
// have answered.
func (r *run) startInit() {
	r.progress()
	pending := len(r.o.Nodes)
	for _, id := range r.o.Nodes {
		r.sendInit(id, func(err error) {
			if err != nil {
				r.abort(err.Error())
				return
			}
			if pending--; pending == 0 && !r.done {
				r.startSetup()
			}
		})
	}
}

// restart brings a killed node back and initializes it again, as
// Maelstrom's kill nemesis does.
func (r *run) restart(id string) {
	for _, n := range r.nodes {
		if n.ID() != id {
			continue
		}
		if err := n.Restart(); err != nil {
			r.problem(id, "restart", err.Error())
			return
		}
		r.sendInit(id, func(err error) {
			if err != nil {
				r.problem(id, "init", "after restart: "+err.Error())
			}
		})
	}
}

// setupTimeout is how long a node has to answer a setup message, as in
// Maelstrom.
const setupTimeout = 5 * time.Second

// startSetup sends each node the workload's setup message, if it has one,
// from a client of its own, and starts the main phase once all answered.
func (r *run) startSetup() {
	s, ok := r.wl.(workload.Setup)
	if !ok {
		r.startMain()
		return
	}
	pending := len(r.o.Nodes)
	for _, id := range r.o.Nodes {
		c := r.openClient()
		body := s.Setup(id)
		h, _ := wire.ParseHeader(body)
		fail := func(why string) { r.abort(fmt.Sprintf("node %s %s; the test cannot start without it", id, why)) }
		err := c.call(id, body, setupTimeout, func(msg node.Message) {
			c.close()
			if msg.Type != h.Type+"_ok" {
				fail(fmt.Sprintf("answered %s with %s: %s", h.Type, msg.Type, msg.Body))
				return
			}
			if pending--; pending == 0 && !r.done {
				r.startMain()
			}
		}, func() {
			c.close()
			fail(fmt.Sprintf("did not answer %s within %v", h.Type, setupTimeout))
		})
		if err != nil {
			fail(err.Error())
		}
	}
}

func (r *run) startMain() {
	r.phase = "main"
	r.mainEnd = r.w.Now() + r.o.TimeLimit
	for i := range r.o.Concurrency {
		th := &thread{index: i, process: i, node: r.o.Nodes[i%len(r.o.Nodes)]}
		r.freshClient(th)
		r.threads = append(r.threads, th)
	}
	r.nem.Start(r.mainEnd)
	if r.o.Rate > 0 && len(r.threads) > 0 {
		r.dispatch()
		if r.spec.CrashInterval != nil {
			r.scheduleCrash(r.spec.CrashInterval(r.o.workloadOptions()))
		}
	}
	r.w.At(r.mainEnd, func() {
		r.phase = "drain"
		r.drained()
	})
}

// dispatch issues one operation and schedules the next after a gap uniform
// in [0, 2/rate): Jepsen's stagger, so rate is the total across threads. An
// op that comes due while every thread is busy waits for the first to free.
func (r *run) dispatch() {
	if r.phase != "main" {
		return
	}
	var free []*thread
	for _, th := range r.threads {
		if !th.busy {
			free = append(free, th)
		}
	}
	if len(free) == 0 {
		r.waiting = true
		return
	}
	r.waiting = false
	th := free[r.rand.IntN(len(free))]
	if r.crashDue {
		r.crashDue = false
		r.invoke(th, workload.CrashInvocation, false)
	} else {
		r.invoke(th, r.wl.Generate(r.rand, th.index), false)
	}
	gap := time.Duration(r.rand.Float64() * 2 / r.o.Rate * float64(time.Second))
	r.w.After(gap, r.dispatch)
}

// scheduleCrash makes the next operation dispatched after a gap uniform in
// [0, 2·mean) a client crash, as Jepsen staggers its crash-clients ops.
func (r *run) scheduleCrash(mean time.Duration) {
	r.w.After(time.Duration(r.rand.Float64()*2*float64(mean)), func() {
		if r.phase == "main" {
			r.crashDue = true
			r.scheduleCrash(mean)
		}
	})
}

// invoke runs an operation through the thread's client, one request at a
// time, and records its invocation and completion.
func (r *run) invoke(th *thread, inv workload.Invocation, final bool) {
	op := history.Op{Time: r.w.Now(), Type: history.Invoke, Process: th.process, F: inv.F, Value: inv.Value,
		Final: final, Client: th.client.id, Node: th.node}
	r.record(op)
	th.busy = true
	r.inflight++
	done := func(t history.Type, value []byte, errInfo []string) {
		c := op
		c.Time, c.Type, c.Value, c.Error = r.w.Now(), t, value, errInfo
		r.completed(th, c)
	}
	if inv.F == workload.Crash {
		done(history.Info, inv.Value, nil)
		return
	}
	step, err := th.logic.Start(inv)
	if err != nil {
		done(history.Fail, inv.Value, []string{"request", err.Error()})
		return
	}
	r.step(th, inv, step, done)
}

// step sends the operation's next request, or completes it.
func (r *run) step(th *thread, inv workload.Invocation, s workload.Step, done func(history.Type, []byte, []string)) {
	if s.Done {
		done(history.OK, s.Value, nil)
		return
	}
	err := th.client.call(th.node, s.Request, r.spec.ClientTimeout(r.o.workloadOptions()), func(msg node.Message) {
		r.reply(th, inv, msg, done)
	}, func() {
		done(r.indefinite(inv.F), inv.Value, []string{"net-timeout"})
	})
	if err != nil {
		done(history.Fail, inv.Value, []string{"request", err.Error()})
	}
}

// indefinite is how an operation with an unknown outcome is recorded: info,
// or fail for functions the workload declares idempotent.
func (r *run) indefinite(f string) history.Type {
	if r.spec.Idempotent[f] {
		return history.Fail
	}
	return history.Info
}

// reply ends the operation on an error reply, as fail or info; any other
// reply goes to the thread's client, which says what comes next.
func (r *run) reply(th *thread, inv workload.Invocation, msg node.Message, done func(history.Type, []byte, []string)) {
	if msg.Type == "error" {
		var e node.Error
		if err := msg.Decode(&e); err != nil {
			e = node.Error{Code: node.Crash, Text: "malformed error body: " + string(msg.Body)}
		}
		t := r.indefinite(inv.F)
		if node.Definite(e.Code) && !r.spec.ErrorsIndefinite {
			t = history.Fail
		}
		done(t, inv.Value, []string{node.CodeName(e.Code), e.Text})
		return
	}
	step, err := th.logic.Next(inv, msg)
	if err != nil {
		r.problem(msg.Src, "malformed-reply", err.Error())
		done(history.Info, inv.Value, []string{"malformed-reply", err.Error()})
		return
	}
	r.step(th, inv, step, done)
}

func (r *run) completed(th *thread, op history.Op) {
	r.record(op)
	th.busy = false
	r.inflight--
	if op.Type == history.Info {
		th.process += r.o.Concurrency
		if pt, ok := r.wl.(workload.ProcessTracker); ok {
			pt.SetProcess(th.index, th.process)
		}
		if !r.spec.Reusable {
			th.client.close()
			r.freshClient(th)
		}
	}
	switch r.phase {
	case "main":
		if r.waiting {
			r.dispatch()
		}
	case "drain":
		r.drained()
	case "final":
		r.nextFinal(th)
	}
}

// drained ends the main phase once no operation is in flight. Workloads
// with a final phase then heal, wait for recovery, and run final ops.
func (r *run) drained() {
	if r.inflight > 0 {
		return
	}
	if !r.spec.HasFinal {
		r.done = true
		return
	}
	r.phase = "recovery"
	r.nem.Heal()
	r.w.After(r.o.Recovery, r.startFinal)
}

func (r *run) startFinal() {
	r.phase = "final"
	r.finalEnd = r.w.Now() + r.spec.FinalLimit
	r.finals = len(r.threads)
	if r.finals == 0 {
		r.done = true
	}
	for _, th := range r.threads {
		r.nextFinal(th)
	}
}

// nextFinal starts a thread's next final operation, now or after the wait
// the workload asks for, unless the thread is done or that would be past
// the final phase's limit. The run is over when every thread is done.
func (r *run) nextFinal(th *thread) {
	inv, wait, ok := r.wclients.NextFinal(r.rand, th.index)
	if !ok || (r.spec.FinalLimit > 0 && r.w.Now()+wait >= r.finalEnd) {
		if r.finals--; r.finals == 0 {
			r.done = true
		}
		return
	}
	if wait == 0 {
		r.invoke(th, inv, true)
		return
	}
	r.w.After(wait, func() { r.invoke(th, inv, true) })
}

func (r *run) record(op history.Op) {
	op.Index = len(r.hist)
	r.hist = append(r.hist, op)
	r.opBuf = op.AppendJSON(r.opBuf[:0])
	r.w.Trace().Op(r.w.Now(), r.opBuf)
	if r.histOut != nil {
		r.histOut.Write(append(r.opBuf, '\n'))
	}
}
