package trace

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"strconv"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
)

// Event kinds, the "ev" field of a line.
const (
	KindSend    = "send"
	KindDeliver = "deliver"
	KindDrop    = "drop"
	KindTimer   = "timer"
	KindFault   = "fault"
	KindOp      = "op"
	KindLog     = "log"
	KindCrash   = "crash"
	KindEnd     = "end"
)

// Header is a trace's first line.
type Header struct {
	Eddy    string          `json:"eddy"` // Eddy's version
	Seed    uint64          `json:"seed"`
	Mode    string          `json:"mode"` // "in-process" or "process"
	Options json.RawMessage `json:"options"`
}

// Writer appends events to a trace and hashes them as it goes. Write errors
// are sticky and reported by Close.
type Writer struct {
	out    io.Writer
	hash   hash.Hash
	buf    []byte
	events int64
	err    error
}

// NewWriter writes the header line and returns a writer for the events.
// out may be io.Discard when only the hash is wanted.
func NewWriter(out io.Writer, h Header) *Writer {
	w := &Writer{out: out, hash: sha256.New()}
	line, err := json.Marshal(h)
	if err != nil {
		w.err = fmt.Errorf("trace header: %w", err)
		return w
	}
	w.emit(line)
	return w
}

func (w *Writer) emit(line []byte) {
	line = append(line, '\n')
	w.hash.Write(line)
	if w.err == nil {
		if _, err := w.out.Write(line); err != nil {
			w.err = fmt.Errorf("writing trace: %w", err)
		}
	}
}

// begin starts a line {"t":…,"ev":…; finish closes and emits it.
func (w *Writer) begin(t time.Duration, kind string) []byte {
	w.events++
	b := append(w.buf[:0], `{"t":`...)
	b = strconv.AppendInt(b, int64(t), 10)
	b = append(b, `,"ev":"`...)
	b = append(b, kind...)
	return append(b, '"')
}

func (w *Writer) finish(b []byte) {
	b = append(b, '}')
	w.emit(b)
	w.buf = b[:0]
}

func str(b []byte, key, val string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return wire.AppendString(b, val)
}

func num(b []byte, key string, val int64) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, val, 10)
}

func raw(b []byte, key string, val []byte) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return append(b, val...)
}

// Send records a message put on the network.
func (w *Writer) Send(t time.Duration, id int64, src, dest string, body []byte) {
	b := num(w.begin(t, KindSend), "id", id)
	b = str(str(b, "src", src), "dest", dest)
	w.finish(raw(b, "body", body))
}

// Deliver records a message handed to its destination.
func (w *Writer) Deliver(t time.Duration, id int64, src, dest string) {
	b := num(w.begin(t, KindDeliver), "id", id)
	w.finish(str(str(b, "src", src), "dest", dest))
}

// Drop records a message that will never arrive, and why.
func (w *Writer) Drop(t time.Duration, id int64, src, dest, reason string) {
	b := num(w.begin(t, KindDrop), "id", id)
	b = str(str(b, "src", src), "dest", dest)
	w.finish(str(b, "reason", reason))
}

// Timer records a node's timer firing.
func (w *Writer) Timer(t time.Duration, node string, timer uint64) {
	b := str(w.begin(t, KindTimer), "node", node)
	w.finish(num(b, "timer", int64(timer)))
}

// Fault records a fault starting or ending. detail is a JSON value (or nil).
func (w *Writer) Fault(t time.Duration, fault string, detail []byte) {
	b := str(w.begin(t, KindFault), "fault", fault)
	if detail != nil {
		b = raw(b, "detail", detail)
	}
	w.finish(b)
}

// Op records a client operation (invoke or completion); op is its JSON.
func (w *Writer) Op(t time.Duration, op []byte) {
	w.finish(raw(w.begin(t, KindOp), "op", op))
}

// Log records a line of a node's log.
func (w *Writer) Log(t time.Duration, node, text string) {
	w.finish(str(str(w.begin(t, KindLog), "node", node), "text", text))
}

// Crash records a node crashing on its own (a panic, a process exit).
func (w *Writer) Crash(t time.Duration, node, reason string) {
	w.finish(str(str(w.begin(t, KindCrash), "node", node), "reason", reason))
}

// Events is the number of event lines written so far.
func (w *Writer) Events() int64 { return w.events }

// Hash is the SHA-256 of every line written so far, as "sha256:<hex>".
func (w *Writer) Hash() string { return "sha256:" + hex.EncodeToString(w.hash.Sum(nil)) }

// Close writes the end line, which carries the hash of all lines before it,
// and returns that hash and the first write error.
func (w *Writer) Close() (string, error) {
	sum := w.Hash()
	b := append(w.buf[:0], `{"ev":"end"`...)
	b = num(b, "events", w.events)
	b = str(b, "hash", sum)
	b = append(b, '}', '\n')
	if w.err == nil {
		if _, err := w.out.Write(b); err != nil {
			w.err = fmt.Errorf("writing trace: %w", err)
		}
	}
	return sum, w.err
}
