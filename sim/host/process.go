package host

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// proc is one incarnation of a node: an OS process leading its own process
// group, and the goroutines that serve its pipes.
type proc struct {
	n       *node
	cmd     *exec.Cmd
	pid     int // also the process group id (Setpgid)
	started time.Time

	stdin     *os.File
	queue     stdinQueue
	closeOnce sync.Once
	stdinDone chan struct{} // closed when stdin is closed; stops the writer

	exited   chan struct{} // closed when the leader has exited (before it is reaped)
	finished chan struct{} // closed after the exit has been posted: all goroutines are done

	mu     sync.Mutex
	ended  bool // Kill or Stop asked it to end: its exit is not a crash
	reaped bool // the leader is reaped: its pid (and so the group id) may be reused

	// Drive goroutine only.
	stdoutTail, stderrTail ring
	printed                int // stdout lines, good or bad
}

// spawn starts a process for n. The process's stdio are pipes Eddy makes
// itself (os.Pipe): exec then copies nothing, so Wait returns as soon as the
// process exits even if a grandchild still holds the pipes, and the read
// ends support deadlines, which bound how long output is read after an exit.
func (c *Cluster) spawn(n *node) (*proc, error) {
	var files []*os.File // every end, closed on error
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		files = append(files, r, w)
		return r, w, err
	}
	closeAll := func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}
	inR, inW, err1 := pipe()
	outR, outW, err2 := pipe()
	errR, errW, err3 := pipe()
	if err := errors.Join(err1, err2, err3); err != nil {
		closeAll()
		return nil, fmt.Errorf("node %s: pipes: %w", n.id, err)
	}
	cmd := exec.Command(c.bin, c.cfg.Args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "EDDY_DATA_DIR="+c.data)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	setGroup(cmd)
	// With *os.File stdio exec starts no copying goroutines, so this never
	// fires; it keeps Wait bounded should that ever change.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		closeAll()
		if errors.Is(err, syscall.ENOEXEC) {
			return nil, fmt.Errorf("node %s: --bin %s: %w (a script needs a #! line, e.g. #!/usr/bin/env python3)", n.id, c.cfg.Bin, err)
		}
		return nil, fmt.Errorf("node %s: start --bin %s: %w", n.id, c.cfg.Bin, err)
	}
	// The child has its own copies; keeping ours would hide EOF from both sides.
	inR.Close()
	outW.Close()
	errW.Close()

	p := &proc{
		n: n, cmd: cmd, pid: cmd.Process.Pid, started: time.Now(),
		stdin:     inW,
		stdinDone: make(chan struct{}),
		exited:    make(chan struct{}),
		finished:  make(chan struct{}),
	}
	p.queue.wake = make(chan struct{}, 1)
	c.procs = append(c.procs, p)

	var readers sync.WaitGroup
	readers.Go(func() { c.read(p, outR, inStdout) })
	readers.Go(func() { c.read(p, errR, inStderr) })
	c.wg.Go(p.write)
	c.wg.Go(func() { c.await(p, &readers, outR, errR) })
	return p, nil
}

// end marks the process as ended on purpose (Kill, Stop) and closes its
// stdin. An exit after this is not reported as a crash.
func (p *proc) end() {
	p.mu.Lock()
	p.ended = true
	p.mu.Unlock()
	p.closeStdin()
}

func (p *proc) closeStdin() {
	p.closeOnce.Do(func() {
		p.queue.close()
		close(p.stdinDone)
		p.stdin.Close() // also wakes a writer blocked on a full pipe
	})
}

// signal sends sig to the process group, unless the leader is reaped: then
// the group id may belong to someone else, and the waiter has already killed
// what was left of the group.
func (p *proc) signal(sig groupSignal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.reaped {
		signalGroup(p.pid, sig)
	}
}

// await is the process's waiter. It waits for the leader to exit, kills the
// rest of its group (a dead node's helpers must not keep talking as it),
// reaps it, lets the readers drain what is left in the pipes, and posts the
// exit after the last line, so a crash report sees the whole tail.
func (c *Cluster) await(p *proc, readers *sync.WaitGroup, out, errs *os.File) {
	defer close(p.finished)
	zombie := awaitExit(p.pid) // on Linux the group id stays reserved until Wait
	if !zombie {
		p.cmd.Wait() // elsewhere: reap first, then kill the group (a small pid-reuse window)
	}
	at := time.Now()
	p.mu.Lock()
	expected := p.ended
	signalGroup(p.pid, sigKill)
	p.reaped = true
	p.mu.Unlock()
	close(p.exited)
	if zombie {
		p.cmd.Wait()
	}
	awaitGroupGone(p.pid, c.lim.drain)
	p.closeStdin()
	// A grandchild that left the group may hold the pipes forever; read what
	// is there, then give up on it.
	deadline := time.Now().Add(c.lim.drain)
	out.SetReadDeadline(deadline)
	errs.SetReadDeadline(deadline)
	readers.Wait()
	c.post(input{p: p, kind: inExit, exit: exitInfo{state: p.cmd.ProcessState, expected: expected, at: at}})
}

// post hands an input to Drive, blocking while the inbox is full (this is
// the backpressure that slows a flooding node). It reports false once Stop
// no longer drains.
func (c *Cluster) post(in input) bool {
	select {
	case c.inbox <- in:
		return true
	case <-c.quit:
		return false
	}
}

// write is the process's stdin writer: it writes whatever Deliver queued,
// as one write per wake-up, until stdin is closed or a write fails (the
// process is gone; later messages are dropped silently, as in Maelstrom).
func (p *proc) write() {
	var spare []byte
	for {
		select {
		case <-p.queue.wake:
		case <-p.stdinDone:
			return
		}
		// The queue keeps spare now; the writer must never hold on to it,
		// or Deliver would append into the very bytes being written.
		out := p.queue.take(spare)
		if len(out) == 0 {
			spare = out[:0]
			continue
		}
		if _, err := p.stdin.Write(out); err != nil {
			p.queue.close()
			return
		}
		p.queue.written()
		spare = out[:0]
		if cap(spare) > 1<<20 {
			spare = nil // do not keep a flood-sized buffer for good
		}
	}
}
