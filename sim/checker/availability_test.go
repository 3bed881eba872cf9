package checker

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseAvailability(t *testing.T) {
	for s, want := range map[string]float64{"": 0, "total": 1, "0": 0, "1": 1, "0.9": 0.9, "1.0": 1} {
		got, err := ParseAvailability(s)
		require.NoError(t, err, s)
		require.Equal(t, want, got, s)
	}
	for _, s := range []string{"abc", "Total", "1.5", "-0.1", "NaN", "Inf", " 0.5"} {
		_, err := ParseAvailability(s)
		require.Error(t, err, s)
		require.Contains(t, err.Error(), `"`+s+`"`, "the error names the value")
	}
}

func TestAvailabilityTotal(t *testing.T) {
	allOK := hist(inv(0, "echo", `1`), ok(0, "echo", `1`), inv(1, "echo", `2`), ok(1, "echo", `2`))
	r, err := Availability(allOK, "total")
	require.NoError(t, err)
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, 1.0, r.OKFraction)

	oneInfo := hist(inv(0, "echo", `1`), ok(0, "echo", `1`), inv(1, "echo", `2`), info(1, "echo", "net-timeout"))
	r, err = Availability(oneInfo, "total")
	require.NoError(t, err)
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, 0.5, r.OKFraction)

	// An invocation left open at the end is not ok either.
	open := hist(inv(0, "echo", `1`), ok(0, "echo", `1`), inv(1, "echo", `2`))
	r, err = Availability(open, "total")
	require.NoError(t, err)
	require.Equal(t, Invalid, r.Verdict())
}

func TestAvailabilityFraction(t *testing.T) {
	h := hist()
	for i := range 10 {
		h = append(h, inv(i, "generate", ``))
		if i < 9 {
			h = append(h, ok(i, "generate", `1`))
		} else {
			h = append(h, fail(i, "generate", "abort"))
		}
	}
	for want, verdict := range map[string]Validity{"0.9": Valid, "0.89": Valid, "0.91": Invalid, "total": Invalid, "": Valid, "0": Valid} {
		r, err := Availability(h, want)
		require.NoError(t, err)
		require.Equal(t, verdict, r.Verdict(), want)
		require.Equal(t, 0.9, r.OKFraction)
	}
}

func TestAvailabilityNoGoalAndNoOps(t *testing.T) {
	r, err := Availability(nil, "total")
	require.NoError(t, err)
	require.Equal(t, AvailabilityResult{Valid: Valid, OKFraction: 1}, r)

	r, err = Availability(hist(inv(0, "echo", `1`), info(0, "echo")), "")
	require.NoError(t, err)
	require.Equal(t, AvailabilityResult{Valid: Valid, OKFraction: 0}, r)
}

func TestAvailabilityBadGoal(t *testing.T) {
	_, err := Availability(nil, "most")
	require.ErrorContains(t, err, `"most"`)
}

func TestAvailabilityJSON(t *testing.T) {
	h := hist(inv(0, "echo", `1`), ok(0, "echo", `1`), inv(1, "echo", `2`), info(1, "echo"))
	r, err := Availability(h, "total")
	require.NoError(t, err)
	require.Equal(t, `{"valid?":false,"ok-fraction":0.5}`, marshal(t, r))
}
