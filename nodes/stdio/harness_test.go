package stdio_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/stdio"
)

// waitLimit bounds every wait in these tests: a hang fails, it does not
// stall the test binary. Nothing here should come close to it.
const waitLimit = 10 * time.Second

// proc is a node program running under stdio.Run, driven line by line
// through pipes as Maelstrom drives a node process.
type proc struct {
	t      testing.TB
	stdin  *io.PipeWriter
	stdout chan string
	stderr *lockedBuffer
	done   chan error
	result error
	ended  bool
}

var errRunReturned = errors.New("Run returned")

func start(t testing.TB, program node.Program, opts stdio.Options) *proc {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	p := &proc{t: t, stdin: inW, stdout: make(chan string, 1024), stderr: &lockedBuffer{}, done: make(chan error, 1)}
	opts.Stdin, opts.Stdout, opts.Stderr = inR, outW, p.stderr
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	go func() {
		err := stdio.Run(program, opts)
		inR.CloseWithError(errRunReturned) // later writes to stdin fail instead of blocking
		outW.Close()
		p.done <- err
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			p.stdout <- sc.Text()
		}
		close(p.stdout)
	}()
	t.Cleanup(func() {
		if !p.ended {
			_ = p.close()
		}
	})
	return p
}

// send writes one stdin line. After Run has returned it does nothing.
func (p *proc) send(line string) {
	_, _ = io.WriteString(p.stdin, line+"\n")
}

// next returns the next stdout line, or false once stdout has ended.
func (p *proc) next() (string, bool) {
	p.t.Helper()
	select {
	case line, ok := <-p.stdout:
		return line, ok
	case <-time.After(waitLimit):
		p.t.Fatalf("no stdout line within %v; stderr so far:\n%s", waitLimit, p.stderr.String())
		return "", false
	}
}

// expect returns the next stdout line and fails the test if there is none.
func (p *proc) expect() string {
	p.t.Helper()
	line, ok := p.next()
	if !ok {
		p.t.Fatalf("stdout ended; stderr:\n%s", p.stderr.String())
	}
	return line
}

// close ends stdin and returns Run's result, once Run has returned.
func (p *proc) close() error {
	p.t.Helper()
	_ = p.stdin.Close()
	return p.wait()
}

// wait returns Run's result, draining stdout so that Run cannot block on it.
func (p *proc) wait() error {
	p.t.Helper()
	if p.ended {
		return p.result
	}
	deadline := time.After(waitLimit)
	for {
		select {
		case err := <-p.done:
			p.ended, p.result = true, err
			return err
		case <-p.stdout:
		case <-deadline:
			p.t.Fatalf("Run did not return within %v; stderr:\n%s", waitLimit, p.stderr.String())
		}
	}
}

// run runs program over all of stdin at once and returns stdout, stderr
// and Run's result.
func run(t testing.TB, program node.Program, dataDir string, stdin ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, log bytes.Buffer
	err = stdio.Run(program, stdio.Options{
		Stdin:   strings.NewReader(strings.Join(stdin, "\n") + "\n"),
		Stdout:  &out,
		Stderr:  &log,
		DataDir: dataDir,
		Seed:    1,
	})
	return out.String(), log.String(), err
}

// lockedBuffer is a bytes.Buffer that the node's loop writes while the
// test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	off int // read position of take
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// take returns what was written since the last take.
func (b *lockedBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()[b.off:]
	b.off = b.buf.Len()
	return s
}

func initLine(id string) string {
	return `{"id":0,"src":"c0","dest":"` + id + `","body":{"type":"init","msg_id":1,"node_id":"` + id + `","node_ids":["` + id + `"]}}`
}

func requireInitOK(t testing.TB, p *proc, id string) {
	t.Helper()
	require.Equal(t, `{"src":"`+id+`","dest":"c0","body":{"in_reply_to":1,"type":"init_ok"}}`, p.expect())
}
