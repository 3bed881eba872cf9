package checker

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStatsCountsCompletionsByF(t *testing.T) {
	h := hist(
		inv(0, "broadcast", `1`), inv(1, "read", ``),
		ok(0, "broadcast", `1`), ok(1, "read", `[1]`),
		inv(0, "broadcast", `2`), fail(0, "broadcast", "temporarily-unavailable"),
		inv(1, "read", ``), info(1, "read", "net-timeout"),
		inv(2, "read", ``), // never completes: info
	)
	r := Stats(h)
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, StatsCounts{Valid: Valid, Count: 5, OKCount: 2, FailCount: 1, InfoCount: 2}, r.StatsCounts)
	require.Equal(t, map[string]StatsCounts{
		"broadcast": {Valid: Valid, Count: 2, OKCount: 1, FailCount: 1},
		"read":      {Valid: Valid, Count: 3, OKCount: 1, InfoCount: 2},
	}, r.ByF)
}

func TestStatsInvalidWhenAnFNeverSucceeds(t *testing.T) {
	h := hist(
		inv(0, "send", `1`), ok(0, "send", `0`),
		inv(0, "poll", ``), fail(0, "poll", "abort"),
		inv(1, "crash", ``), info(1, "crash"),
	)
	r := Stats(h)
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, Invalid, r.ByF["poll"].Valid)
	require.Equal(t, Invalid, r.ByF["crash"].Valid)
	require.Equal(t, Valid, r.ByF["send"].Valid)

	// Excluding crash is not enough: poll still never succeeded.
	r = Stats(h, "crash")
	require.Equal(t, Invalid, r.Verdict())
	require.Equal(t, Valid, r.ByF["crash"].Valid)
	require.Equal(t, 1, r.ByF["crash"].InfoCount, "excluded fs are still counted")
	require.Equal(t, 3, r.Count)

	r = Stats(h, "crash", "poll")
	require.Equal(t, Valid, r.Verdict())
}

func TestStatsEmpty(t *testing.T) {
	r := Stats(nil)
	require.Equal(t, Valid, r.Verdict())
	require.JSONEq(t, `{"valid?":true,"count":0,"ok-count":0,"fail-count":0,"info-count":0,"by-f":{}}`, marshal(t, r))
}

func TestStatsJSON(t *testing.T) {
	h := hist(
		inv(0, "read", ``), ok(0, "read", `[]`),
		inv(0, "broadcast", `1`), info(0, "broadcast"),
	)
	// Exactly Maelstrom's keys, in its order, by-f sorted.
	require.Equal(t,
		`{"valid?":false,"count":2,"ok-count":1,"fail-count":0,"info-count":1,"by-f":{`+
			`"broadcast":{"valid?":false,"count":1,"ok-count":0,"fail-count":0,"info-count":1},`+
			`"read":{"valid?":true,"count":1,"ok-count":1,"fail-count":0,"info-count":0}}}`,
		marshal(t, Stats(h)))
}
