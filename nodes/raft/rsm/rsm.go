package rsm

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft"
)

// StateMachine is what a Replica replicates. Commands, results and
// snapshots are JSON.
type StateMachine interface {
	// Apply executes one committed command and returns its result. It must
	// be deterministic: every replica applies the same commands in the same
	// order and must reach the same state.
	Apply(cmd json.RawMessage) (result json.RawMessage)
	// Snapshot returns the whole state.
	Snapshot() json.RawMessage
	// Restore replaces the whole state by a snapshot.
	Restore(snapshot json.RawMessage) error
}

// Config tunes a Replica.
type Config struct {
	Tick           time.Duration // how often Raft's clock ticks
	ElectionTicks  int           // shortest election timeout, in ticks
	HeartbeatTicks int           // leader's heartbeat period, in ticks
	MaxEntries     int           // entries per AppendEntries
	SnapshotEvery  uint64        // applied entries between snapshots
	// Timeout bounds a request forwarded to the leader, and a read waiting
	// for this replica to apply the index the leader gave it.
	Timeout  time.Duration
	RaftBugs raft.Bug // planted bugs in the consensus core
	Bugs     Bug      // planted bugs in the replica
}

// DefaultConfig is the reference tuning: a 50 ms tick, elections after
// 0.5–1 s of silence, heartbeats every 100 ms, a snapshot every 200
// entries, and Maelstrom's lin-kv client timeout (1 s) for forwarded
// requests.
func DefaultConfig() Config {
	return Config{Tick: 50 * time.Millisecond, ElectionTicks: 10, HeartbeatTicks: 2, MaxEntries: 64,
		SnapshotEvery: 200, Timeout: time.Second}
}

// Replica is one node's copy of a replicated state machine: the Raft core,
// driven by the node's timer and messages, its storage and the state
// machine it applies committed commands to.
type Replica struct {
	n    *node.Node
	sm   StateMachine
	cfg  Config
	core *raft.Raft
	role raft.Role // as of the last Ready

	// What storage holds: the snapshot at snapIndex and the entries
	// (snapIndex, lastStored].
	snapIndex, lastStored uint64
	applied               uint64

	proposals map[uint64]proposal // this node's proposals as leader, by log index
	reads     map[uint64]readFunc // ReadIndex requests, by ctx
	lastCtx   uint64
	waits     []*wait // callbacks waiting for an index to be applied

	seen      map[uint64]bool // forwarded proposals already handled, by id
	seenOrder []seenID        // the same, oldest first, to forget them
	ticks     int

	busy, again bool // guards ready against re-entry from callbacks
}

// proposal is a command this node appended as leader, waiting to learn
// its fate: applied at its index with its term, or not at all.
type proposal struct {
	term uint64
	done ProposeFunc
}

// ProposeFunc receives the outcome of a proposal: the state machine's
// result, or an error whose code says whether the command certainly did
// not take effect (node.Definite).
type ProposeFunc func(result json.RawMessage, err error)

type readFunc func(index uint64, err error)

type wait struct {
	index uint64
	done  func(error)
	timer node.TimerID
}

type seenID struct {
	id   uint64
	tick int
}

// Start loads the replica's durable state (a fresh node has none),
// restores the state machine from its snapshot, and starts Raft as a
// follower. Call it from a node program.
func Start(n *node.Node, sm StateMachine, cfg Config) (*Replica, error) {
	p, err := load(n.Storage())
	if err != nil {
		return nil, fmt.Errorf("rsm %s: %w", n.ID(), err)
	}
	if p.Snapshot.Index > 0 {
		if err := sm.Restore(p.Snapshot.Data); err != nil {
			return nil, fmt.Errorf("rsm %s: restore snapshot %d: %w", n.ID(), p.Snapshot.Index, err)
		}
	}
	core, err := raft.New(raft.Config{ID: n.ID(), Peers: n.NodeIDs(), ElectionTicks: cfg.ElectionTicks,
		HeartbeatTicks: cfg.HeartbeatTicks, MaxEntries: cfg.MaxEntries, Rand: n.Rand(), Bugs: cfg.RaftBugs}, p)
	if err != nil {
		return nil, err
	}
	r := &Replica{n: n, sm: sm, cfg: cfg, core: core, snapIndex: p.Snapshot.Index,
		lastStored: p.Snapshot.Index + uint64(len(p.Entries)), applied: p.Snapshot.Index,
		proposals: map[uint64]proposal{}, reads: map[uint64]readFunc{}, seen: map[uint64]bool{}}
	for _, kind := range []raft.MsgType{raft.MsgVote, raft.MsgVoteResp, raft.MsgApp, raft.MsgAppResp, raft.MsgSnap} {
		n.Handle(wireType(kind), r.step)
	}
	n.Handle("raft_forward", r.handleForward)
	n.Handle("raft_read_index", r.handleReadIndex)
	n.Every(cfg.Tick, r.tick)
	n.Expose(r.expose)
	n.Logf("raft: starting at term %d (vote %q), snapshot at %d, log to %d",
		p.HardState.Term, p.HardState.Vote, p.Snapshot.Index, r.lastStored)
	return r, nil
}

