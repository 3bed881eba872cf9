package broadcast

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Program is the reference broadcast node, tuned for few messages.
func Program(n *node.Node) { run(n, config{tick: 100 * time.Millisecond, retry: time.Second}) }

// Fast is the reference broadcast node tuned for latency.
func Fast(n *node.Node) { run(n, config{tick: 50 * time.Millisecond, retry: time.Second}) }

type config struct {
	tick    time.Duration // how often batches go out
	retry   time.Duration // how long a sent value waits for its ack
	noRetry bool          // planted bug: forget a batch once sent
	noSend  bool          // planted bug: never forward
	flood   bool          // planted bug: everyone sends everything to everyone
}

// state is one node's broadcast state.
type state struct {
	n     *node.Node
	cfg   config
	seen  map[string]bool // canonical value text
	list  []byte          // every value seen, comma-joined JSON, in arrival order
	links map[string]*link
	order []string // neighbours, in the order links were made: deterministic
	ticks int      // timer ticks so far; retries are timed in ticks, not by the clock, so skew cannot stall them
	hub   string
	hubs  []string // every hub but this node
	mine  []string // this hub's members, if this node is a hub
}

// link is what a node owes one neighbour: values not yet sent, and
// batches sent but not yet acknowledged.
type link struct {
	queue []json.RawMessage
	sent  []*batch
}

type batch struct {
	values  []json.RawMessage
	retryAt int  // the tick at which an unacknowledged batch goes again
	done    bool // acknowledged, or folded into a later batch
}

func run(n *node.Node, cfg config) {
	s := &state{n: n, cfg: cfg, seen: map[string]bool{}, links: map[string]*link{}}
	s.layout()
	for _, key := range n.Storage().Keys() {
		if v, ok := strings.CutPrefix(key, "value/"); ok {
			s.learn(v, "")
		}
	}
	n.Handle("topology", func(msg node.Message) error {
		return n.Reply(msg, map[string]any{"type": "topology_ok"})
	})
	n.Handle("broadcast", func(msg node.Message) error {
		var body struct {
			Message json.RawMessage `json:"message"`
		}
		if err := msg.Decode(&body); err != nil {
			return err
		}
		if err := s.receive(string(body.Message), ""); err != nil {
			return err
		}
		return n.Reply(msg, map[string]any{"type": "broadcast_ok"})
	})
	n.Handle("read", func(msg node.Message) error {
		body := make([]byte, 0, len(s.list)+48)
		body = append(body, `{"type":"read_ok","messages":[`...)
		body = append(body, s.list...)
		return n.Reply(msg, json.RawMessage(append(body, "]}"...)))
	})
	n.Handle("gossip", func(msg node.Message) error {
		var body struct {
			Values []json.RawMessage `json:"values"`
		}
		if err := msg.Decode(&body); err != nil {
			return err
		}
		for _, v := range body.Values {
			if err := s.receive(string(v), msg.Src); err != nil {
				return err
			}
		}
		if !msg.IsRequest() {
			return nil // a flood's fire-and-forget copy
		}
		return n.Reply(msg, map[string]any{"type": "gossip_ok"})
	})
	n.Expose(func() any {
		return map[string]any{"values": len(s.seen), "hub": s.hub, "owed": s.owed()}
	})
	n.Every(cfg.tick, s.flush)
}

// layout places this node in the overlay: groups of ⌈√n⌉ in node_ids
// order, the first of each group its hub.
func (s *state) layout() {
	ids := s.n.NodeIDs()
	size := int(math.Ceil(math.Sqrt(float64(len(ids)))))
	me := slices.Index(ids, s.n.ID())
	s.hub = ids[me-me%size]
	for i := 0; i < len(ids); i += size {
		if ids[i] != s.n.ID() {
			s.hubs = append(s.hubs, ids[i])
		}
	}
	if s.hub == s.n.ID() {
		for _, id := range ids[me+1 : min(me+size, len(ids))] {
			s.mine = append(s.mine, id)
		}
	}
}

// receive takes a value from a client (from == "") or a neighbour. A new
// value is stored, then owed onward along the tree.
func (s *state) receive(v, from string) error {
	if s.seen[v] {
		return nil
	}
	if err := s.n.Storage().Put("value/"+v, nil); err != nil {
		return node.Errorf(node.Crash, "storing %s: %v", v, err)
	}
	s.learn(v, from)
	return nil
}

// learn records a value and owes it to the neighbours the tree says.
// After a restart (from == "" for stored values) that is every neighbour:
// the node cannot know whom it had already told.
func (s *state) learn(v, from string) {
	s.seen[v] = true
	if len(s.list) > 0 {
		s.list = append(s.list, ',')
	}
	s.list = append(s.list, v...)
	for _, to := range s.next(v, from) {
		l := s.links[to]
		if l == nil {
			l = &link{}
			s.links[to] = l
			s.order = append(s.order, to)
		}
		l.queue = append(l.queue, json.RawMessage(v))
	}
}

// next lists whom a value from a given neighbour goes on to. (The flood
// bug sends it to everyone at once instead.)
func (s *state) next(v, from string) []string {
	switch {
	case s.cfg.noSend:
		return nil
	case s.cfg.flood:
		for _, to := range s.n.Peers() {
			_ = s.n.Send(to, map[string]any{"type": "gossip", "values": []json.RawMessage{json.RawMessage(v)}})
		}
		return nil
	case s.hub != s.n.ID(): // a member sends only to its hub
		if from == s.hub {
			return nil
		}
		return []string{s.hub}
	case slices.Contains(s.hubs, from): // from another hub: to my members
		return s.mine
	}
	// From a client or one of my members: to every other hub and member.
	var out []string
	for _, to := range append(slices.Clone(s.hubs), s.mine...) {
		if to != from {
			out = append(out, to)
		}
	}
	return out
}

// flush sends each neighbour one batch: the values it is owed, and those
// of earlier batches it has not acknowledged within the retry interval.
func (s *state) flush() {
	s.ticks++
	for _, to := range s.order {
		l := s.links[to]
		values := l.queue
		l.queue = nil
		kept := l.sent[:0]
		for _, b := range l.sent {
			switch {
			case b.done:
			case b.retryAt <= s.ticks:
				values = append(values, b.values...)
				b.done = true
			default:
				kept = append(kept, b)
			}
		}
		l.sent = kept
		if len(values) == 0 {
			continue
		}
		b := &batch{values: values, retryAt: s.ticks + int(s.cfg.retry/s.cfg.tick)}
		if !s.cfg.noRetry {
			l.sent = append(l.sent, b)
		}
		_ = s.n.RPC(to, map[string]any{"type": "gossip", "values": values}, s.cfg.retry, func(_ node.Message, err error) {
			if err == nil {
				b.done = true
			}
		})
	}
}

// owed counts, per neighbour, the values not yet acknowledged.
func (s *state) owed() map[string]int {
	out := map[string]int{}
	for to, l := range s.links {
		n := len(l.queue)
		for _, b := range l.sent {
			if !b.done {
				n += len(b.values)
			}
		}
		out[to] = n
	}
	return out
}
