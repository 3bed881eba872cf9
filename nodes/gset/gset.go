package gset

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Program is the reference g-set node: deltas every 500 ms, the full set
// every 2 s.
func Program(n *node.Node) { run(n, config{tick: 500 * time.Millisecond, fullEvery: 4}) }

type config struct {
	tick      time.Duration // how often gossip goes out
	fullEvery int           // every fullEvery-th tick sends the whole set; 0: never (planted bug)
}

// storagePrefix starts the storage key of each element; the rest of the
// key is the element's JSON text.
const storagePrefix = "element/"

// set is one node's replica.
type set struct {
	n   *node.Node
	cfg config
	// Invariant: has, list and storage hold the same elements; list is
	// their JSON texts, comma-joined, in the order this node learned them
	// (after a restart: storage's key order, then arrival).
	has   map[string]bool
	list  []byte
	delta [][]byte // elements clients added here since the last tick
	ticks int      // ticks since this start
}

func run(n *node.Node, cfg config) {
	s := &set{n: n, cfg: cfg, has: map[string]bool{}}
	for _, key := range n.Storage().Keys() {
		if e, ok := strings.CutPrefix(key, storagePrefix); ok {
			s.learn([]byte(e))
		}
	}
	n.Handle("add", func(msg node.Message) error {
		var body struct {
			Element json.RawMessage `json:"element"`
		}
		if err := msg.Decode(&body); err != nil || body.Element == nil {
			return node.Errorf(node.MalformedRequest, "add needs an element")
		}
		e := canonical(body.Element)
		added, err := s.add(e)
		if err != nil {
			return err
		}
		if added {
			s.delta = append(s.delta, e)
		}
		return n.Reply(msg, map[string]any{"type": "add_ok"})
	})
	n.Handle("read", func(msg node.Message) error {
		body := make([]byte, 0, len(s.list)+48)
		body = append(body, `{"type":"read_ok","value":[`...)
		body = append(body, s.list...)
		return n.Reply(msg, json.RawMessage(append(body, "]}"...)))
	})
	n.Handle("gset_gossip", func(msg node.Message) error {
		var body struct {
			Elements []json.RawMessage `json:"elements"`
		}
		if err := msg.Decode(&body); err != nil {
			return err
		}
		for _, e := range body.Elements {
			if _, err := s.add(canonical(e)); err != nil {
				return err // the rest will come again in a later full round
			}
		}
		return nil
	})
	n.Expose(func() any {
		return map[string]any{"elements": len(s.has), "delta": len(s.delta), "ticks": s.ticks}
	})
	n.Every(cfg.tick, s.gossip)
}

// add merges one element into the replica, storing it durably first, and
// reports whether it was new.
func (s *set) add(e []byte) (bool, error) {
	if s.has[string(e)] {
		return false, nil
	}
	if err := s.n.Storage().Put(storagePrefix+string(e), nil); err != nil {
		// Not stored, so not added: the client sees an error (outcome
		// unknown to it, but in fact nothing happened).
		return false, node.Errorf(node.Crash, "storing element %s: %v", e, err)
	}
	s.learn(e)
	return true, nil
}

// learn puts an element in memory; it must already be stored.
func (s *set) learn(e []byte) {
	s.has[string(e)] = true
	if len(s.list) > 0 {
		s.list = append(s.list, ',')
	}
	s.list = append(s.list, e...)
}

// gossip runs every tick: the whole set to every peer on full ticks (the
// first after a start, then every fullEvery-th), else the delta, if any.
func (s *set) gossip() {
	full := s.cfg.fullEvery > 0 && s.ticks%s.cfg.fullEvery == 0
	s.ticks++
	var payload []byte
	switch {
	case full && len(s.list) > 0:
		payload = s.list
	case !full && len(s.delta) > 0:
		payload = bytes.Join(s.delta, []byte{','})
	default:
		s.delta = nil
		return
	}
	s.delta = nil
	body := make([]byte, 0, len(payload)+48)
	body = append(body, `{"type":"gset_gossip","elements":[`...)
	body = append(body, payload...)
	body = append(body, "]}"...)
	for _, peer := range s.n.Peers() {
		if err := s.n.Send(peer, json.RawMessage(body)); err != nil {
			s.n.Logf("gossip to %s: %v", peer, err)
		}
	}
}

// canonical is an element's JSON text without insignificant whitespace, so
// that `[1, 2]` and `[1,2]` are one element.
func canonical(e json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, e); err != nil {
		return append([]byte(nil), e...) // Decode already checked it is JSON
	}
	return b.Bytes()
}