// Status is the Raft core's state.
func (r *Replica) Status() raft.Status { return r.core.Status() }

func (r *Replica) expose() any {
	st := r.core.Status()
	return struct {
		raft.Status
		LogLength uint64 `json:"log_length"`
		Pending   int    `json:"pending"`
	}{st, st.LastIndex - st.SnapIndex, len(r.proposals)}
}

// Propose replicates a command and calls done with its result once it is
// applied here, or with an error. A follower forwards the command to the
// leader it knows; with no leader known, done gets error 11 at once
// (definite: nothing was proposed). done may run before Propose returns.
func (r *Replica) Propose(cmd json.RawMessage, done ProposeFunc) {
	st := r.core.Status()
	switch {
	case !wire.Valid(cmd):
		done(nil, node.Errorf(node.MalformedRequest, "command %.60s is not JSON", cmd))
	case st.Role == raft.Leader:
		r.proposeLocal(cmd, done)
	case st.Leader != "":
		r.forward(st.Leader, cmd, done)
	default:
		done(nil, node.Errorf(node.TemporarilyUnavailable, "%s knows no leader (term %d)", r.n.ID(), st.Term))
	}
}

func (r *Replica) proposeLocal(cmd json.RawMessage, done ProposeFunc) {
	index, term, err := r.core.Propose(cmd)
	if err != nil {
		done(nil, node.Errorf(node.TemporarilyUnavailable, "%s: %v", r.n.ID(), err))
		return
	}
	if old, ok := r.proposals[index]; ok {
		// Proposed here in an earlier term, and since cut from this log;
		// another leader could still commit it.
		old.done(nil, node.Errorf(node.Crash, "outcome unknown: index %d was reused in term %d", index, term))
	}
	r.proposals[index] = proposal{term: term, done: done}
	r.ready()
}

// Read calls done once this replica's state machine reflects every
// command committed before Read was called, so that a read served from it
// then is linearizable: the leader confirms its leadership with a round of
// heartbeats (ReadIndex) and gives the commit index; this replica waits to
// have applied it. A follower asks the leader it knows.
func (r *Replica) Read(done func(err error)) {
	st := r.core.Status()
	switch {
	case st.Role == raft.Leader:
		r.readIndex(func(index uint64, err error) {
			if err != nil {
				done(err)
				return
			}
			r.whenApplied(index, done)
		})
	case r.cfg.Bugs.has(BugFollowerLocalReads):
		done(nil)
	case st.Leader != "":
		r.forwardRead(st.Leader, done)
	default:
		done(node.Errorf(node.TemporarilyUnavailable, "%s knows no leader (term %d)", r.n.ID(), st.Term))
	}
}

func (r *Replica) readIndex(cb readFunc) {
	r.lastCtx++
	ctx := r.lastCtx
	r.reads[ctx] = cb
	if err := r.core.ReadIndex(ctx); err != nil {
		delete(r.reads, ctx)
		cb(0, node.Errorf(node.TemporarilyUnavailable, "%s: %v", r.n.ID(), err))
		return
	}
	r.ready()
}

// whenApplied calls done once the state machine has applied index, or
// with error 11 if that takes longer than the timeout.
func (r *Replica) whenApplied(index uint64, done func(error)) {
	if r.applied >= index {
		done(nil)
		return
	}
	w := &wait{index: index, done: done}
	w.timer = r.n.After(r.cfg.Timeout, func() {
		r.waits = slices.DeleteFunc(r.waits, func(x *wait) bool { return x == w })
		done(node.Errorf(node.TemporarilyUnavailable, "%s has applied %d, not yet %d", r.n.ID(), r.applied, index))
	})
	r.waits = append(r.waits, w)
}

func (r *Replica) tick() {
	r.ticks++
	r.core.Tick()
	r.forgetSeen()
	r.ready()
}

// step feeds a message from another replica to the core.
func (r *Replica) step(msg node.Message) error {
	var m raft.Message
	if err := msg.Decode(&m); err != nil {
		return err
	}
	kind, err := raft.ParseMsgType(msg.Type[len("raft_"):])
	if err != nil {
		return err
	}
	m.Type, m.From, m.To = kind, msg.Src, r.n.ID()
	if err := r.core.Step(m); err != nil {
		return err
	}
	r.ready()
	return nil
}

