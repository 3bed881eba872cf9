package node

import gojson "github.com/goccy/go-json"

// marshal and unmarshal are the one place bodies are encoded and decoded.
// goccy/go-json was chosen by measurement: encode plus decode of a typical
// Maelstrom body takes about a fifth of encoding/json's time, with output
// byte-identical to it (map keys sorted, same escaping), which
// codec_test.go checks. Every message of every simulated run passes here.
func marshal(v any) ([]byte, error)   { return gojson.Marshal(v) }
func unmarshal(b []byte, v any) error { return gojson.Unmarshal(b, v) }
