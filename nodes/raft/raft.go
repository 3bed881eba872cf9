package raft

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Config configures one server.
type Config struct {
	ID string
	// Peers lists every server of the cluster, ID included, in the same
	// order on every server. Messages go out in this order, so a run
	// replays exactly.
	Peers []string
	// ElectionTicks is the shortest election timeout. Each time a server
	// becomes follower or candidate it draws its timeout anew, uniformly
	// from [ElectionTicks, 2×ElectionTicks), so that one server usually
	// times out alone and wins before the others wake up (§5.2).
	ElectionTicks int
	// HeartbeatTicks is how often a leader sends AppendEntries to every
	// follower, entries or not. It must be well below ElectionTicks.
	HeartbeatTicks int
	// MaxEntries caps the entries in one AppendEntries; 0 for no cap.
	MaxEntries int
	// Rand is the server's own random stream: a node passes n.Rand(), so a
	// simulated run replays exactly.
	Rand *rand.Rand
	// Bugs plants bugs; zero for correct Raft.
	Bugs Bug
}

// Persisted is what a server's storage held when it (re)starts: its hard
// state, its latest snapshot (zero if none) and the log after it.
type Persisted struct {
	HardState HardState
	Snapshot  Snapshot
	Entries   []Entry
}

// Role is what a server currently is (§5.1).
type Role uint8

// The roles.
const (
	Follower Role = iota
	Candidate
	Leader
)

func (r Role) String() string { return [...]string{"follower", "candidate", "leader"}[r] }

// MarshalText makes a role read as its name in JSON.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ErrNotLeader is returned by Propose and ReadIndex on a server that is
// not the leader; Status().Leader says who is, if it knows.
var ErrNotLeader = errors.New("raft: not the leader")

// Raft is one server's consensus state: a pure state machine. Inputs are
// Step (a message from another server), Tick (a unit of time passed),
// Propose, ReadIndex and Compact; the output is Ready, which the caller
// executes. It never reads a clock, touches a network or a disk, or starts
// a goroutine.
type Raft struct {
	cfg   Config
	peers []string // every server but this one, in Config.Peers order

	role Role
	term uint64 // persisted
	vote string // persisted; the candidate voted for in term
	lead string // the leader of term, "" when unknown
	log  *raftLog

	// commit is the highest index known committed; applied the highest
	// handed out in Ready.Committed. applied ≤ commit ≤ log.lastIndex().
	commit, applied uint64
	snapshot        Snapshot // the latest, sent to followers that need it

	electionElapsed  int // ticks since the last heartbeat or vote granted
	electionTimeout  int // this term's randomized timeout
	heartbeatElapsed int // leader: ticks since the last heartbeat

	// step handles a message of the current term; tick handles time.
	// Both are swapped by the becomeX functions.
	step func(Message)
	tick func()

	votes    map[string]bool      // candidate: who answered, and how
	progress map[string]*progress // leader: what it knows of each follower
	readSeq  uint64               // leader: the latest read round
	reads    []pendingRead        // leader: reads awaiting confirmation

	// Output, drained by Ready.
	msgs        []Message
	readStates  []ReadState
	stored      HardState
	newSnapshot *Snapshot
}

// New returns a server in the state its storage recorded, as a follower
// (§5.2: servers start as followers). A server that has never run gets a
// zero Persisted.
func New(cfg Config, p Persisted) (*Raft, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("raft %s: persisted state: %w", cfg.ID, err)
	}
	r := &Raft{
		cfg:      cfg,
		peers:    slices.DeleteFunc(slices.Clone(cfg.Peers), func(id string) bool { return id == cfg.ID }),
		term:     p.HardState.Term,
		vote:     p.HardState.Vote,
		stored:   p.HardState,
		log:      newLog(p.Snapshot, p.Entries),
		snapshot: p.Snapshot,
		commit:   p.Snapshot.Index,
		applied:  p.Snapshot.Index,
	}
	r.becomeFollower(r.term, "")
	return r, nil
}

