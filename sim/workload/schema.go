package workload

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/nodes/node"
)

// replyFields decodes a reply body and checks it against Maelstrom's closed
// schema: the reply type, the listed keys (all required), in_reply_to, and
// optionally msg_id; nothing else.
func replyFields(reply node.Message, typ string, keys ...string) (map[string]json.RawMessage, error) {
	if reply.Type != typ {
		return nil, fmt.Errorf("reply type %q, want %q", reply.Type, typ)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(reply.Body, &fields); err != nil {
		return nil, fmt.Errorf("%s body: %v", typ, err)
	}
	var extra []string
	for k := range fields {
		if k != "type" && k != "in_reply_to" && k != "msg_id" && !slices.Contains(keys, k) {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return nil, fmt.Errorf("%s has unexpected key(s) %s; Maelstrom's schema allows only %s",
			typ, strings.Join(extra, ", "), strings.Join(append([]string{"type", "in_reply_to", "msg_id"}, keys...), ", "))
	}
	for _, k := range keys {
		if _, ok := fields[k]; !ok {
			return nil, fmt.Errorf("%s is missing key %q", typ, k)
		}
	}
	return fields, nil
}
