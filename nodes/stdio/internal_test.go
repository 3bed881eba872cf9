package stdio

import (
	"container/heap"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
)

func collect(t *testing.T, r io.Reader, max int) []input {
	t.Helper()
	out := make(chan input)
	go readLines(r, max, out, make(chan struct{}))
	var got []input
	for in := range out {
		got = append(got, in)
	}
	return got
}

func TestReadLinesSkipsOverlongLines(t *testing.T) {
	// One byte at a time, so long lines arrive in many pieces.
	r := iotest.OneByteReader(strings.NewReader("short\n0123456789abc\n\nexactly10!\nlast"))
	got := collect(t, r, 10)
	assert.Equal(t, []input{
		{line: []byte("short")},
		{skipped: 13},
		{line: []byte("exactly10!")},
		{line: []byte("last")},
	}, got, "an over-long line is reported by size and reading goes on; blank lines are not sent")
}

func TestReadLinesLongerThanBuffer(t *testing.T) {
	long := strings.Repeat("y", 200<<10) // several bufio buffers
	got := collect(t, strings.NewReader(long+"\nz\n"), 1<<20)
	require.Len(t, got, 2)
	assert.Equal(t, long, string(got[0].line))
	assert.Equal(t, "z", string(got[1].line))
}

func TestReadLinesReportsReadErrors(t *testing.T) {
	// TimeoutReader fails its second Read, while "b" still waits for its
	// newline: the fragment is passed on (the loop will find it malformed),
	// then the error.
	got := collect(t, iotest.TimeoutReader(strings.NewReader("a\nb")), 10)
	require.Len(t, got, 3)
	assert.Equal(t, []input{{line: []byte("a")}, {line: []byte("b")}}, got[:2])
	assert.ErrorIs(t, got[2].err, iotest.ErrTimeout)
}

func TestReadLinesStops(t *testing.T) {
	out := make(chan input) // nobody receives
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { readLines(strings.NewReader("a\nb\n"), 10, out, stop); close(done) }()
	close(stop)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("readLines did not stop")
	}
}

// The heap pops by deadline, and equal deadlines in arming order.
func TestTimerHeapOrder(t *testing.T) {
	at := time.Now()
	var q timerHeap
	for i, d := range []time.Duration{3, 1, 2, 1, 1} {
		heap.Push(&q, timerEntry{at: at.Add(d), seq: uint64(i + 1), id: node.TimerID(i + 1)})
	}
	var got []node.TimerID
	for len(q) > 0 {
		got = append(got, q.pop().id)
	}
	assert.Equal(t, []node.TimerID{2, 4, 5, 3, 1}, got)
}

func TestEscapeKey(t *testing.T) {
	for key, name := range map[string]string{
		"boot":       "boot",
		"log.0":      "log.0",
		".hidden":    "%2Ehidden",
		"..":         "%2E.",
		"a/b":        "a%2Fb",
		"Boot":       "%42oot",
		"":           "",
		"50%":        "50%25",
		"k\x00é":     "k%00%C3%A9",
		"with space": "with%20space",
	} {
		assert.Equal(t, name, escapeKey(key), key)
		back, ok := unescapeKey(name)
		assert.True(t, ok, name)
		assert.Equal(t, key, back)
	}
	// Names escapeKey cannot produce are not keys.
	for _, name := range []string{"%zz", "%4", "%61", "%2f", "A", ".x"} {
		_, ok := unescapeKey(name)
		assert.False(t, ok, name)
	}
	// Keys that differ only in case get names that differ in more than case.
	assert.NotEqual(t, strings.ToLower(escapeKey("Key")), strings.ToLower(escapeKey("key")))
}

func TestFileStorage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "n1")
	s := openFileStorage(dir)
	assert.Empty(t, s.Keys(), "a missing directory is empty storage")
	_, ok := s.Get("x")
	assert.False(t, ok)
	require.NoError(t, s.Delete("x"), "deleting a missing key is fine")
	assert.NoDirExists(t, dir, "nothing is created until the first Put")

	for _, k := range []string{"b", "a/1", "B", "", ".tmp-x"} {
		require.NoError(t, s.Put(k, []byte("v:"+k)))
	}
	require.NoError(t, s.Put("b", []byte("new")))
	assert.Equal(t, []string{"", ".tmp-x", "B", "a/1", "b"}, s.Keys(), "sorted by key")
	v, ok := s.Get("b")
	assert.True(t, ok)
	assert.Equal(t, "new", string(v))
	v, ok = s.Get(".tmp-x")
	assert.True(t, ok, "a key that looks like a temporary file is still a key")
	assert.Equal(t, "v:.tmp-x", string(v))

	require.NoError(t, s.Delete("B"))
	_, ok = s.Get("B")
	assert.False(t, ok)

	err := s.Put(strings.Repeat("K", 100), nil)
	assert.ErrorContains(t, err, "too long")

	// A crash during Put leaves a temporary file; reopening removes it, and
	// stray files are never taken for keys.
	require.NoError(t, os.WriteFile(filepath.Join(dir, tmpPrefix+"123"), []byte("half"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644))
	s = openFileStorage(dir)
	assert.NoFileExists(t, filepath.Join(dir, tmpPrefix+"123"))
	assert.Equal(t, []string{"", ".tmp-x", "a/1", "b"}, s.Keys())
}
