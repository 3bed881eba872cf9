package kafka

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// kvTimeout is how long a node waits for lin-kv.
const kvTimeout = time.Second

// maxTries bounds the compare-and-swaps one send may lose to other nodes'
// appends before it gives up (with a definite error: it was not appended).
const maxTries = 20

// Program is the reference kafka node.
func Program(n *node.Node) { run(n, false) }

// state is one node's view: a cache of each key's log, a prefix of what
// lin-kv holds, and the sends waiting to be appended.
type state struct {
	n         *node.Node
	kv        *node.KV
	blind     bool // planted bug: append with write instead of cas
	logs      map[string]*keyLog
	committed map[string]int64 // the highest committed offset this node has written or read, per key
}

type keyLog struct {
	msgs      []json.RawMessage // the log as last seen: a prefix of lin-kv's
	queue     []pending         // sends waiting for the next append
	appending bool              // an append is out
	reading   bool              // a read is out
	waiters   []func()          // called when it is back
}

type pending struct {
	msg   json.RawMessage
	req   node.Message
	tries int
}

func run(n *node.Node, blind bool) {
	s := &state{n: n, kv: node.NewKV(n, node.LinKV, kvTimeout), blind: blind,
		logs: map[string]*keyLog{}, committed: map[string]int64{}}
	n.Handle("send", s.send)
	n.Handle("poll", s.poll)
	n.Handle("commit_offsets", s.commit)
	n.Handle("list_committed_offsets", s.listCommitted)
}

func (s *state) log(key string) *keyLog {
	l := s.logs[key]
	if l == nil {
		l = &keyLog{msgs: []json.RawMessage{}}
		s.logs[key] = l
	}
	return l
}

// send queues the message; it is acknowledged once appended.
func (s *state) send(msg node.Message) error {
	var body struct {
		Key string          `json:"key"`
		Msg json.RawMessage `json:"msg"`
	}
	if err := msg.Decode(&body); err != nil {
		return err
	}
	l := s.log(body.Key)
	l.queue = append(l.queue, pending{msg: body.Msg, req: msg})
	s.append(body.Key, l)
	return nil
}

// append appends every queued message of a key with one compare-and-swap
// of the key's whole log, from the cached log to it plus the messages:
// each message's offset is its position. A swap that finds the log changed
// (another node appended) re-reads it and tries again.
func (s *state) append(key string, l *keyLog) {
	if l.appending || len(l.queue) == 0 {
		return
	}
	batch, from := l.queue, l.msgs
	l.queue, l.appending = nil, true
	to := slices.Clone(from)
	for _, p := range batch {
		to = append(to, p.msg)
	}
	done := func(err error) {
		l.appending = false
		switch code := node.ErrorCode(err); {
		case err == nil:
			if len(to) > len(l.msgs) {
				l.msgs = to
			}
			for i, p := range batch {
				s.reply(p.req, map[string]any{"type": "send_ok", "offset": len(from) + i})
			}
		case code == node.PreconditionFailed || code == node.KeyDoesNotExist:
			var retry []pending
			for _, p := range batch {
				if p.tries++; p.tries < maxTries {
					retry = append(retry, p)
				} else {
					s.fail(p.req, node.Errorf(node.TemporarilyUnavailable, "key %s: lost %d appends in a row to other nodes'", key, maxTries))
				}
			}
			l.queue = append(retry, l.queue...)
			s.refresh(key, l, func() { s.append(key, l) })
			return
		default: // a timeout: the append may or may not have happened
			for _, p := range batch {
				s.fail(p.req, node.Errorf(node.Crash, "appending to %s: %v", key, err))
			}
		}
		s.append(key, l)
	}
	if s.blind {
		s.kv.Write("log/"+key, to, done)
		return
	}
	s.kv.CAS("log/"+key, from, to, len(from) == 0, done)
}

