package workload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// kafkaClient is one of Maelstrom's kafka clients: it keeps the next
// offset to poll of each key it is assigned.
//
//   - send: a send request; the value becomes [["send", k, [offset, msg]]].
//   - poll: a poll of every assigned key from its offset. Each key's offset
//     moves past the highest the reply returned; if it returned any
//     message, a commit_offsets of those highest offsets follows. The value
//     becomes [["poll", msgs]], msgs as the node sent them.
//   - assign: a list_committed_offsets of the keys; the client then reads
//     exactly those keys, each from where it already was, else from its
//     committed offset, else from 0. In the final phase, every key from 0,
//     without asking.
//
// As in Maelstrom, a poll whose commit_offsets fails has moved the offsets
// all the same.
type kafkaClient struct {
	w       *kafkaWorkload
	thread  int
	offsets map[string]int64 // assigned keys → the next offset to poll
	// While a poll's commit_offsets is out: the poll's value, and the
	// highest offset it returned per key.
	polled  json.RawMessage
	highest map[string]int64
}

func (c *kafkaClient) Start(inv Invocation) (Step, error) {
	var body any
	switch inv.F {
	case "send":
		key, msg, err := sendArgs(inv.Value)
		if err != nil {
			return Step{}, err
		}
		body = map[string]any{"type": "send", "key": key, "msg": msg}
	case "poll":
		c.polled, c.highest = nil, nil
		body = map[string]any{"type": "poll", "offsets": c.offsets}
	case "assign":
		var keys []string
		if err := wire.Unmarshal(inv.Value, &keys); err != nil {
			return Step{}, fmt.Errorf("assign %s: %w", inv.Value, err)
		}
		if c.w.final { // Jepsen's final assign seeks to the beginning
			c.offsets = map[string]int64{}
			for _, k := range keys {
				c.offsets[k] = 0
			}
			return Step{Done: true, Value: inv.Value}, nil
		}
		body = map[string]any{"type": "list_committed_offsets", "keys": keys}
	default:
		return Step{}, fmt.Errorf("kafka has no operation %q", inv.F)
	}
	b, err := wire.Marshal(body)
	return Step{Request: b}, err
}

func (c *kafkaClient) Next(inv Invocation, reply node.Message) (Step, error) {
	switch {
	case inv.F == "send":
		f, err := replyFields(reply, "send_ok", "offset")
		if err != nil {
			return Step{}, err
		}
		off, err := integer(f[0])
		if err != nil {
			return Step{}, fmt.Errorf("send_ok offset: %w", err)
		}
		key, msg, _ := sendArgs(inv.Value) // Start read it
		c.w.sentTo(key, off)
		v := wire.AppendString([]byte(`[["send",`), key)
		return Step{Done: true, Value: fmt.Appendf(v, `,[%d,%s]]]`, off, msg)}, nil
	case inv.F == "poll" && c.polled == nil:
		f, err := replyFields(reply, "poll_ok", "msgs")
		if err != nil {
			return Step{}, err
		}
		highest, err := pollHighest(f[0])
		if err != nil {
			return Step{}, err
		}
		c.polled, c.highest = fmt.Appendf(nil, `[["poll",%s]]`, f[0]), map[string]int64{}
		for k, h := range highest {
			if cur, ok := c.offsets[k]; !ok || h+1 > cur {
				c.offsets[k] = h + 1
			}
			if h >= 0 {
				c.highest[k] = h
			}
		}
		if len(c.highest) > 0 {
			b, err := wire.Marshal(map[string]any{"type": "commit_offsets", "offsets": c.highest})
			return Step{Request: b}, err
		}
	case inv.F == "poll":
		if _, err := replyFields(reply, "commit_offsets_ok"); err != nil {
			return Step{}, err
		}
	case inv.F == "assign":
		f, err := replyFields(reply, "list_committed_offsets_ok", "offsets")
		if err != nil {
			return Step{}, err
		}
		var committed map[string]json.RawMessage
		if err := wire.Unmarshal(f[0], &committed); err != nil || committed == nil {
			return Step{}, fmt.Errorf("list_committed_offsets_ok offsets %.80s is not a map of keys to offsets", f[0])
		}
		var keys []string
		_ = wire.Unmarshal(inv.Value, &keys) // Start read it
		next := map[string]int64{}
		for _, k := range keys {
			next[k] = 0
			if off, ok := c.offsets[k]; ok {
				next[k] = off
			} else if raw, ok := committed[k]; ok {
				if next[k], err = integer(raw); err != nil {
					return Step{}, fmt.Errorf("list_committed_offsets_ok offset of %q: %w", k, err)
				}
			}
		}
		c.offsets = next
		return Step{Done: true, Value: inv.Value}, nil
	}
	value := c.polled
	c.w.polledUpTo(c.thread, c.highest)
	c.polled, c.highest = nil, nil
	return Step{Done: true, Value: value}, nil
}

// sendArgs reads a send's key and message from [["send", k, msg]].
func sendArgs(value json.RawMessage) (key string, msg json.RawMessage, err error) {
	var mops [][]json.RawMessage
	if err := wire.Unmarshal(value, &mops); err != nil || len(mops) != 1 || len(mops[0]) != 3 {
		return "", nil, fmt.Errorf("send %.80s is not [[\"send\", key, msg]]", value)
	}
	key, err = wire.String(mops[0][1])
	return key, mops[0][2], err
}

// pollHighest checks poll_ok's msgs against Maelstrom's schema, a map of
// keys to lists (or null) of [offset, message] pairs with integer offsets,
// and returns the highest offset of each key, -1 for none.
func pollHighest(msgs json.RawMessage) (map[string]int64, error) {
	highest := map[string]int64{}
	var bad error
	err := wire.Fields(msgs, func(k, v []byte) bool {
		key, _ := wire.String(k) // Fields only passes well-formed keys
		var pairs [][]json.RawMessage
		if err := wire.Unmarshal(v, &pairs); err != nil {
			bad = fmt.Errorf("poll_ok msgs of %q: %.80s is not a list of [offset, message] pairs", key, v)
			return false
		}
		h := int64(-1)
		for _, p := range pairs {
			if len(p) != 2 {
				bad = fmt.Errorf("poll_ok msgs of %q: %d elements where an [offset, message] pair belongs", key, len(p))
				return false
			}
			off, err := integer(p[0])
			if err != nil {
				bad = fmt.Errorf("poll_ok msgs of %q: offset %w", key, err)
				return false
			}
			h = max(h, off)
		}
		highest[key] = h
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("poll_ok msgs: %w", err)
	}
	return highest, bad
}

// integer reads a JSON integer.
func integer(raw json.RawMessage) (int64, error) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%.40s is not an integer", raw)
	}
	return n, nil
}
