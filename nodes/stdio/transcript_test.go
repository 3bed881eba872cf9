package stdio_test

// Transcript tests: testdata/*.txt are scripts a learner can read as the
// story of one node process.
//
//	# comment
//	program echo     the program to run (see programs below)
//	> {...}          a line written to the node's stdin
//	< {...}          a line the node printed on stdout, compared exactly
//	! text           a line the node logged on stderr, timestamp removed
//	eof              stdin ends here (implicit at the end of the file)
//	= nil            what Run returned
//
// "<", "!" and "=" lines are output: the test regenerates them and compares
// the whole file, and `go test ./nodes/stdio -run Transcripts -rewrite`
// writes the regenerated file back, to review as a diff. Stdout lines are
// compared exactly, not as JSON values: the node writes compact JSON whose
// key order is deterministic (encoding/json sorts map keys, the node puts
// in_reply_to and msg_id first), and that exact line is what Maelstrom
// reads.
//
// Output is listed under the input that caused it. To know where one
// input's output ends, the harness follows every input with a sync request
// from "transcript-sync", which the programs here do not handle, and cuts
// at the error reply to it, which it leaves out. The node handles lines in
// order, so everything printed before that reply belongs to the input.

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/stdio"
)

var rewrite = flag.Bool("rewrite", false, "regenerate the expected output in testdata/*.txt")

// programs are the programs a transcript can name.
var programs = map[string]node.Program{
	"echo":   echo.Program,
	"errors": errorsProgram,
}

// errorsProgram shows how what a handler returns becomes a reply.
func errorsProgram(n *node.Node) {
	n.Logf("errors program started on %s", n.ID())
	n.Handle("cas", func(node.Message) error {
		return node.Errorf(node.PreconditionFailed, "expected 1, found 2")
	})
	n.Handle("custom", func(node.Message) error {
		return &node.Error{Code: 1001}
	})
	n.Handle("write", func(node.Message) error {
		return errors.New("disk on fire")
	})
	n.Handle("note", func(node.Message) error {
		return errors.New("cannot take notes")
	})
}

func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			want, err := os.ReadFile(file)
			require.NoError(t, err)
			got := runTranscript(t, string(want))
			if *rewrite {
				require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
				return
			}
			assert.Equal(t, string(want), got, "run with -rewrite to update %s, then review the diff", file)
		})
	}
}

const syncSrc = "transcript-sync"

// runTranscript runs a script and returns it with its output regenerated.
func runTranscript(t *testing.T, script string) string {
	var out []string
	var p *proc
	dest, ended := "n1", false
	for _, line := range strings.Split(strings.TrimSuffix(script, "\n"), "\n") {
		switch {
		case isOutput(line):
			// regenerated below
		case strings.HasPrefix(line, "program "):
			require.Nil(t, p, "one program line per transcript")
			program, ok := programs[strings.TrimPrefix(line, "program ")]
			require.True(t, ok, "unknown program in %q", line)
			p = start(t, program, stdio.Options{})
			out = append(out, line)
		case strings.HasPrefix(line, "> "):
			require.NotNil(t, p, "a program line must come before the first input")
			require.False(t, ended, "input after eof")
			in := strings.TrimPrefix(line, "> ")
			if env, err := wire.ParseEnvelope([]byte(in)); err == nil {
				dest = env.Dest // the sync request goes where the inputs go
			}
			out = append(out, line)
			out = append(out, step(p, in, dest)...)
		case line == "eof":
			require.NotNil(t, p, "a program line must come before eof")
			out = append(out, line)
			out = append(out, finish(p)...)
			ended = true
		default:
			out = append(out, line)
		}
	}
	if !ended {
		require.NotNil(t, p, "a transcript needs a program line")
		out = append(out, "eof")
		out = append(out, finish(p)...)
	}
	return strings.Join(out, "\n") + "\n"
}

func isOutput(line string) bool {
	return len(line) > 0 && strings.ContainsRune("<!=", rune(line[0])) && (len(line) == 1 || line[1] == ' ')
}

// step feeds one input line and returns the output it caused.
func step(p *proc, in, dest string) []string {
	p.t.Helper()
	to, _ := json.Marshal(dest)
	p.send(in)
	p.send(`{"src":"` + syncSrc + `","dest":` + string(to) + `,"body":{"type":"transcript_sync","msg_id":1}}`)
	var got []string
	for {
		line, ok := p.next()
		if !ok {
			break // Run returned
		}
		if env, err := wire.ParseEnvelope([]byte(line)); err == nil && env.Dest == syncSrc {
			break
		}
		got = append(got, "< "+line)
	}
	return append(got, stderrLines(p.stderr.take())...)
}

// finish ends stdin and returns the remaining output and Run's result.
func finish(p *proc) []string {
	p.t.Helper()
	_ = p.stdin.Close()
	var got []string
	for {
		line, ok := p.next()
		if !ok {
			break
		}
		got = append(got, "< "+line)
	}
	result := "nil"
	if err := p.wait(); err != nil {
		result = "error: " + strings.SplitN(err.Error(), "\n", 2)[0]
	}
	got = append(got, stderrLines(p.stderr.take())...)
	return append(got, "= "+result)
}

var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d) `)

func stderrLines(s string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if l != "" {
			lines = append(lines, "! "+timestamp.ReplaceAllString(l, ""))
		}
	}
	return lines
}
