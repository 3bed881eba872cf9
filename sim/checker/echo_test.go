package checker

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/history"
)

func TestEchoValid(t *testing.T) {
	h := hist(
		inv(0, "echo", `"Please echo 5"`), inv(1, "echo", `{"a":1,"b":[true,null]}`),
		ok(0, "echo", `"Please echo 5"`),
		ok(1, "echo", `{ "b": [true, null], "a": 1 }`),                    // same value, other spelling
		inv(0, "echo", `"Please echo 6"`), info(0, "echo", "net-timeout"), // timeouts are skipped
		inv(2, "echo", `"Please echo 7"`), // open at the end: skipped
	)
	r := Echo(h)
	require.Equal(t, Valid, r.Verdict())
	require.Zero(t, r.ErrorCount)
	require.Equal(t, `{"valid?":true,"errors":[],"error-count":0}`, marshal(t, r))
}

func TestEchoWrongEchoIsInvalid(t *testing.T) {
	h := hist(
		inv(0, "echo", `"Please echo 5"`), ok(0, "echo", `"Please echo 5"`),
		inv(1, "echo", `"Please echo 9"`), ok(1, "echo", `"Please echo 8"`),
	)
	r := Echo(h)
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 1, r.ErrorCount)
	require.Equal(t, []EchoError{{Index: 2, Process: 1, Expected: raw(`"Please echo 9"`), Got: raw(`"Please echo 8"`)}}, r.Errors)
	require.Equal(t,
		`{"valid?":false,"errors":[{"index":2,"process":1,"expected":"Please echo 9","got":"Please echo 8"}],"error-count":1}`,
		marshal(t, r))
}

func TestEchoNumbersKeepTheirKind(t *testing.T) {
	// As in Clojure, 1 and 1.0 are different values; 1.0 and 1e0 are not.
	r := Echo(hist(inv(0, "echo", `1`), ok(0, "echo", `1.0`), inv(0, "echo", `1.0`), ok(0, "echo", `1e0`)))
	require.Equal(t, 1, r.ErrorCount)
	require.Equal(t, 0, r.Errors[0].Index)
}

func TestEchoFailIsAnError(t *testing.T) {
	h := hist(
		inv(0, "echo", `"x"`), fail(0, "echo", "not-supported", "no echo here"),
		inv(0, "echo", `"y"`), history.Op{Type: history.Fail, Process: 0, F: "echo"},
		// A fail completion carrying the invocation's value is still an error.
		inv(0, "echo", `"z"`), history.Op{Type: history.Fail, Process: 0, F: "echo", Value: raw(`"z"`), Error: []string{"abort"}},
	)
	r := Echo(h)
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 3, r.ErrorCount)
	require.Equal(t, []string{"not-supported", "no echo here"}, r.Errors[0].Error)
	require.Nil(t, r.Errors[0].Got)
	require.Equal(t, []string{"fail"}, r.Errors[1].Error, "a fail without an error still says why")
	require.Contains(t, marshal(t, r), `"error":["not-supported","no echo here"]`)
}

func TestEchoMissingAndMalformedValues(t *testing.T) {
	h := hist(
		inv(0, "echo", `"x"`), ok(0, "echo", ``),
		inv(0, "echo", `"y"`), ok(0, "echo", `{"broken`),
	)
	r := Echo(h)
	require.Equal(t, 2, r.ErrorCount)
	require.Equal(t, json.RawMessage(`null`), r.Errors[0].Got)
	require.Equal(t, json.RawMessage(`"{\"broken"`), r.Errors[1].Got, "malformed values are quoted as strings")
	require.NotPanics(t, func() { marshal(t, r) })
}

func TestEchoCapsListedErrors(t *testing.T) {
	var h history.History
	for i := range MaxListedErrors + 4 {
		h = append(h, inv(i, "echo", fmt.Sprintf(`"Please echo %d"`, i)), ok(i, "echo", `"nope"`))
	}
	r := Echo(hist(h...))
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, MaxListedErrors+4, r.ErrorCount)
	require.Len(t, r.Errors, MaxListedErrors)
	require.Equal(t, 0, r.Errors[0].Process, "the first errors are listed")
	require.Equal(t, MaxListedErrors-1, r.Errors[MaxListedErrors-1].Process)
}