// refresh reads a key's log, then calls then. Reads of a key share one
// request at a time; the log only grows, so a read never shrinks the cache.
func (s *state) refresh(key string, l *keyLog, then func()) {
	l.waiters = append(l.waiters, then)
	if l.reading {
		return
	}
	l.reading = true
	s.kv.Read("log/"+key, func(value json.RawMessage, err error) {
		var msgs []json.RawMessage
		if err == nil && wire.Unmarshal(value, &msgs) == nil && len(msgs) > len(l.msgs) {
			l.msgs = msgs
		}
		waiters := l.waiters
		l.reading, l.waiters = false, nil
		for _, w := range waiters {
			w()
		}
	})
}

// poll answers from the cache, re-reading first the keys whose requested
// offset the cache has nothing at or after.
func (s *state) poll(msg node.Message) error {
	offsets, keys, err := decodeOffsets(msg)
	if err != nil {
		return err
	}
	answer := func() {
		out := map[string][][2]any{}
		for _, k := range keys {
			l := s.log(k)
			for i := max(offsets[k], 0); i < int64(len(l.msgs)); i++ {
				out[k] = append(out[k], [2]any{i, l.msgs[i]})
			}
		}
		s.reply(msg, map[string]any{"type": "poll_ok", "msgs": out})
	}
	waiting := 0
	for _, k := range keys {
		if l := s.log(k); offsets[k] >= int64(len(l.msgs)) {
			waiting++
			s.refresh(k, l, func() {
				if waiting--; waiting == 0 {
					answer()
				}
			})
		}
	}
	if waiting == 0 {
		answer()
	}
	return nil
}

// commit acknowledges at once and raises each key's committed offset in
// lin-kv in the background. Losing such a write, or two nodes' writes
// racing, can only leave a lower offset committed, so that a client
// assigned the key later reads some messages again: allowed, unlike
// starting past one it never read.
func (s *state) commit(msg node.Message) error {
	offsets, keys, err := decodeOffsets(msg)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if cur, ok := s.committed[k]; !ok || offsets[k] > cur {
			s.committed[k] = offsets[k]
			s.kv.Write("committed/"+k, offsets[k], nil)
		}
	}
	return s.n.Reply(msg, map[string]any{"type": "commit_offsets_ok"})
}

// listCommitted reads the keys' committed offsets from lin-kv. A key that
// has none, or whose read fails, is left out: its reader starts at 0.
func (s *state) listCommitted(msg node.Message) error {
	var body struct {
		Keys []string `json:"keys"`
	}
	if err := msg.Decode(&body); err != nil {
		return err
	}
	out := map[string]int64{}
	waiting := len(body.Keys)
	answer := func() { s.reply(msg, map[string]any{"type": "list_committed_offsets_ok", "offsets": out}) }
	for _, k := range body.Keys {
		s.kv.ReadInt("committed/"+k, func(v int, err error) {
			if err == nil {
				out[k] = int64(v)
				s.committed[k] = max(s.committed[k], int64(v))
			}
			if waiting--; waiting == 0 {
				answer()
			}
		})
	}
	if waiting == 0 {
		answer()
	}
	return nil
}

func (s *state) reply(req node.Message, body any) {
	if err := s.n.Reply(req, body); err != nil {
		s.n.Logf("%v", err)
	}
}

func (s *state) fail(req node.Message, err error) {
	if err := s.n.ReplyError(req, err); err != nil {
		s.n.Logf("%v", err)
	}
}

// decodeOffsets reads the offsets map of a poll or commit_offsets request,
// with its keys in sorted order: the order the node works through them.
func decodeOffsets(msg node.Message) (map[string]int64, []string, error) {
	var body struct {
		Offsets map[string]int64 `json:"offsets"`
	}
	if err := msg.Decode(&body); err != nil {
		return nil, nil, err
	}
	return body.Offsets, slices.Sorted(maps.Keys(body.Offsets)), nil
}
