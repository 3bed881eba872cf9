package trace

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sample(t *testing.T) []byte {
	var buf bytes.Buffer
	w := NewWriter(&buf, Header{Eddy: "test", Seed: 9, Mode: "in-process", Options: []byte(`{"rate":5}`)})
	w.Send(1, 1, "c0", "n1", []byte(`{"type":"init","msg_id":1}`))
	w.Deliver(2, 1, "c0", "n1")
	w.Drop(3, 2, "n1", "n2", "partition")
	w.Timer(4, "n1", 7)
	w.Fault(5, "start-partition", []byte(`{"shape":"one"}`))
	w.Op(6, []byte(`{"type":"invoke","f":"echo"}`))
	w.Log(7, "n1", "hello \"world\"\n")
	w.Crash(8, "n2", "panic: boom")
	_, err := w.Close()
	require.NoError(t, err)
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	raw := sample(t)
	tr, err := Read(bytes.NewReader(raw))
	require.NoError(t, err)
	assert.Equal(t, uint64(9), tr.Header.Seed)
	require.Len(t, tr.Events, 8)
	assert.Equal(t, Event{T: 3, Kind: KindDrop, ID: 2, Src: "n1", Dest: "n2", Reason: "partition"}, tr.Events[2])
	assert.Equal(t, "hello \"world\"\n", tr.Events[6].Text)
	assert.True(t, strings.HasPrefix(tr.Hash, "sha256:"))
}

func TestReadNamesTheBadLine(t *testing.T) {
	raw := sample(t)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"edited":    {bytes.Replace(raw, []byte(`"n2"`), []byte(`"n3"`), 1), "hash mismatch"},
		"truncated": {raw[:bytes.LastIndexByte(raw[:len(raw)-1], '\n')+1], "without an end line"},
		"garbage":   {bytes.Replace(raw, []byte(`{"t":4`), []byte(`{"t":4,,`), 1), "line 5"},
		"no header": {[]byte("{\"t\":1}\n"), "line 1: not an Eddy trace header"},
		"empty":     {nil, "empty trace"},
	} {
		_, err := Read(bytes.NewReader(c.data))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), c.want, name)
		}
	}
}

func TestSameEventsSameHash(t *testing.T) {
	assert.Equal(t, sample(t), sample(t))
}
