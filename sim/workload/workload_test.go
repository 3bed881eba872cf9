package workload_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/workload"
)

// build returns a fresh instance of the named workload.
func build(t *testing.T, name string) workload.Workload {
	t.Helper()
	spec, err := workload.Lookup(name)
	require.NoError(t, err)
	w, err := spec.New(workload.Options{Nodes: []string{"n1", "n2", "n3"}, Concurrency: 2})
	require.NoError(t, err)
	return w
}

// single builds a workload whose operations are one request each.
func single(t *testing.T, name string) workload.Single {
	t.Helper()
	return build(t, name).(workload.Single)
}

// reply is a body arriving at a client from n1.
func reply(t *testing.T, body string) node.Message {
	t.Helper()
	msg, err := node.NewMessage("n1", "c4", []byte(body))
	require.NoError(t, err)
	return msg
}

// complete feeds a reply to a workload and returns the value it read, as
// text, or the error.
func complete(t *testing.T, w workload.Single, inv workload.Invocation, body string) (string, error) {
	t.Helper()
	v, err := w.Complete(inv, reply(t, body))
	return string(v), err
}

// --- registry ---

func TestLookupFindsEveryWorkloadByName(t *testing.T) {
	names := workload.Names()
	assert.Subset(t, names, []string{"echo", "unique-ids"})
	for _, name := range names {
		spec, err := workload.Lookup(name)
		require.NoError(t, err, name)
		assert.Equal(t, name, spec.Name)
		assert.NotEmpty(t, spec.Description, name)
	}
	all := workload.All()
	require.Len(t, all, len(names))
	for _, spec := range all {
		w, err := spec.New(workload.Options{Nodes: []string{"n1", "n2"}, Concurrency: 4, Topology: "grid", MaxTxnLength: 4, MaxWritesPerKey: 16})
		require.NoError(t, err, spec.Name)
		assert.NotPanics(t, func() { workload.ClientsOf(w) }, "%s is Single or Clients", spec.Name)
	}
	all[0].Name = "mangled" // All returns a copy
	assert.Equal(t, names, workload.Names())
}

func TestLookupOfAnUnknownWorkloadNamesTheKnownOnes(t *testing.T) {
	_, err := workload.Lookup("echoo")
	require.Error(t, err)
	assert.Equal(t, `unknown workload "echoo" (known: `+strings.Join(workload.Names(), ", ")+`)`, err.Error())
	assert.Contains(t, err.Error(), "echo, unique-ids")
}

// Spec §1.6: no idempotent fs for echo and unique-ids; echo clients are
// replaced after an info, unique-ids clients are kept; 5 s client timeout.
func TestClientBehaviourFollowsMaelstrom(t *testing.T) {
	echo, err := workload.Lookup("echo")
	require.NoError(t, err)
	ids, err := workload.Lookup("unique-ids")
	require.NoError(t, err)

	assert.False(t, echo.Reusable)
	assert.True(t, ids.Reusable)
	assert.Empty(t, echo.Idempotent)
	assert.Empty(t, ids.Idempotent)
	assert.False(t, echo.HasFinal)
	assert.False(t, ids.HasFinal)
	assert.Equal(t, 5*time.Second, echo.ClientTimeout(workload.Options{}))
	assert.Equal(t, 5*time.Second, ids.ClientTimeout(workload.Options{}))
}

// --- echo ---

func TestEchoGeneratesPleaseEchoN(t *testing.T) {
	w := single(t, "echo")
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[int]bool{}
	for range 5000 {
		inv := w.Generate(r, 0)
		require.Equal(t, "echo", inv.F)
		var s string
		require.NoError(t, json.Unmarshal(inv.Value, &s), "the value is a JSON string: %s", inv.Value)
		var n int
		_, err := fmt.Sscanf(s, "Please echo %d", &n)
		require.NoError(t, err, s)
		require.Equal(t, fmt.Sprintf("Please echo %d", n), s, "nothing else in the string")
		require.True(t, 0 <= n && n <= 127, "N=%d out of 0…127", n)
		seen[n] = true
	}
	assert.Len(t, seen, 128, "every N in 0…127 turns up in 5000 draws")
}

func TestEchoGenerateIsDeterministicForASeed(t *testing.T) {
	draw := func(seed uint64) []string {
		w := single(t, "echo")
		r := rand.New(rand.NewPCG(seed, 2))
		var out []string
		for th := range 20 {
			out = append(out, string(w.Generate(r, th%3).Value))
		}
		return out
	}
	assert.Equal(t, draw(1), draw(1))
	assert.NotEqual(t, draw(1), draw(2), "the seed matters")
}

func TestEchoRequestIsMaelstroms(t *testing.T) {
	w := single(t, "echo")
	body, err := w.Request(workload.Invocation{F: "echo", Value: json.RawMessage(`"Please echo 5"`)})
	require.NoError(t, err)
	assert.Equal(t, `{"type":"echo","echo":"Please echo 5"}`, string(body), "the harness adds msg_id")

	body, err = w.Request(workload.Invocation{F: "echo", Value: json.RawMessage(`{"any":["json",1]}`)})
	require.NoError(t, err)
	assert.Equal(t, `{"type":"echo","echo":{"any":["json",1]}}`, string(body))
}

