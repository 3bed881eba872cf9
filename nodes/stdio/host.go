package stdio

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/rng"
)

// logTime is the timestamp prefix of every stderr line: millisecond wall
// time, to line node logs up with Maelstrom's.
const logTime = "2006-01-02T15:04:05.000Z07:00"

// host is node.Host over stdin, stdout, stderr, the wall clock and a
// directory. Only the event loop touches it.
type host struct {
	node    *node.Node
	program node.Program
	stdout  io.Writer
	stderr  io.Writer
	dataDir string // as configured; resolved on first use of Storage
	seed    uint64

	self  string // the id messages are addressed to, until init names the node
	rand  *rand.Rand
	store *fileStorage

	timers timerHeap
	seq    uint64         // arming order, to break deadline ties
	due    []node.TimerID // reused by fireDue

	line     []byte       // reused output line
	body     bytes.Buffer // reused compacted body
	writeErr error        // the first failed stdout write ends the run
}

var _ node.Host = (*host)(nil)

func (h *host) id() string {
	if id := h.node.ID(); id != "" {
		return id
	}
	return h.self
}

// Now is the wall clock.
func (h *host) Now() time.Time { return time.Now() }

// Rand is created on first use because its stream is named after the node
// id, which init sets before any program code runs.
func (h *host) Rand() *rand.Rand {
	if h.rand == nil {
		h.rand = rng.Stream(h.seed, "node/"+h.id())
	}
	return h.rand
}

// Send writes one protocol line and nothing else. The body is compacted
// (a raw body with newlines would split the line), checked to be a JSON
// object, and has invalid UTF-8 replaced, because Maelstrom's JSON parser
// rejects it and then stops reading this node altogether (spec §1.2).
func (h *host) Send(dest string, body []byte) {
	if h.writeErr != nil {
		return
	}
	h.body.Reset()
	if err := json.Compact(&h.body, body); err != nil || h.body.Len() == 0 || h.body.Bytes()[0] != '{' {
		h.logf("stdio: dropped a message to %s: its body is not a JSON object: %s", dest, clip(body))
		return
	}
	b := h.body.Bytes()
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	h.line = wire.AppendMessage(h.line[:0], h.id(), dest, b)
	h.line = append(h.line, '\n')
	if _, err := h.stdout.Write(h.line); err != nil {
		h.writeErr = fmt.Errorf("writing stdout: %w", err)
		h.logf("stdio: %v", h.writeErr)
	}
}

// Log writes line to stderr with a timestamp, in one Write.
func (h *host) Log(line string) {
	b := time.Now().AppendFormat(make([]byte, 0, len(logTime)+len(line)+2), logTime)
	b = append(b, ' ')
	b = append(b, line...)
	if !strings.HasSuffix(line, "\n") {
		b = append(b, '\n')
	}
	_, _ = h.stderr.Write(b) // nowhere left to report a failing stderr
}

func (h *host) logf(format string, args ...any) { h.Log(fmt.Sprintf(format, args...)) }

// SetTimer queues the timer; the event loop fires it. Cancelled timers stay
// queued until due and are then ignored by the node.
func (h *host) SetTimer(d time.Duration, id node.TimerID) {
	h.seq++
	heap.Push(&h.timers, timerEntry{at: time.Now().Add(d), seq: h.seq, id: id})
}

// dir is the node's data directory: as configured, or named after the node.
func (h *host) dir() string {
	if h.dataDir != "" {
		return h.dataDir
	}
	return defaultDataDir(h.id())
}

// runsFile counts the starts of a node in its data directory. Its name
// starts with '.', which no escaped key does, so it is not a key.
const runsFile = ".runs"

// nextRun counts this start of the node and returns how many came before,
// so that a restarted node numbers its RPCs apart from its earlier runs
// (node.Restarted): a late reply to the crashed run must not complete a
// call of this one. A failure to count is logged and counts as a first run.
func (h *host) nextRun() int {
	path := filepath.Join(h.dir(), runsFile)
	runs := 0
	if b, err := os.ReadFile(path); err == nil {
		runs, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(path, []byte(strconv.Itoa(runs+1)), 0o644)
	}
	if err != nil {
		h.logf("stdio: counting starts in %s: %v", path, err)
		return 0
	}
	return runs
}

// Storage opens the data directory on first use, when the node id that
// names the default directory is known.
func (h *host) Storage() node.Storage {
	if h.store == nil {
		dir := h.dir()
		h.store = openFileStorage(dir)
		if n := len(h.store.Keys()); n > 0 {
			h.logf("stdio: storage in %s already holds %d key(s) from an earlier run", dir, n)
		} else {
			h.logf("stdio: storage in %s (empty)", dir)
		}
	}
	return h.store
}

// timerEntry is one armed timer. The heap orders by (at, seq): a deadline
// tie goes to the timer armed first.
type timerEntry struct {
	at  time.Time
	seq uint64
	id  node.TimerID
}

type timerHeap []timerEntry

func (q timerHeap) Len() int { return len(q) }
func (q timerHeap) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q timerHeap) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *timerHeap) Push(x any)   { *q = append(*q, x.(timerEntry)) }
func (q *timerHeap) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func (q *timerHeap) pop() timerEntry { return heap.Pop(q).(timerEntry) }