func (c Config) validate() error {
	switch {
	case c.ID == "" || !slices.Contains(c.Peers, c.ID):
		return fmt.Errorf("raft: server %q is not among the peers %v", c.ID, c.Peers)
	case len(slices.Compact(slices.Sorted(slices.Values(c.Peers)))) != len(c.Peers):
		return fmt.Errorf("raft %s: peers %v has duplicates", c.ID, c.Peers)
	case c.HeartbeatTicks <= 0 || c.ElectionTicks <= c.HeartbeatTicks:
		return fmt.Errorf("raft %s: need 0 < heartbeat ticks (%d) < election ticks (%d)", c.ID, c.HeartbeatTicks, c.ElectionTicks)
	case c.Rand == nil:
		return fmt.Errorf("raft %s: no random stream for election timeouts", c.ID)
	}
	return nil
}

func (p Persisted) validate() error {
	for i, e := range p.Entries {
		if e.Index != p.Snapshot.Index+1+uint64(i) {
			return fmt.Errorf("entry %d of the log has index %d, want %d", i, e.Index, p.Snapshot.Index+1+uint64(i))
		}
		if e.Term > p.HardState.Term {
			return fmt.Errorf("entry %d has term %d, after the current term %d", e.Index, e.Term, p.HardState.Term)
		}
	}
	return nil
}

// Status is a server's state at a glance.
type Status struct {
	ID        string `json:"id"`
	Role      Role   `json:"role"`
	Term      uint64 `json:"term"`
	Vote      string `json:"vote"`
	Leader    string `json:"leader"`
	Commit    uint64 `json:"commit"`
	Applied   uint64 `json:"applied"`
	SnapIndex uint64 `json:"snapshot_index"`
	LastIndex uint64 `json:"last_index"`
}

// Status returns the server's state.
func (r *Raft) Status() Status {
	return Status{ID: r.cfg.ID, Role: r.role, Term: r.term, Vote: r.vote, Leader: r.lead, Commit: r.commit,
		Applied: r.applied, SnapIndex: r.log.snapIndex, LastIndex: r.log.lastIndex()}
}

// Log returns a copy of the entries in memory: those after the snapshot.
func (r *Raft) Log() []Entry { return r.log.slice(r.log.firstIndex(), r.log.lastIndex(), 0) }

// Step feeds the server a message from another server.
//
// Every message carries its sender's term, and terms order everything
// (§5.1): a message from a later term makes this server a follower of that
// term first; one from an earlier term is stale and only earns a reply
// carrying the current term, which makes its sender step down.
func (r *Raft) Step(m Message) error {
	if m.To != r.cfg.ID || !slices.Contains(r.peers, m.From) {
		return fmt.Errorf("raft %s: message %v is not from a peer to this server", r.cfg.ID, m)
	}
	if m.Type == MsgSnap && m.Snapshot == nil {
		return fmt.Errorf("raft %s: %v carries no snapshot", r.cfg.ID, m)
	}
	switch {
	case m.Term > r.term:
		lead := ""
		if m.Type == MsgApp || m.Type == MsgSnap {
			lead = m.From
		}
		r.becomeFollower(m.Term, lead)
	case m.Term < r.term:
		switch m.Type {
		case MsgVote:
			r.send(Message{Type: MsgVoteResp, To: m.From, Reject: true})
		case MsgApp, MsgSnap:
			r.send(Message{Type: MsgAppResp, To: m.From, Reject: true})
		}
		return nil
	}
	if m.Type == MsgVote {
		r.handleVote(m) // the same in every role
		return nil
	}
	r.step(m)
	return nil
}

// Tick tells the server that one tick of time has passed.
func (r *Raft) Tick() { r.tick() }

// Propose appends a command to the leader's log and starts replicating it
// (§5.3). It returns the entry's index and term: the command took effect
// if and only if the entry applied at that index has that term.
func (r *Raft) Propose(data json.RawMessage) (index, term uint64, err error) {
	if r.role != Leader {
		return 0, 0, ErrNotLeader
	}
	if len(data) == 0 {
		return 0, 0, fmt.Errorf("raft %s: empty command", r.cfg.ID)
	}
	e := r.appendOwn(data)
	r.broadcastAppend()
	return e.Index, e.Term, nil
}

// appendOwn appends an entry of the current term to the leader's log; a
// single-server cluster commits it at once.
func (r *Raft) appendOwn(data json.RawMessage) Entry {
	e := Entry{Index: r.log.lastIndex() + 1, Term: r.term, Data: data}
	r.log.append(e)
	r.maybeCommit()
	return e
}

// Campaign starts an election now, as if the election timeout had
// elapsed. Leaders ignore it.
func (r *Raft) Campaign() {
	if r.role != Leader {
		r.campaign()
	}
}

