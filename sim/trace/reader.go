package trace

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Event is one decoded trace line. Which fields are set depends on Kind.
type Event struct {
	T      time.Duration   `json:"t"`
	Kind   string          `json:"ev"`
	ID     int64           `json:"id,omitempty"`
	Src    string          `json:"src,omitempty"`
	Dest   string          `json:"dest,omitempty"`
	Body   json.RawMessage `json:"body,omitempty"`
	Reason string          `json:"reason,omitempty"`
	Node   string          `json:"node,omitempty"`
	Timer  uint64          `json:"timer,omitempty"`
	Fault  string          `json:"fault,omitempty"`
	Detail json.RawMessage `json:"detail,omitempty"`
	Op     json.RawMessage `json:"op,omitempty"`
	Text   string          `json:"text,omitempty"`
}

// Trace is a whole decoded trace.
type Trace struct {
	Header Header
	Events []Event
	Hash   string // from the end line; empty if the trace was cut short
}

// Read decodes a trace and checks it: every line must parse, and the end
// line's hash must match the lines before it. A trace without an end line
// (a run that was killed) is returned with an error saying so, along with
// every event that could be read. Errors name the line.
func Read(r io.Reader) (*Trace, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	h := sha256.New()
	tr := &Trace{}
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Bytes()
		if lineNo == 1 {
			if err := json.Unmarshal(line, &tr.Header); err != nil || tr.Header.Eddy == "" {
				return tr, fmt.Errorf("line 1: not an Eddy trace header: %.80s", line)
			}
			h.Write(line)
			h.Write([]byte{'\n'})
			continue
		}
		var ev struct {
			Event
			Events int64  `json:"events"`
			Hash   string `json:"hash"`
		}
		if err := json.Unmarshal(line, &ev); err != nil {
			return tr, fmt.Errorf("line %d: %v: %.80s", lineNo, err, line)
		}
		if ev.Kind == KindEnd {
			want := "sha256:" + hex.EncodeToString(h.Sum(nil))
			if ev.Hash != want {
				return tr, fmt.Errorf("line %d: hash mismatch: the end line says %s but lines 1–%d hash to %s; the trace was edited or corrupted", lineNo, ev.Hash, lineNo-1, want)
			}
			if ev.Events != int64(len(tr.Events)) {
				return tr, fmt.Errorf("line %d: end line counts %d events, found %d", lineNo, ev.Events, len(tr.Events))
			}
			tr.Hash = ev.Hash
			if sc.Scan() && len(bytes.TrimSpace(sc.Bytes())) > 0 {
				return tr, fmt.Errorf("line %d: data after the end line", lineNo+1)
			}
			return tr, nil
		}
		if ev.Kind == "" {
			return tr, fmt.Errorf("line %d: event without an \"ev\" kind: %.80s", lineNo, line)
		}
		h.Write(line)
		h.Write([]byte{'\n'})
		tr.Events = append(tr.Events, ev.Event)
	}
	if err := sc.Err(); err != nil {
		return tr, fmt.Errorf("line %d: %w", lineNo+1, err)
	}
	if lineNo == 0 {
		return tr, fmt.Errorf("empty trace")
	}
	return tr, fmt.Errorf("trace ends after line %d without an end line: the run was interrupted or the file truncated", lineNo)
}
