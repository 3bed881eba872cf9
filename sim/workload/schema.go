package workload

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// replyFields checks a reply body against Maelstrom's closed schema — the
// reply type, the listed keys (all required), in_reply_to, and optionally
// msg_id; nothing else — and returns the raw value of each listed key, in
// order. It scans rather than decodes: every reply of every run passes here.
func replyFields(reply node.Message, typ string, keys ...string) ([]json.RawMessage, error) {
	if reply.Type != typ {
		return nil, fmt.Errorf("reply type %q, want %q", reply.Type, typ)
	}
	values := make([]json.RawMessage, len(keys))
	var extra []string
	err := wire.Fields(reply.Body, func(k, v []byte) bool {
		key, _ := wire.String(k) // Fields only passes well-formed keys
		if i := slices.Index(keys, key); i >= 0 {
			values[i] = v
		} else if key != "type" && key != "in_reply_to" && key != "msg_id" {
			extra = append(extra, key)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("%s body: %v", typ, err)
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return nil, fmt.Errorf("%s has unexpected key(s) %s; Maelstrom's schema allows only %s",
			typ, strings.Join(extra, ", "), strings.Join(append([]string{"type", "in_reply_to", "msg_id"}, keys...), ", "))
	}
	for i, k := range keys {
		if values[i] == nil {
			return nil, fmt.Errorf("%s is missing key %q", typ, k)
		}
	}
	return values, nil
}