func (r *Raft) send(m Message) {
	m.From, m.Term = r.cfg.ID, r.term
	r.msgs = append(r.msgs, m)
}

func (r *Raft) quorum() int { return len(r.cfg.Peers)/2 + 1 }

// becomeFollower, becomeCandidate and becomeLeader are the only ways the
// role changes; reset clears, in one place, everything that belongs to a
// role or a term.
func (r *Raft) becomeFollower(term uint64, lead string) {
	r.reset(term)
	r.role, r.lead = Follower, lead
	r.step, r.tick = r.stepFollower, r.tickElection
}

func (r *Raft) becomeCandidate() {
	r.reset(r.term + 1)
	r.role, r.vote = Candidate, r.cfg.ID
	r.votes = map[string]bool{r.cfg.ID: true}
	r.step, r.tick = r.stepCandidate, r.tickElection
}

// becomeLeader initializes what the leader tracks of each follower and
// appends a no-op entry of its term (§8): committing it commits everything
// before it, tells the leader its own commit index, and lets it serve
// reads.
func (r *Raft) becomeLeader() {
	r.reset(r.term)
	r.role, r.lead = Leader, r.cfg.ID
	r.step, r.tick = r.stepLeader, r.tickLeader
	r.progress = map[string]*progress{}
	for _, p := range r.peers {
		r.progress[p] = &progress{next: r.log.lastIndex() + 1}
	}
	r.appendOwn(nil)
	r.broadcastAppend()
}

// reset moves to term (forgetting the vote if the term changes) and clears
// the per-role state; the election timer restarts with a fresh timeout.
func (r *Raft) reset(term uint64) {
	if term != r.term {
		r.term, r.vote = term, ""
	}
	r.lead = ""
	r.electionElapsed, r.heartbeatElapsed = 0, 0
	r.electionTimeout = r.randomizedTimeout()
	r.votes, r.progress = nil, nil
	r.dropReads()
}

func (r *Raft) stepFollower(m Message) {
	switch m.Type {
	case MsgApp:
		r.lead, r.electionElapsed = m.From, 0
		r.handleAppend(m)
	case MsgSnap:
		r.lead, r.electionElapsed = m.From, 0
		r.handleSnapshot(m)
	}
	// Responses are stale here: from when this server was candidate or
	// leader in this term.
}

func (r *Raft) stepCandidate(m Message) {
	switch m.Type {
	case MsgApp, MsgSnap:
		// Another server won this term's election (§5.2).
		r.becomeFollower(r.term, m.From)
		r.step(m)
	case MsgVoteResp:
		r.handleVoteResp(m)
	}
}

func (r *Raft) stepLeader(m Message) {
	if m.Type == MsgAppResp {
		r.handleAppendResp(m)
	}
	// Nothing else of this term can reach a leader: it won the only
	// election of the term.
}

// Ready is a batch of work for the caller, to do in this order:
//
//  1. Persist: HardState, Snapshot (then delete the stored entries it
//     covers), Entries (each replaces what is stored at its index), and
//     delete every stored entry after LastIndex (a conflict or a snapshot
//     replaced them). A server must not answer before its state is
//     durable: a vote or an acknowledged entry forgotten in a crash breaks
//     safety (Figure 2, "Persistent state").
//  2. Send Messages.
//  3. Restore the state machine from Snapshot, if set, then apply
//     Committed in order.
//  4. Serve the reads in Reads once their Index is applied.
type Ready struct {
	HardState *HardState // nil if unchanged
	Snapshot  *Snapshot  // received from the leader (§7)
	Entries   []Entry
	LastIndex uint64
	Messages  []Message
	Committed []Entry
	Reads     []ReadState
}

// Ready returns what the caller must do since the last Ready, and
// considers it done.
func (r *Raft) Ready() Ready {
	rd := Ready{Messages: r.msgs, Reads: r.readStates, Snapshot: r.newSnapshot}
	if hs := (HardState{Term: r.term, Vote: r.vote}); hs != r.stored {
		rd.HardState = &hs
		r.stored = hs
	}
	rd.Entries = r.log.unstable()
	rd.LastIndex = r.log.lastIndex()
	if r.commit > r.applied {
		rd.Committed = r.log.slice(r.applied+1, r.commit, 0)
		r.applied = r.commit
	}
	r.msgs, r.readStates, r.newSnapshot = nil, nil, nil
	return rd
}
