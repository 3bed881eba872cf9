package wire

import gojson "github.com/goccy/go-json"

// Marshal and Unmarshal are the one place bodies are encoded and decoded.
// goccy/go-json was chosen by measurement: encode plus decode of a typical
// Maelstrom body takes about a fifth of encoding/json's time, with output
// byte-identical to it (map keys sorted, same escaping), which
// codec_test.go checks. Every message of every simulated run passes here.
func Marshal(v any) ([]byte, error) { return gojson.Marshal(v) }

// Unmarshal decodes JSON into v; see Marshal.
func Unmarshal(b []byte, v any) error { return gojson.Unmarshal(b, v) }

// Valid reports whether b is valid JSON; see Marshal.
func Valid(b []byte) bool { return gojson.Valid(b) }
