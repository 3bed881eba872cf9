package node

import "encoding/json"

// marshal and unmarshal are the one place bodies are encoded and decoded, so
// the JSON implementation can be chosen by measurement.
func marshal(v any) ([]byte, error)    { return json.Marshal(v) }
func unmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
