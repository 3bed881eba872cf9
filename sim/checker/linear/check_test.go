package linear_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/checker/linear"
	"github.com/eddy-sim/eddy/sim/history"
)

// builder writes lin-kv histories by hand, one entry a millisecond.
type builder struct {
	h    history.History
	open map[int]history.Op // process → its invocation
}

func newBuilder() *builder { return &builder{open: map[int]history.Op{}} }

func (b *builder) add(op history.Op) *builder {
	op.Index, op.Time, op.Node = len(b.h), time.Duration(len(b.h))*time.Millisecond, "n1"
	b.h = append(b.h, op)
	return b
}

// call invokes f on process p: read [k, null], write [k, v], cas [k, [from, to]].
func (b *builder) call(p int, f, value string) *builder {
	op := history.Op{Type: history.Invoke, Process: p, F: f, Value: json.RawMessage(value)}
	b.open[p] = op
	return b.add(op)
}

// ok completes p's operation; a read with the value read, others as invoked.
func (b *builder) ok(p int, read ...string) *builder {
	inv := b.open[p]
	v := inv.Value
	if inv.F == "read" {
		var kv []json.RawMessage
		if err := json.Unmarshal(inv.Value, &kv); err != nil {
			panic(err)
		}
		v = json.RawMessage(fmt.Sprintf("[%s,%s]", kv[0], read[0]))
	}
	return b.end(p, history.OK, v)
}

func (b *builder) info(p int) *builder { return b.end(p, history.Info, b.open[p].Value) }
func (b *builder) fail(p int) *builder { return b.end(p, history.Fail, b.open[p].Value) }

func (b *builder) end(p int, t history.Type, v json.RawMessage) *builder {
	inv := b.open[p]
	delete(b.open, p)
	return b.add(history.Op{Type: t, Process: p, F: inv.F, Value: v})
}

// Shorthands for key 0, each op invoked and completed ok at once.
func (b *builder) write(p, v int) *builder {
	return b.call(p, "write", fmt.Sprintf("[0,%d]", v)).ok(p)
}

func (b *builder) read(p int, v string) *builder { return b.call(p, "read", "[0,null]").ok(p, v) }

func (b *builder) cas(p, from, to int) *builder {
	return b.call(p, "cas", fmt.Sprintf("[0,[%d,%d]]", from, to)).ok(p)
}

func check(b *builder) linear.Result { return linear.Check(b.h, linear.Options{}) }

// verdict checks a history and returns key 0's verdict, after checking the
// whole result agrees with it.
func verdict(t *testing.T, b *builder) checker.Validity {
	t.Helper()
	res := check(b)
	require.Empty(t, res.Error)
	require.Equal(t, 1, res.KeyCount)
	kr := res.Results["0"]
	assert.Equal(t, kr.Valid, res.Valid)
	if kr.Valid == checker.Invalid {
		assert.Equal(t, []json.RawMessage{json.RawMessage("0")}, res.Failures)
	} else {
		assert.Empty(t, res.Failures)
	}
	return kr.Valid
}

func TestSequentialRegisterIsValid(t *testing.T) {
	b := newBuilder().read(0, "null").write(1, 3).read(0, "3").cas(1, 3, 4).read(2, "4").write(0, 0).read(1, "0")
	assert.Equal(t, checker.Valid, verdict(t, b))
}

func TestEmptyHistoryIsValid(t *testing.T) {
	res := linear.Check(nil, linear.Options{})
	assert.Equal(t, checker.Valid, res.Valid)
	assert.Equal(t, 0, res.KeyCount)
	assert.Equal(t, `{"valid?":true,"key-count":0,"failures":[],"unknown":[],"results":{}}`, marshal(t, res))
}

// A read concurrent with a write may see the old value or the new one.
func TestReadConcurrentWithAWriteMaySeeEither(t *testing.T) {
	for _, v := range []string{"1", "2"} {
		b := newBuilder().write(0, 1).call(0, "write", "[0,2]").read(1, v).ok(0).read(1, "2")
		assert.Equal(t, checker.Valid, verdict(t, b), "read %s", v)
	}
}

