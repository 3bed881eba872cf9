package checker

import (
	"encoding/json"
	"fmt"
)

// Validity is a three-valued verdict. Its zero value is Valid.
type Validity int

// Verdicts, ordered from best to worst.
const (
	Valid Validity = iota
	Unknown
	Invalid
)

// Worst returns the worst of the verdicts (Valid for none).
func Worst(vs ...Validity) Validity {
	w := Valid
	for _, v := range vs {
		w = max(w, v)
	}
	return w
}

// Of turns a boolean into a verdict.
func Of(ok bool) Validity {
	if ok {
		return Valid
	}
	return Invalid
}

func (v Validity) String() string {
	switch v {
	case Valid:
		return "valid"
	case Unknown:
		return "unknown"
	default:
		return "invalid"
	}
}

// MarshalJSON writes true, false or "unknown", as Maelstrom's :valid? does.
func (v Validity) MarshalJSON() ([]byte, error) {
	switch v {
	case Valid:
		return []byte("true"), nil
	case Unknown:
		return []byte(`"unknown"`), nil
	default:
		return []byte("false"), nil
	}
}

// UnmarshalJSON reads true, false or "unknown".
func (v *Validity) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true":
		*v = Valid
	case "false":
		*v = Invalid
	case `"unknown"`:
		*v = Unknown
	default:
		return fmt.Errorf("valid?: want true, false or \"unknown\", got %s", b)
	}
	return nil
}

// Result is what a checker returns: a verdict, and a JSON-able report.
type Result interface {
	Verdict() Validity
}

// Artifacts is implemented by results that come with files explaining
// them, such as an HTML picture of a failed linearizability check. Names
// are paths relative to the run's directory.
type Artifacts interface {
	Artifacts() map[string][]byte
}

var _ json.Marshaler = Valid
