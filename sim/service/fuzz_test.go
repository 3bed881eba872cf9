package service_test

import (
	"encoding/json"
	"testing"

	"github.com/eddy-sim/eddy/sim/service"
)

// Whatever a node sends, a service does not panic, and what it replies is a
// JSON object.
func FuzzDeliver(f *testing.F) {
	for _, seed := range []string{
		`{"type":"read","key":"x","msg_id":1}`,
		`{"type":"write","key":[1,{"a":2.50}],"value":"v","msg_id":"x"}`,
		`{"type":"cas","key":1e3,"from":null,"to":-0,"create_if_not_exists":"yes"}`,
		`{"type":"ts","msg_id":1.5}`,
		`{"type":7}`, `[]`, `null`, `{"type":"read","type":"write","key":1}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		h := newHarness(t, 1)
		c := h.caller("n1")
		for _, name := range service.Names() {
			for _, reply := range c.sendAll(name, body) {
				var v map[string]any
				if err := json.Unmarshal([]byte(reply), &v); err != nil {
					t.Fatalf("%s replied %s to %s: %v", name, reply, body, err)
				}
			}
		}
	})
}