func TestStaleReadIsInvalid(t *testing.T) {
	b := newBuilder().write(0, 1).write(0, 2).read(1, "1")
	res := check(b)
	require.Equal(t, checker.Invalid, res.Valid)
	kr := res.Results["0"]
	require.NotNil(t, kr.Stuck, "an invalid key is explained")
	assert.Equal(t, 2, kr.Linearized, "both writes linearize")
	assert.JSONEq(t, "2", string(kr.State))
	assert.Equal(t, b.h[5], kr.Op, "the read cannot follow them")
	assert.Equal(t, "independent/0/linear.html", kr.Picture)

	files := res.Artifacts()
	require.Contains(t, files, "independent/0/linear.html")
	html := string(files["independent/0/linear.html"])
	assert.True(t, strings.HasPrefix(html, "<!doctype html>"), "%.40s", html)
	assert.Contains(t, html, "read() → 1", "the picture describes the operations")
	assert.Contains(t, html, "process 1 on n1")
}

func TestReadOfAValueNeverWrittenIsInvalid(t *testing.T) {
	assert.Equal(t, checker.Invalid, verdict(t, newBuilder().write(0, 1).read(1, "4")))
	assert.Equal(t, checker.Invalid, verdict(t, newBuilder().read(1, "4")), "before any write")
	assert.Equal(t, checker.Invalid, verdict(t, newBuilder().write(0, 1).read(1, "null")), "the initial null after a write")
}

func TestLostWriteIsInvalid(t *testing.T) {
	// Two writes complete; a later read sees the first, twice.
	b := newBuilder().call(0, "write", "[0,1]").call(1, "write", "[0,2]").ok(0).ok(1).read(2, "2").read(2, "1")
	assert.Equal(t, checker.Invalid, verdict(t, b))
	b = newBuilder().call(0, "write", "[0,1]").call(1, "write", "[0,2]").ok(0).ok(1).read(2, "1").read(2, "1")
	assert.Equal(t, checker.Valid, verdict(t, b), "either order of concurrent writes")
}

func TestCASAnomalies(t *testing.T) {
	t.Run("both of two cas from the same value succeed", func(t *testing.T) {
		b := newBuilder().write(0, 0).call(1, "cas", "[0,[0,1]]").call(2, "cas", "[0,[0,2]]").ok(1).ok(2)
		assert.Equal(t, checker.Invalid, verdict(t, b))
	})
	t.Run("cas succeeds from a value the key does not have", func(t *testing.T) {
		assert.Equal(t, checker.Invalid, verdict(t, newBuilder().write(0, 3).cas(1, 2, 4)))
		assert.Equal(t, checker.Invalid, verdict(t, newBuilder().cas(1, 0, 4)), "on the initial null")
	})
	t.Run("a successful cas is not seen", func(t *testing.T) {
		assert.Equal(t, checker.Invalid, verdict(t, newBuilder().write(0, 3).cas(1, 3, 4).read(2, "3")))
	})
	t.Run("a chain of cas is valid", func(t *testing.T) {
		b := newBuilder().write(0, 0).cas(1, 0, 1).cas(2, 1, 2).read(0, "2").cas(0, 2, 2).read(1, "2")
		assert.Equal(t, checker.Valid, verdict(t, b))
	})
}

// A failed operation certainly did not happen.
func TestFailedOperationsAreLeftOut(t *testing.T) {
	b := newBuilder().write(0, 1).call(1, "write", "[0,2]").fail(1).read(2, "1")
	assert.Equal(t, checker.Valid, verdict(t, b))
	b = newBuilder().write(0, 1).call(1, "write", "[0,2]").fail(1).read(2, "2")
	assert.Equal(t, checker.Invalid, verdict(t, b), "a failed write seen")
	b = newBuilder().write(0, 1).call(1, "cas", "[0,[1,2]]").fail(1).read(2, "2")
	assert.Equal(t, checker.Invalid, verdict(t, b), "a failed cas seen")
	res := check(newBuilder().write(0, 1).call(1, "write", "[0,2]").fail(1))
	assert.Equal(t, 1, res.Results["0"].OpCount)
}

