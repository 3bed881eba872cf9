package host

import (
	"bufio"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/engine"
)

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 100)
	in := "a\n\n" + long + "\nbb\n" + strings.Repeat("y", 40) + "\nlast"
	// A 16-byte buffer (bufio's minimum) makes every line over 16 bytes take
	// the long path; max 50 cuts the 100-byte line.
	lr := lineReader{r: bufio.NewReaderSize(strings.NewReader(in), 16), max: 50}
	type got struct {
		line string
		cut  int
	}
	var lines []got
	for {
		line, cut, err := lr.next()
		if err != nil {
			assert.Equal(t, io.EOF, err)
			break
		}
		lines = append(lines, got{string(line), cut})
	}
	assert.Equal(t, []got{
		{"a", 0}, {"", 0}, {long[:50], 50}, {"bb", 0}, {strings.Repeat("y", 40), 0},
		{"last", 0}, // a final line without '\n' still counts, as in Maelstrom
	}, lines)
}

func TestLineWaiting(t *testing.T) {
	lr := lineReader{r: bufio.NewReaderSize(strings.NewReader("one\ntwo\nthr"), 64), max: 64}
	_, _, err := lr.next()
	require.NoError(t, err)
	assert.True(t, lr.lineWaiting(), "two is buffered")
	_, _, err = lr.next()
	require.NoError(t, err)
	assert.False(t, lr.lineWaiting(), "only part of a line is buffered")
}

func TestRingKeepsTheLast32(t *testing.T) {
	var r ring
	assert.Empty(t, r.all())
	for i := range 40 {
		r.add([]byte{byte('A' + i)})
	}
	all := r.all()
	require.Len(t, all, 32)
	assert.Equal(t, string(rune('A'+8)), all[0])
	assert.Equal(t, string(rune('A'+39)), all[31])

	r = ring{}
	r.add([]byte(strings.Repeat("z", 5000)))
	assert.Equal(t, strings.Repeat("z", tailLineMax)+"… (5000 bytes)", r.all()[0])
}

func TestExcerpt(t *testing.T) {
	assert.Equal(t, `"DEBUG\tx"`, excerpt([]byte("DEBUG\tx"), 7))
	long := []byte(strings.Repeat("q", 300))
	assert.Equal(t, `"`+strings.Repeat("q", excerptMax)+`"… (300 bytes)`, excerpt(long, len(long)))
}

func TestStdinQueue(t *testing.T) {
	q := stdinQueue{wake: make(chan struct{}, 1)}
	p := &engine.Packet{ID: 7, Src: "c1", Dest: "n1", Body: []byte(`{"type":"echo"}`)}
	add := func(p *engine.Packet) addResult {
		res, _ := q.add(p, 100)
		return res
	}
	assert.Equal(t, queued, add(p))
	line := `{"id":7,"src":"c1","dest":"n1","body":{"type":"echo"}}` + "\n"
	assert.Equal(t, full, add(p), "over the limit")
	assert.Equal(t, line, string(q.take(nil)))
	res, waiting := q.add(p, 100)
	assert.Equal(t, full, res, "what is being written still counts")
	assert.Equal(t, len(line), waiting)
	q.written()
	res, waiting = q.add(&engine.Packet{Body: make([]byte, 500)}, 100)
	assert.Equal(t, queued, res, "an empty queue takes any one message")
	assert.Zero(t, waiting)
	q.close()
	assert.Equal(t, closed, add(p))
	assert.Empty(t, q.take(nil))
}
