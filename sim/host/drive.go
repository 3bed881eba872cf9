package host

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/engine"
)

// Drive runs the world in real time until done() or ctx ends. Virtual time
// is wall time since Drive started: due events run when the wall clock
// reaches them, and what processes print is stamped with the wall clock
// (World.Advance) and handled at once. This goroutine is the only one that
// touches the world.
func (c *Cluster) Drive(ctx context.Context, done func() bool) error {
	c.origin, c.base = time.Now(), c.w.Now()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		if c.runDue(ctx, done) {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted at %v", c.w.Now().Round(time.Millisecond))
		}
		next, scheduled := c.w.Next()
		if !scheduled && len(c.procs) == 0 {
			// Nothing can ever happen again: no event is due and no process
			// is left to print anything.
			return fmt.Errorf("stuck at %v: every node process has exited and nothing is scheduled, yet the run is not over",
				c.w.Now().Round(time.Millisecond))
		}
		var due <-chan time.Time
		if scheduled {
			timer.Reset(max(0, next-c.elapsed())) // Go ≥ 1.23: Reset discards a stale tick
			due = timer.C
		}
		select {
		case in := <-c.inbox:
			c.w.Advance(c.elapsed())
			c.handle(in, true)
		case <-due:
		case <-ctx.Done():
		}
	}
}

// runDue runs the events that are due by the wall clock, one at a time so
// that nothing runs after done() turns true (as in-process driving), and
// reports whether done() holds.
func (c *Cluster) runDue(ctx context.Context, done func() bool) bool {
	now := c.elapsed()
	for i := 1; ; i++ {
		if done() {
			return true
		}
		next, ok := c.w.Next()
		if !ok || next > now || (i%4096 == 0 && ctx.Err() != nil) {
			break
		}
		c.w.Step()
	}
	c.w.Advance(now)
	return false
}

// handle processes one input. live is false once Drive has returned (in
// Stop): then output only feeds crash reports and node logs, and nothing is
// sent into the world.
func (c *Cluster) handle(in input, live bool) {
	p, n := in.p, in.p.n
	switch in.kind {
	case inStdout:
		if live {
			n.countLines(len(in.ends))
		}
		in.each(func(line []byte) {
			p.stdoutTail.add(line)
			p.printed++
			if live {
				c.route(n, line)
			}
		})
	case inLong:
		p.stdoutTail.add(in.buf)
		p.printed++
		if live {
			n.problem("bad-line", fmt.Sprintf("printed a line of %d bytes to STDOUT, over the %d MiB limit; skipped it: %s",
				in.size, c.lim.maxLine>>20, excerpt(in.buf, in.size)))
		}
	case inStderr:
		in.each(func(line []byte) {
			p.stderrTail.add(line)
			c.logLine(n, line, live)
		})
	case inExit:
		c.exited(in)
	}
}

// route sends one stdout line into the world, or reports why it cannot.
func (c *Cluster) route(n *node, line []byte) {
	env, err := wire.ParseEnvelope(line)
	if err != nil {
		hint := ""
		if len(line) == 0 || (line[0] != '{' && line[0] != ' ') {
			hint = " (only protocol messages may go to STDOUT: print logs to STDERR)"
		}
		n.problem("bad-line", fmt.Sprintf("printed a line to STDOUT that is not a Maelstrom message: %v%s; skipped it: %s",
			err, hint, excerpt(line, len(line))))
		return
	}
	if env.Src != n.id {
		n.problem("wrong-src", fmt.Sprintf("sent a message to %q with src %q; it was routed as coming from %s, "+
			"whose STDOUT it came from (has the node stored its node_id from init?)", env.Dest, env.Src, n.id))
	}
	c.w.Send(n.id, env.Dest, env.Body)
}