// An info write may take effect at any time after its invocation, however
// late, or never; but once seen, it stays.
func TestInfoWriteMayTakeEffectLateOrNever(t *testing.T) {
	late := newBuilder().write(0, 1).call(1, "write", "[0,2]").info(1).read(2, "1").read(2, "1").read(0, "2").read(2, "2")
	assert.Equal(t, checker.Valid, verdict(t, late))
	never := newBuilder().write(0, 1).call(1, "write", "[0,2]").info(1).read(2, "1")
	assert.Equal(t, checker.Valid, verdict(t, never))
	undone := newBuilder().write(0, 1).call(1, "write", "[0,2]").info(1).read(2, "2").read(2, "1")
	assert.Equal(t, checker.Invalid, verdict(t, undone))
	early := newBuilder().write(0, 1).read(2, "2").call(1, "write", "[0,2]").info(1)
	assert.Equal(t, checker.Invalid, verdict(t, early), "not before it was invoked")

	res := check(late)
	assert.Equal(t, 1, res.Results["0"].OpenCount)
}

// An operation that never completed is open to the end, like an info.
func TestNeverCompletedOperationsStayOpen(t *testing.T) {
	b := newBuilder().write(0, 1).call(1, "write", "[0,2]").read(2, "1").read(2, "2")
	assert.Equal(t, checker.Valid, verdict(t, b))
	b = newBuilder().write(0, 1).call(1, "write", "[0,2]").read(2, "2").read(2, "1")
	assert.Equal(t, checker.Invalid, verdict(t, b))
}

func TestInfoCASMayTakeEffectOnlyFromItsFromValue(t *testing.T) {
	b := newBuilder().write(0, 1).call(1, "cas", "[0,[1,2]]").info(1).read(2, "1").read(2, "2")
	assert.Equal(t, checker.Valid, verdict(t, b), "applied late")
	b = newBuilder().write(0, 1).call(1, "cas", "[0,[3,2]]").info(1).read(2, "1")
	assert.Equal(t, checker.Valid, verdict(t, b), "refused: the value was not 3")
	b = newBuilder().write(0, 1).call(1, "cas", "[0,[3,2]]").info(1).read(2, "2")
	assert.Equal(t, checker.Invalid, verdict(t, b), "applied though the value was never 3")
	b = newBuilder().write(0, 1).call(1, "cas", "[0,[1,2]]").info(1).write(0, 3).read(2, "3").read(2, "2")
	assert.Equal(t, checker.Invalid, verdict(t, b), "applied after the value stopped being 1")
	b = newBuilder().write(0, 1).call(1, "cas", "[0,[1,2]]").info(1).read(2, "2").write(0, 1).read(2, "1")
	assert.Equal(t, checker.Valid, verdict(t, b), "at most once")
}

// Reads are idempotent: an info read tells nothing and is left out.
func TestInfoReadsAreLeftOut(t *testing.T) {
	b := newBuilder().write(0, 1).call(1, "read", "[0,null]").info(1).read(2, "1")
	res := check(b)
	assert.Equal(t, checker.Valid, res.Valid)
	assert.Equal(t, 2, res.Results["0"].OpCount)
}

func TestValuesCompareAsJSON(t *testing.T) {
	b := newBuilder().call(0, "write", `[0,{"a":1,"b":[2]}]`).ok(0).read(1, `{"b":[2], "a":1}`)
	assert.Equal(t, checker.Valid, verdict(t, b), "object key order and spaces do not matter")
	b = newBuilder().write(0, 1).read(1, "1.0")
	assert.Equal(t, checker.Invalid, verdict(t, b), "1 and 1.0 differ, as in Clojure")
	b = newBuilder().write(0, 1).read(1, `"1"`)
	assert.Equal(t, checker.Invalid, verdict(t, b))
}

