package stdio

import (
	"bufio"
	"bytes"
	"io"
)

// input is one item from stdin: a line (newline removed), the size of a
// line too long to keep, or a read error. EOF closes the channel instead.
type input struct {
	line    []byte
	skipped int
	err     error
}

// readLines reads r line by line and sends each line on out, until EOF,
// a read error, or stop. It is the only code that runs off the event loop,
// so it does nothing but read: no parsing, no logging. A line longer than
// max is discarded as it streams in, so memory stays bounded by max, and
// reading resumes at the next line. A last line without a newline counts.
func readLines(r io.Reader, max int, out chan<- input, stop <-chan struct{}) {
	defer close(out)
	send := func(in input) bool {
		select {
		case out <- in:
			return true
		case <-stop:
			return false
		}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte // fresh for each line: the event loop owns what it receives
	skipped := 0    // > 0 while discarding an over-long line
	for {
		chunk, err := br.ReadSlice('\n')
		chunk = bytes.TrimSuffix(chunk, []byte{'\n'})
		switch {
		case skipped > 0:
			skipped += len(chunk)
		case len(line)+len(chunk) > max:
			skipped, line = len(line)+len(chunk), nil
		default:
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue // the line goes on
		}
		var in input
		switch {
		case skipped > 0:
			in = input{skipped: skipped}
		case line != nil:
			in = input{line: line}
		}
		if (in.line != nil || in.skipped > 0) && !send(in) {
			return
		}
		line, skipped = nil, 0
		if err != nil {
			if err != io.EOF {
				send(input{err: err})
			}
			return
		}
	}
}