func wireType(t raft.MsgType) string { return "raft_" + t.String() }

func (r *Replica) send(m raft.Message) {
	body := struct {
		Type string `json:"type"`
		raft.Message
	}{wireType(m.Type), m}
	if err := r.n.Send(m.To, body); err != nil {
		r.n.Logf("raft: %v", err)
	}
}

// ready executes what the core asks for, in the order raft.Ready
// prescribes: persist, send, apply, serve reads. Callbacks it runs may
// call back into the replica; the loop picks up whatever they caused
// instead of running a second loop inside the first.
func (r *Replica) ready() {
	if r.busy {
		r.again = true
		return
	}
	r.busy = true
	defer func() { r.busy = false }()
	for {
		r.again = false
		rd := r.core.Ready()
		r.persist(rd)
		for _, m := range rd.Messages {
			r.send(m)
		}
		r.noticeRole()
		if rd.Snapshot != nil {
			r.restore(*rd.Snapshot)
		}
		for _, e := range rd.Committed {
			r.apply(e)
		}
		for _, rs := range rd.Reads {
			r.readDone(rs)
		}
		r.releaseWaits()
		r.maybeSnapshot()
		if !r.again {
			return
		}
	}
}

func (r *Replica) noticeRole() {
	role := r.core.Status().Role
	if r.role == raft.Leader && role != raft.Leader && r.cfg.Bugs.has(BugFailOnStepDown) {
		for _, index := range slices.Sorted(maps.Keys(r.proposals)) {
			p := r.proposals[index]
			delete(r.proposals, index)
			p.done(nil, node.Errorf(node.TemporarilyUnavailable, "%s lost its leadership", r.n.ID()))
		}
	}
	r.role = role
}

// restore resets the state machine from a snapshot the leader sent.
// Proposals it covers can no longer be told apart: the snapshot does not
// say which commands it holds, so their outcome is unknown.
func (r *Replica) restore(s raft.Snapshot) {
	if err := r.sm.Restore(s.Data); err != nil {
		panic(fmt.Sprintf("rsm %s: restore snapshot %d: %v", r.n.ID(), s.Index, err))
	}
	r.applied = s.Index
	for _, index := range slices.Sorted(maps.Keys(r.proposals)) {
		if index <= s.Index {
			p := r.proposals[index]
			delete(r.proposals, index)
			p.done(nil, node.Errorf(node.Crash, "outcome unknown: entry %d was replaced by a snapshot", index))
		}
	}
}

// apply applies one committed entry and answers its proposer, if it was
// proposed here. The command took effect exactly if the entry committed at
// its index is the one proposed, i.e. has its term (§5.3, Log Matching);
// otherwise another leader's entry took the index, for good, so the
// command certainly never will: a definite failure.
func (r *Replica) apply(e raft.Entry) {
	r.applied = e.Index
	var result json.RawMessage
	if e.Data != nil {
		result = r.sm.Apply(e.Data)
	}
	p, ok := r.proposals[e.Index]
	if !ok {
		return
	}
	delete(r.proposals, e.Index)
	if p.term != e.Term {
		p.done(nil, node.Errorf(node.TemporarilyUnavailable, "entry %d went to another leader's command", e.Index))
		return
	}
	p.done(result, nil)
}

func (r *Replica) readDone(rs raft.ReadState) {
	cb, ok := r.reads[rs.Ctx]
	if !ok {
		return
	}
	delete(r.reads, rs.Ctx)
	if rs.Lost {
		cb(0, node.Errorf(node.TemporarilyUnavailable, "%s lost its leadership before confirming the read", r.n.ID()))
		return
	}
	cb(rs.Index, nil)
}

func (r *Replica) releaseWaits() {
	var ready []*wait
	r.waits = slices.DeleteFunc(r.waits, func(w *wait) bool {
		if w.index <= r.applied {
			ready = append(ready, w)
			return true
		}
		return false
	})
	for _, w := range ready {
		r.n.Cancel(w.timer)
		w.done(nil)
	}
}

func (r *Replica) maybeSnapshot() {
	if r.applied-r.snapIndex < r.cfg.SnapshotEvery {
		return
	}
	snap, err := r.core.Compact(r.applied, r.sm.Snapshot())
	if err != nil {
		panic(fmt.Sprintf("rsm %s: %v", r.n.ID(), err))
	}
	r.storeSnapshot(snap)
}