// Keys are checked on their own; results list every key, failures the
// invalid ones in key order.
func TestKeysAreIndependent(t *testing.T) {
	b := newBuilder()
	for _, k := range []int{10, 2, 0} {
		b.call(0, "write", fmt.Sprintf("[%d,%d]", k, k)).ok(0)
	}
	b.call(1, "read", "[10,null]").ok(1, "2") // 2 is key 2's value, not 10's
	b.call(1, "read", "[2,null]").ok(1, "2")
	b.call(1, "read", "[0,null]").ok(1, "10")
	res := check(b)
	assert.Equal(t, checker.Invalid, res.Valid)
	assert.Equal(t, 3, res.KeyCount)
	assert.Equal(t, `[0,10]`, marshal(t, res.Failures), "numeric order")
	assert.Equal(t, checker.Valid, res.Results["2"].Valid)
	assert.Equal(t, 2, res.Results["2"].OpCount)
	assert.ElementsMatch(t, []string{"independent/0/linear.html", "independent/10/linear.html"}, keysOf(res.Artifacts()))
}

func TestResultJSONMirrorsJepsenIndependent(t *testing.T) {
	res := check(newBuilder().write(0, 1).read(1, "2"))
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(marshal(t, res)), &m))
	assert.ElementsMatch(t, []string{"valid?", "key-count", "failures", "unknown", "results"}, keysOf(m))
	assert.Equal(t, "false", string(m["valid?"]))
	var results map[string]map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(m["results"], &results))
	assert.ElementsMatch(t, []string{"valid?", "op-count", "open-count", "linearized", "state", "op", "picture"}, keysOf(results["0"]))
	assert.JSONEq(t, `{"index":3,"time":3000000,"type":"ok","process":1,"f":"read","value":[0,2],"node":"n1"}`, string(results["0"]["op"]))

	valid := check(newBuilder().write(0, 1))
	assert.Equal(t, `{"valid?":true,"key-count":1,"failures":[],"unknown":[],"results":{"0":{"valid?":true,"op-count":1,"open-count":0}}}`, marshal(t, valid))
}

// Only the first MaxPictures invalid keys are explained and drawn; all are
// listed.
func TestPicturesAreLimited(t *testing.T) {
	b := newBuilder()
	for k := range linear.MaxPictures + 3 {
		b.call(0, "read", fmt.Sprintf("[%d,null]", k)).ok(0, "1")
	}
	res := check(b)
	assert.Len(t, res.Failures, linear.MaxPictures+3)
	assert.Len(t, res.Artifacts(), linear.MaxPictures)
	assert.NotNil(t, res.Results["0"].Stuck)
	assert.Nil(t, res.Results[fmt.Sprint(linear.MaxPictures)].Stuck)
}

func TestMalformedHistoryIsUnknown(t *testing.T) {
	for _, b := range []*builder{
		newBuilder().call(0, "write", "3").ok(0),
		newBuilder().call(0, "write", "[0,1,2]").ok(0),
		newBuilder().call(0, "cas", "[0,1]").ok(0),
		newBuilder().call(0, "read", "[0,null]").end(0, history.OK, json.RawMessage("4")),
		newBuilder().call(0, "append", "[0,1]").ok(0),
	} {
		res := check(b)
		assert.Equal(t, checker.Unknown, res.Valid, "%s", b.h[0].Value)
		assert.Contains(t, res.Error, "operation ", "%s", b.h[0].Value)
	}
}

// A search that runs out of time makes its key unknown. Thirty concurrent
// writes of distinct values and a read of none of them: proving that no
// order works takes porcupine far longer than a millisecond.
func TestSearchOutOfTimeIsUnknown(t *testing.T) {
	b := newBuilder().write(0, 0)
	for p := range 30 {
		b.call(p+1, "write", fmt.Sprintf("[0,%d]", p+100))
	}
	for p := range 30 {
		b.ok(p + 1)
	}
	b.read(0, "99")
	res := linear.Check(b.h, linear.Options{Timeout: time.Millisecond})
	assert.Equal(t, checker.Unknown, res.Valid)
	assert.Equal(t, `[0]`, marshal(t, res.Unknown))
	assert.Empty(t, res.Failures)
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func keysOf[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
