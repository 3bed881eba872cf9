package checker

import (
	"fmt"
	"math"
	"strconv"

	"github.com/eddy-sim/eddy/sim/history"
)

// AvailabilityResult is the availability checker's report, Maelstrom's
// :availability.
type AvailabilityResult struct {
	Valid Validity `json:"valid?"`
	// OKFraction is ok completions ÷ invocations (1 for no invocations).
	OKFraction float64 `json:"ok-fraction"`
}

// Verdict is invalid if the ok fraction fell short of the goal.
func (r AvailabilityResult) Verdict() Validity { return r.Valid }

// ParseAvailability reads a value of the --availability option and returns
// the smallest ok fraction it accepts: "" (no goal) is 0, "total" (every
// invocation must complete ok) is 1, and a number from 0 to 1 is itself.
// Anything else is an error naming the value.
func ParseAvailability(s string) (float64, error) {
	switch s {
	case "":
		return 0, nil
	case "total":
		return 1, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1 {
		return 0, fmt.Errorf("availability: want \"total\" or a fraction from 0 to 1, got %q", s)
	}
	return f, nil
}

// Availability is Maelstrom's availability checker: the fraction of
// invocations that completed ok must be at least the goal named by want
// (see ParseAvailability). With no goal (want == "") the result is always
// valid but still reports the fraction, as Maelstrom does. Maelstrom
// compares a single-precision fraction, so that 9 ok of 10 fails a 0.9
// goal; this checker compares in double precision, where it passes.
func Availability(h history.History, want string) (AvailabilityResult, error) {
	goal, err := ParseAvailability(want)
	if err != nil {
		return AvailabilityResult{}, err
	}
	var invokes, oks int
	for _, op := range h {
		switch op.Type {
		case history.Invoke:
			invokes++
		case history.OK:
			oks++
		}
	}
	frac := 1.0
	if invokes > 0 {
		frac = float64(oks) / float64(invokes)
	}
	return AvailabilityResult{Valid: Of(frac >= goal), OKFraction: frac}, nil
}
