package sim

import (
	"bytes"
	"fmt"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/trace"
)

// tape is a session's trace kept in memory and decoded as it is written,
// so a viewer can read every event so far. It is an io.Writer for the
// trace writer's output; the header and end lines are not events.
type tape struct {
	events []trace.Event
	steps  []int64 // steps[i]: how many steps had started when event i was written
	now    func() int64
	line   []byte // a line split across writes
	err    error  // the first line that did not decode; sticky
}

func (t *tape) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			t.line = append(t.line, p...)
			break
		}
		line := p[:i]
		if len(t.line) > 0 {
			line = append(t.line, line...)
			t.line = t.line[:0]
		}
		t.add(line)
		p = p[i+1:]
	}
	return n, nil
}

// add decodes one line. The writer reuses its buffer, so the line is
// copied before decoding: decoded bodies may point into it.
func (t *tape) add(line []byte) {
	if t.err != nil || bytes.HasPrefix(line, []byte(`{"eddy"`)) || bytes.HasPrefix(line, []byte(`{"ev":"end"`)) {
		return
	}
	var ev trace.Event
	if err := wire.Unmarshal(bytes.Clone(line), &ev); err != nil {
		t.err = fmt.Errorf("trace event %d: %w", len(t.events)+1, err)
		return
	}
	var step int64 // init goes out while the run starts, before any step
	if t.now != nil {
		step = t.now()
	}
	t.events = append(t.events, ev)
	t.steps = append(t.steps, step)
}