func TestEchoCompleteAcceptsTheSpecsReplies(t *testing.T) {
	w := single(t, "echo")
	inv := workload.Invocation{F: "echo", Value: json.RawMessage(`"Please echo 5"`)}
	for _, body := range []string{
		`{"type":"echo_ok","echo":"Please echo 5","in_reply_to":1}`,
		`{"type":"echo_ok","echo":"Please echo 5","in_reply_to":1,"msg_id":7}`,
		// The whole request echoed back with only type changed.
		`{"type":"echo_ok","echo":"Please echo 5","msg_id":1,"in_reply_to":1}`,
	} {
		v, err := complete(t, w, inv, body)
		require.NoError(t, err, body)
		assert.Equal(t, `"Please echo 5"`, v, body)
	}
}

func TestEchoCompleteReturnsWhatCameBackNotWhatWasSent(t *testing.T) {
	w := single(t, "echo")
	inv := workload.Invocation{F: "echo", Value: json.RawMessage(`"Please echo 5"`)}

	v, err := complete(t, w, inv, `{"type":"echo_ok","echo":"Please echo 6","in_reply_to":1}`)

	require.NoError(t, err, "a wrong echo is the checker's business, not the schema's")
	assert.Equal(t, `"Please echo 6"`, v)
}

func TestEchoCompleteRejectsBodiesOutsideTheSchema(t *testing.T) {
	w := single(t, "echo")
	inv := workload.Invocation{F: "echo", Value: json.RawMessage(`"Please echo 5"`)}
	for _, c := range []struct{ body, want string }{
		{`{"type":"echo","echo":"Please echo 5","in_reply_to":1}`, `reply type "echo", want "echo_ok"`},
		{`{"type":"generate_ok","id":1,"in_reply_to":1}`, `reply type "generate_ok", want "echo_ok"`},
		{`{"type":"echo_ok","echo":"Please echo 5","in_reply_to":1,"node":"n1"}`, `unexpected key(s) node`},
		{`{"type":"echo_ok","echo":"x","in_reply_to":1,"zz":1,"aa":2}`, `unexpected key(s) aa, zz`},
		{`{"type":"echo_ok","in_reply_to":1}`, `missing key "echo"`},
	} {
		_, err := complete(t, w, inv, c.body)
		if assert.Error(t, err, c.body) {
			assert.Contains(t, err.Error(), c.want, c.body)
		}
	}
}

func TestEchoHasNoFinalPhase(t *testing.T) {
	_, ok := single(t, "echo").Final(0)
	assert.False(t, ok)
}

// --- unique-ids ---

func TestUniqueIDsGeneratesGenerate(t *testing.T) {
	w := single(t, "unique-ids")
	inv := w.Generate(rand.New(rand.NewPCG(1, 2)), 0)
	assert.Equal(t, "generate", inv.F)
	assert.Equal(t, "null", string(inv.Value))

	body, err := w.Request(inv)
	require.NoError(t, err)
	assert.Equal(t, `{"type":"generate"}`, string(body))
}

func TestUniqueIDsCompleteAcceptsAnyJSONID(t *testing.T) {
	w := single(t, "unique-ids")
	inv := workload.Invocation{F: "generate", Value: json.RawMessage("null")}
	for _, c := range []struct{ body, id string }{
		{`{"type":"generate_ok","id":17,"in_reply_to":3}`, `17`},
		{`{"type":"generate_ok","id":"n1-17","in_reply_to":3,"msg_id":4}`, `"n1-17"`},
		{`{"type":"generate_ok","id":[1,"n1"],"in_reply_to":3}`, `[1,"n1"]`},
		{`{"type":"generate_ok","id":{"node":"n1","seq":2},"in_reply_to":3}`, `{"node":"n1","seq":2}`},
	} {
		v, err := complete(t, w, inv, c.body)
		require.NoError(t, err, c.body)
		assert.Equal(t, c.id, v, c.body)
	}
}

func TestUniqueIDsCompleteRejectsBodiesOutsideTheSchema(t *testing.T) {
	w := single(t, "unique-ids")
	inv := workload.Invocation{F: "generate", Value: json.RawMessage("null")}
	for _, c := range []struct{ body, want string }{
		{`{"type":"generate","id":1,"in_reply_to":3}`, `want "generate_ok"`},
		{`{"type":"generate_ok","id":1,"in_reply_to":3,"ts":5}`, `unexpected key(s) ts`},
		{`{"type":"generate_ok","in_reply_to":3}`, `missing key "id"`},
	} {
		_, err := complete(t, w, inv, c.body)
		if assert.Error(t, err, c.body) {
			assert.Contains(t, err.Error(), c.want, c.body)
		}
	}
}

func TestUniqueIDsHasNoFinalPhase(t *testing.T) {
	_, ok := single(t, "unique-ids").Final(0)
	assert.False(t, ok)
}

func TestCompleteReadsEscapedKeysAsTheirText(t *testing.T) {
	w := single(t, "echo")
	v, err := complete(t, w, workload.Invocation{F: "echo"}, `{"type":"echo_ok","\u0065cho":"x","in_reply_to":1}`)
	require.NoError(t, err)
	assert.Equal(t, `"x"`, v)
}
