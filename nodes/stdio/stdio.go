package stdio

import (
	"bytes"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
)

// maxLine is the longest stdin line Run accepts, newline excluded.
const maxLine = 64 << 20

// Options configures Run. The zero value runs on the process's own stdin,
// stdout and stderr, with the default data directory and a random seed.
type Options struct {
	Stdin  io.Reader // messages to the node; os.Stdin if nil
	Stdout io.Writer // protocol lines only; os.Stdout if nil
	Stderr io.Writer // the node's log; os.Stderr if nil

	// DataDir is the node's storage directory, used as given. If empty:
	// $EDDY_DATA_DIR/<node-id>, else <os.TempDir()>/eddy-<node-id>.
	DataDir string

	// Seed seeds the node's random stream; 0 means a random seed.
	Seed uint64
}

// Main runs program on the process's stdin, stdout and stderr and returns
// the exit status: 0 when stdin ended, 1 when the node crashed or its
// streams failed. Run has already explained why on stderr.
//
//	func main() { os.Exit(stdio.Main(myProgram)) }
func Main(program node.Program) int {
	if err := Run(program, Options{}); err != nil {
		return 1
	}
	return 0
}

// Run runs program until stdin ends, then returns nil. It returns an error,
// after logging it to Stderr, when node code panics (the error wraps the
// *node.PanicError) or when reading stdin or writing stdout fails.
//
// If Run returns before stdin ends, its reader goroutine may stay blocked
// reading stdin; a process that exits, as Main's caller does, does not care.
func Run(program node.Program, opts Options) error {
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Seed == 0 {
		opts.Seed = randomSeed()
	}
	h := &host{program: program, stdout: opts.Stdout, stderr: opts.Stderr, dataDir: opts.DataDir, seed: opts.Seed}
	h.node = node.New(program, h)

	lines := make(chan input, 64)
	stop := make(chan struct{})
	defer close(stop)
	go readLines(opts.Stdin, maxLine, lines, stop)
	return h.loop(lines)
}

func randomSeed() uint64 {
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		return uint64(time.Now().UnixNano()) // crypto/rand never fails on supported systems
	}
	if s := binary.LittleEndian.Uint64(b[:]); s != 0 {
		return s
	}
	return 1
}

// loop is the event loop: the only goroutine that runs node code.
func (h *host) loop(lines <-chan input) error {
	// One Go timer, re-armed for the earliest deadline on every turn. Since
	// Go 1.23, Reset discards a tick nobody received, so no draining.
	wake := time.NewTimer(time.Hour)
	defer wake.Stop()
	for {
		var wakeC <-chan time.Time
		if len(h.timers) > 0 {
			wake.Reset(time.Until(h.timers[0].at))
			wakeC = wake.C
		}
		var err error
		select {
		case in, ok := <-lines:
			if !ok {
				h.logf("stdio: stdin closed; exiting")
				return nil
			}
			err = h.handle(in)
		case <-wakeC:
			err = h.fireDue()
		}
		if err == nil {
			err = h.writeErr
		}
		if err != nil {
			return err
		}
	}
}

// handle processes one item from the reader.
func (h *host) handle(in input) error {
	switch {
	case in.err != nil:
		h.logf("stdio: reading stdin: %v", in.err)
		return fmt.Errorf("reading stdin: %w", in.err)
	case in.skipped > 0:
		h.logf("stdio: skipped a %d-byte stdin line: longer than the %d MiB limit", in.skipped, maxLine>>20)
		return nil
	case len(bytes.TrimSpace(in.line)) == 0:
		return nil // a blank line carries nothing worth a complaint
	}
	env, err := wire.ParseEnvelope(in.line)
	if err != nil {
		h.logf("stdio: skipped malformed stdin line (%v): %s", err, clip(in.line))
		return nil
	}
	fresh := h.node.ID() == ""
	if fresh {
		// Until init names the node, replies (error 11) are sent from the
		// id the message was addressed to.
		h.self = env.Dest
		if hdr, _ := wire.ParseHeader(env.Body); hdr.Type == "init" {
			if run := h.nextRun(); run > 0 {
				h.node = node.Restarted(h.program, h, run)
			}
		}
	}
	err = h.node.Deliver(env.Src, env.Body)
	if id := h.node.ID(); fresh && id != "" {
		h.logf("stdio: node %s initialized (seed %d)", id, h.seed)
	}
	if err == nil {
		return nil
	}
	hdr, _ := wire.ParseHeader(env.Body) // ParseEnvelope has checked it
	return h.report(fmt.Sprintf("handling %s from %s", hdr.Type, env.Src), err)
}

// fireDue runs every timer whose deadline has passed, in (deadline, arming
// order). Timers armed meanwhile wait for the next turn, so a timer that
// re-arms itself with a zero delay cannot starve stdin.
func (h *host) fireDue() error {
	now := time.Now()
	h.due = h.due[:0]
	for len(h.timers) > 0 && !h.timers[0].at.After(now) {
		h.due = append(h.due, h.timers.pop().id)
	}
	for _, id := range h.due {
		if err := h.node.Fire(id); err != nil {
			if fatal := h.report(fmt.Sprintf("running timer %d", id), err); fatal != nil {
				return fatal
			}
		}
	}
	return nil
}

// report logs an error from node code and returns it if it ends the run,
// which only a panic does.
func (h *host) report(what string, err error) error {
	var perr *node.PanicError
	if !errors.As(err, &perr) {
		h.logf("stdio: %s: %v", what, err)
		return nil
	}
	// The stack first and the summary last: Maelstrom prints only the last
	// 32 lines of a crashed node's stderr.
	h.Log(perr.Stack)
	h.logf("stdio: node %s crashed %s: panic: %v", h.id(), what, perr.Value)
	return fmt.Errorf("node %s crashed %s: %w", h.id(), what, perr)
}

// clip renders a stdin line for the log: at most 1 KiB, quoted if it holds
// bytes that would garble a terminal.
func clip(line []byte) string {
	const max = 1 << 10
	tail := ""
	if len(line) > max {
		tail = fmt.Sprintf("… (%d bytes)", len(line))
		line = line[:max]
	}
	printable := utf8.Valid(line) && bytes.IndexFunc(line, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) < 0
	if printable {
		return string(line) + tail
	}
	return fmt.Sprintf("%q", line) + tail
}