// countLines notices a node printing more than limits.floodLines lines in a
// second. Nothing is dropped: the bounded inbox already slows it down. The
// problem is reported once per node, since a flood repeats every second.
func (n *node) countLines(k int) {
	now := time.Now()
	if now.Sub(n.window) >= time.Second {
		n.window, n.lines = now, 0
	}
	n.lines += k
	if n.lines > n.c.lim.floodLines && !n.flooded {
		n.flooded = true
		n.problem("flood", fmt.Sprintf("printed more than %d lines to STDOUT within one second; Eddy routes them "+
			"as fast as it can and the node's writes block meanwhile. Is it sending in a loop?", n.c.lim.floodLines))
	}
}

// logLine writes a stderr line to the node's log, stamped with seconds since
// Drive started, and (while driving) to the trace, as in-process nodes' logs.
func (c *Cluster) logLine(n *node, line []byte, live bool) {
	now := c.elapsed()
	if live {
		c.w.Trace().Log(c.w.Now(), n.id, string(line))
		now = c.w.Now()
	}
	buf := make([]byte, 0, len(line)+12)
	buf = strconv.AppendFloat(buf, now.Seconds(), 'f', 3, 64)
	buf = append(buf, ' ')
	buf = append(buf, line...)
	buf = append(buf, '\n')
	n.log.Write(buf) // a log that fails must not stop the run
}

// exited handles a process's exit, its last input. An exit nobody asked for
// is a crash: the node goes down and OnCrash hears why (or, once Drive has
// returned, Stop reports it).
func (c *Cluster) exited(in input) {
	p, n := in.p, in.p.n
	for i, q := range c.procs {
		if q == p {
			c.procs = append(c.procs[:i], c.procs[i+1:]...)
			break
		}
	}
	if n.cur == p {
		n.down, n.paused = true, false
	}
	if in.exit.expected {
		return
	}
	why := crashReport(p, in.exit)
	if c.stopped {
		c.stopLate = append(c.stopLate, engine.Problem{Time: c.w.Now(), Node: n.id, Kind: "crash", Text: why})
		return
	}
	c.w.Trace().Crash(c.w.Now(), n.id, in.exit.state.String())
	c.cfg.OnCrash(n.id, why)
}

// crashReport says how a process ended and what it printed last, like
// Maelstrom's report but with the STDERR tail first: that is where a panic
// or a traceback is, and summaries show only a report's first lines. The
// node id is not repeated: a Problem carries it.
func crashReport(p *proc, e exitInfo) string {
	var b strings.Builder
	status := "crashed"
	if e.state != nil {
		status += " with " + e.state.String() // "exit status 3", "signal: segmentation fault"
	}
	fmt.Fprintf(&b, "%s after %v", status, e.at.Sub(p.started).Round(time.Millisecond))
	if p.printed == 0 {
		b.WriteString(", before printing anything to STDOUT")
	}
	b.WriteString(".")
	tail := func(name string, r *ring) {
		lines := r.all()
		switch len(lines) {
		case 0:
			fmt.Fprintf(&b, "\nIt wrote nothing to %s.", name)
			return
		case 1:
			fmt.Fprintf(&b, "\nThe last line it wrote to %s:", name)
		default:
			fmt.Fprintf(&b, "\nThe last %d lines it wrote to %s:", len(lines), name)
		}
		for _, l := range lines {
			b.WriteString("\n    ")
			b.WriteString(l)
		}
	}
	tail("STDERR", &p.stderrTail)
	if p.printed > 0 { // otherwise the first sentence said so
		tail("STDOUT", &p.stdoutTail)
	}
	return b.String()
}

// excerptMax is how much of an offending line a problem quotes.
const excerptMax = 200

// excerpt quotes the start of a line (of size bytes in all), escaping what
// is not printable so an invisible character shows.
func excerpt(line []byte, size int) string {
	if size <= excerptMax && len(line) == size {
		return strconv.Quote(string(line))
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(string(line[:min(len(line), excerptMax)])), size)
}
