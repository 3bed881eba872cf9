package host

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"time"
)

// input is what process goroutines post to Drive.
type input struct {
	p    *proc
	kind inputKind
	buf  []byte   // inStdout, inStderr: lines back to back, without their '\n'
	ends []int    // end offset of each line in buf
	size int      // inLong: the length of the skipped line
	exit exitInfo // inExit
}

type inputKind uint8

const (
	inStdout inputKind = iota // a batch of stdout lines
	inStderr                  // a batch of stderr lines
	inLong                    // a stdout line over the limit: buf holds its start
	inExit                    // the process exited; always its last input
)

type exitInfo struct {
	state    *os.ProcessState
	expected bool      // Kill or Stop ended it
	at       time.Time // when the leader exited
}

// each calls fn for every line of a batch.
func (in *input) each(fn func(line []byte)) {
	start := 0
	for _, end := range in.ends {
		fn(in.buf[start:end])
		start = end
	}
}

const (
	readBuf    = 64 << 10 // the reader's buffer, and the size of a batch
	batchLines = 1024
	stderrMax  = 64 << 10 // a log line longer than this is truncated, not skipped
)

// read splits one stream of p into lines and posts them in batches. A batch
// is posted when it is big, or when no complete line is waiting in the
// buffer, so a quiet node's last line is never held back waiting for more.
func (c *Cluster) read(p *proc, f *os.File, kind inputKind) {
	defer f.Close()
	limit := c.lim.maxLine
	if kind == inStderr {
		limit = stderrMax
	}
	lr := lineReader{r: bufio.NewReaderSize(f, readBuf), max: limit}
	b := input{p: p, kind: kind}
	flush := func() bool {
		if len(b.ends) == 0 {
			return true
		}
		ok := c.post(b)
		b = input{p: p, kind: kind}
		return ok
	}
	for {
		line, cut, err := lr.next()
		if err != nil {
			flush()
			return
		}
		if cut > 0 {
			if kind == inStdout {
				head := bytes.Clone(line[:min(len(line), excerptMax)])
				if !flush() || !c.post(input{p: p, kind: inLong, buf: head, size: len(line) + cut}) {
					return
				}
				continue
			}
			line = fmt.Appendf(line, " … [%d more bytes cut]", cut)
		}
		b.buf = append(b.buf, line...)
		b.ends = append(b.ends, len(b.buf))
		if len(b.buf) >= readBuf || len(b.ends) >= batchLines || !lr.lineWaiting() {
			if !flush() {
				return
			}
		}
	}
}

// lineReader reads lines of any length, keeping at most max bytes of each.
type lineReader struct {
	r    *bufio.Reader
	max  int
	long []byte // the current line, when it outgrows the reader's buffer
}

// next returns the next line without its '\n' (and a final line without
// one), and how many bytes beyond max were cut from it. The line is valid
// until the next call.
func (lr *lineReader) next() (line []byte, cut int, err error) {
	lr.long = lr.long[:0]
	for {
		frag, err := lr.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			room := max(0, lr.max-len(lr.long))
			lr.long = append(lr.long, frag[:min(room, len(frag))]...)
			cut += len(frag) - min(room, len(frag))
			continue
		}
		frag = bytes.TrimSuffix(frag, []byte("\n"))
		if err != nil && len(frag) == 0 && len(lr.long) == 0 && cut == 0 {
			return nil, 0, err // end of stream (or read deadline)
		}
		if len(lr.long) == 0 && cut == 0 && len(frag) <= lr.max {
			return frag, 0, nil // the common case: no copy
		}
		room := max(0, lr.max-len(lr.long))
		lr.long = append(lr.long, frag[:min(room, len(frag))]...)
		cut += len(frag) - min(room, len(frag))
		line = lr.long
		if cap(lr.long) > 4*readBuf {
			lr.long = nil // do not keep a 16 MiB buffer after one long line
		}
		return line, cut, nil
	}
}

// lineWaiting reports whether a complete line is already buffered, so
// reading it will not block.
func (lr *lineReader) lineWaiting() bool {
	buf, _ := lr.r.Peek(lr.r.Buffered())
	return bytes.IndexByte(buf, '\n') >= 0
}
