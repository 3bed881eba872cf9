package raft_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/nodes/raft"
)

// cluster is a hand-driven Raft cluster for transcripts: servers with
// storage that survives crashes, a network that holds messages until a
// command delivers them, partitions, and a toy state machine (the list of
// commands applied). It executes each server's Ready the way a real
// adapter must, and writes down everything that happens.
type cluster struct {
	ids      []string
	servers  map[string]*server
	inflight []raft.Message // sent, not yet delivered, in send order
	cut      map[[2]string]bool
	bugs     raft.Bug
	max      int // entries per AppendEntries
	// forgetVotes makes restarts lose the vote, as a node that does not
	// store it would.
	forgetVotes bool
	out         *strings.Builder
}

// server is one server: its Raft (nil while crashed), its storage and its
// state machine.
type server struct {
	id   string
	r    *raft.Raft
	seed uint64

	hard raft.HardState // stored
	snap raft.Snapshot  // stored
	log  []raft.Entry   // stored, after snap

	sm []string // applied commands, in order
}

func newCluster(size, maxEntries int, bugs raft.Bug, out *strings.Builder) (*cluster, error) {
	c := &cluster{servers: map[string]*server{}, cut: map[[2]string]bool{}, bugs: bugs, max: maxEntries, out: out}
	for i := 1; i <= size; i++ {
		c.ids = append(c.ids, fmt.Sprintf("n%d", i))
	}
	for i, id := range c.ids {
		s := &server{id: id, seed: uint64(i + 1)}
		c.servers[id] = s
		if err := c.start(s); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// start builds a server's Raft from its storage, as a restart does, and
// its state machine from its snapshot.
func (c *cluster) start(s *server) error {
	if c.forgetVotes {
		s.hard.Vote = ""
	}
	cfg := raft.Config{ID: s.id, Peers: c.ids, ElectionTicks: 10, HeartbeatTicks: 2, MaxEntries: c.max,
		Rand: rand.New(rand.NewPCG(s.seed, 0)), Bugs: c.bugs}
	r, err := raft.New(cfg, raft.Persisted{HardState: s.hard, Snapshot: s.snap, Entries: s.log})
	if err != nil {
		return err
	}
	s.r, s.sm = r, decodeSM(s.snap.Data)
	s.seed += 100 // a restarted server draws other timeouts
	return nil
}

func decodeSM(data []byte) []string { return strings.Fields(string(data)) }

// do runs one input on a server and executes the Ready it leads to,
// writing it down under indent.
func (c *cluster) do(s *server, indent string, input func(*raft.Raft) error) {
	before := s.r.Status()
	if err := input(s.r); err != nil {
		c.printf(indent, "%s: %v", s.id, err)
	}
	if after := s.r.Status(); after.Role != before.Role || after.Term != before.Term {
		c.printf(indent, "%s becomes %s t%d", s.id, after.Role, after.Term)
	}
	c.ready(s, indent)
}

// ready executes a Ready in the order its documentation demands.
func (c *cluster) ready(s *server, indent string) {
	rd := s.r.Ready()
	if hs := rd.HardState; hs != nil {
		s.hard = *hs
		c.printf(indent, "%s stores term=%d vote=%s", s.id, hs.Term, orNone(hs.Vote))
	}
	if sn := rd.Snapshot; sn != nil {
		s.snap = *sn
		s.log = slices.DeleteFunc(s.log, func(e raft.Entry) bool { return e.Index <= sn.Index })
		c.printf(indent, "%s stores snapshot %d@t%d", s.id, sn.Index, sn.Term)
	}
	if len(rd.Entries) > 0 {
		first := rd.Entries[0].Index
		s.log = append(slices.DeleteFunc(s.log, func(e raft.Entry) bool { return e.Index >= first }), rd.Entries...)
		c.printf(indent, "%s stores %s", s.id, raft.FormatEntries(rd.Entries))
	}
	if n := len(s.log); n > 0 && s.log[n-1].Index > rd.LastIndex {
		s.log = slices.DeleteFunc(s.log, func(e raft.Entry) bool { return e.Index > rd.LastIndex })
		c.printf(indent, "%s deletes its entries after %d", s.id, rd.LastIndex)
	}
	for _, m := range rd.Messages {
		if c.cut[[2]string{m.From, m.To}] {
			c.printf(indent, "%v (lost: partition)", m)
			continue
		}
		c.inflight = append(c.inflight, m)
		c.printf(indent, "%v", m)
	}
	if sn := rd.Snapshot; sn != nil {
		s.sm = decodeSM(sn.Data)
		c.printf(indent, "%s restores its state machine from the snapshot: %v", s.id, s.sm)
	}
	if len(rd.Committed) > 0 {
		for _, e := range rd.Committed {
			if e.Data != nil {
				s.sm = append(s.sm, string(e.Data))
			}
		}
		c.printf(indent, "%s applies %s", s.id, raft.FormatEntries(rd.Committed))
	}
	for _, rs := range rd.Reads {
		if rs.Lost {
			c.printf(indent, "%s read %d lost", s.id, rs.Ctx)
		} else {
			c.printf(indent, "%s read %d at index %d", s.id, rs.Ctx, rs.Index)
		}
	}
}

// deliverAt delivers the i-th message in flight alone.
func (c *cluster) deliverAt(i int) {
	m := c.inflight[i]
	c.inflight = append(c.inflight[:i:i], c.inflight[i+1:]...)
	if dest := c.servers[m.To]; dest.r != nil && !c.cut[[2]string{m.From, m.To}] {
		c.do(dest, "  ", func(r *raft.Raft) error { return r.Step(m) })
	}
}

// deliver delivers the messages in flight that match, in send order; the
// messages their Readies send stay in flight for a later round. With drop
// set, it throws them away instead.
func (c *cluster) deliver(from, to string, drop bool) {
	var keep, now []raft.Message
	for _, m := range c.inflight {
		if (from == "" || m.From == from) && (to == "" || m.To == to) {
			now = append(now, m)
		} else {
			keep = append(keep, m)
		}
	}
	c.inflight = keep
	for _, m := range now {
		dest := c.servers[m.To]
		switch {
		case drop:
			c.printf("", "%v (dropped)", m)
		case c.cut[[2]string{m.From, m.To}]:
			c.printf("", "%v (lost: partition)", m)
		case dest.r == nil:
			c.printf("", "%v (lost: %s is down)", m, m.To)
		default:
			c.printf("", "> %v", m)
			c.do(dest, "  ", func(r *raft.Raft) error { return r.Step(m) })
		}
	}
}

// stabilize delivers until no message is in flight.
func (c *cluster) stabilize() error {
	for range 100 {
		if len(c.inflight) == 0 {
			return nil
		}
		c.deliver("", "", false)
	}
	return fmt.Errorf("still not stable after 100 rounds")
}

func (c *cluster) partition(groups [][]string) {
	c.cut = map[[2]string]bool{}
	for i, g := range groups {
		for j, h := range groups {
			if i == j {
				continue
			}
			for _, a := range g {
				for _, b := range h {
					c.cut[[2]string{a, b}] = true
				}
			}
		}
	}
}

func (c *cluster) crash(s *server) {
	s.r, s.sm = nil, nil
	c.printf("", "%s crashes: it keeps term=%d vote=%s, snapshot %d@t%d, log %s", s.id,
		s.hard.Term, orNone(s.hard.Vote), s.snap.Index, s.snap.Term, raft.FormatEntries(s.log))
}

// status describes every server, one line each.
func (c *cluster) status() {
	for _, id := range c.ids {
		s := c.servers[id]
		if s.r == nil {
			c.printf("", "%s down", id)
			continue
		}
		st := s.r.Status()
		line := fmt.Sprintf("%s %-9s t%d vote=%s leader=%s commit=%d applied=%d", id, st.Role, st.Term,
			orNone(st.Vote), orNone(st.Leader), st.Commit, st.Applied)
		if st.SnapIndex > 0 {
			line += fmt.Sprintf(" snapshot=%d", st.SnapIndex)
		}
		c.printf("", "%s log=%s sm=%v", line, terms(s.r.Log()), s.sm)
	}
}

// terms renders a log as the terms of its entries, the paper's figures'
// way: [1 1 2] is three entries, of terms 1, 1 and 2.
func terms(ents []raft.Entry) string {
	ts := make([]string, len(ents))
	for i, e := range ents {
		ts[i] = fmt.Sprint(e.Term)
	}
	return "[" + strings.Join(ts, " ") + "]"
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (c *cluster) printf(indent, format string, args ...any) {
	c.out.WriteString(indent + fmt.Sprintf(format, args...) + "\n")
}
