package checker

import (
	"bytes"
	"encoding/json"
	"github.com/eddy-sim/eddy/internal/wire"
)

// canonical returns the canonical JSON text of a value (wire.Canonical),
// the checkers' value equality. ok is false, and text is the raw bytes
// trimmed, when raw is not valid JSON.
func canonical(raw json.RawMessage) (text string, ok bool) {
	text, err := wire.Canonical(raw)
	if err != nil {
		return string(bytes.TrimSpace(raw)), false
	}
	return text, true
}

// displayable returns raw if it is valid JSON, or else raw's text as a JSON
// string, so that a report quoting a malformed value still marshals.
func displayable(raw json.RawMessage) json.RawMessage {
	if raw == nil || json.Valid(raw) {
		return raw
	}
	b, _ := json.Marshal(string(raw)) // a string always marshals
	return b
}
