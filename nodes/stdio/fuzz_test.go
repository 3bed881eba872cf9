package stdio_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/stdio"
)

// FuzzStdin feeds arbitrary bytes to the echo node. Whatever arrives, the
// runtime must not panic or hang, must end cleanly at EOF, and must print
// only well-formed protocol lines.
func FuzzStdin(f *testing.F) {
	init := initLine("n1")
	f.Add([]byte(init + "\n" + `{"id":1,"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1,"echo":"hi"}}` + "\n"))
	f.Add([]byte(`{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1}}` + "\n" + init))
	f.Add([]byte(init + "\nnot json\n\n[1]\n" + `{"src":"\u0000","dest":"n1","body":{"type":"echo","msg_id":-1,"echo":"\ud800"}}`))
	f.Add([]byte(`{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1.0,"node_id":"\n","node_ids":null}}` + "\r\n"))
	f.Add([]byte(init + "\n" + `{"src":"c1","dest":"n1","body":{"type":"echo","in_reply_to":1,"msg_id":1e3}}`))
	dir := f.TempDir() // echo keeps nothing, but just in case
	f.Fuzz(func(t *testing.T, stdin []byte) {
		if len(stdin) > 1<<16 {
			t.Skip("bounded input")
		}
		var out bytes.Buffer
		err := stdio.Run(echo.Program, stdio.Options{
			Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: io.Discard, Seed: 1,
			DataDir: dir,
		})
		require.NoError(t, err)
		if out.Len() == 0 {
			return
		}
		require.True(t, bytes.HasSuffix(out.Bytes(), []byte("\n")), "every line ends with a newline")
		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			require.True(t, json.Valid([]byte(line)), "stdout line is not JSON: %q", line)
			env, err := wire.ParseEnvelope([]byte(line))
			require.NoError(t, err, "stdout line breaks Maelstrom's envelope schema: %q", line)
			require.False(t, env.HasID, "nodes do not print an envelope id")
		}
	})
}
