package linear

import (
	"fmt"
	"strings"

	"github.com/anishathalye/porcupine"

	"github.com/eddy-sim/eddy/sim/history"
)

// atom is an interned register value: a key's distinct values, numbered in
// order of appearance. Atom 0 is null, the register's initial value.
type atom int32

const null atom = 0

// values interns one key's values by their canonical JSON text.
type values struct {
	atoms map[string]atom
	text  []string // by atom
}

func newValues() *values {
	return &values{atoms: map[string]atom{"null": null}, text: []string{"null"}}
}

func (v *values) intern(text string) atom {
	if a, ok := v.atoms[text]; ok {
		return a
	}
	a := atom(len(v.text))
	v.atoms[text] = a
	v.text = append(v.text, text)
	return a
}

type fn uint8

const (
	read fn = iota
	write
	cas
)

// input is an operation as the model sees it. The output of an ok read is
// the atom it read; every other output is nil.
type input struct {
	f    fn
	arg  atom // write: the value; cas: from
	to   atom // cas only
	open bool // the outcome is unknown: it may have taken effect or not
}

// step is the compare-and-set register.
func step(state, in, out any) (bool, any) {
	s, op := state.(atom), in.(input)
	switch op.f {
	case read:
		return out.(atom) == s, s
	case write:
		return true, op.arg
	default:
		if s == op.arg {
			return true, op.to
		}
		// An ok cas must have found from. An open one that finds another
		// value may have been refused (code 22), which changes nothing.
		return op.open, s
	}
}

// model is the register for one key, whose values are vals.
func model(vals *values) porcupine.Model {
	return porcupine.Model{
		Init:  func() any { return null },
		Step:  step,
		Equal: func(a, b any) bool { return a.(atom) == b.(atom) },
		Hash:  func(s any) uint64 { return uint64(s.(atom)) },
		DescribeOperation: func(in, out any) string {
			op := in.(input)
			var s string
			switch op.f {
			case read:
				s = "read() → " + vals.text[out.(atom)]
			case write:
				s = fmt.Sprintf("write(%s)", vals.text[op.arg])
			default:
				s = fmt.Sprintf("cas(%s, %s)", vals.text[op.arg], vals.text[op.to])
			}
			if op.open {
				s += " ?"
			}
			return s
		},
		DescribeState:             func(s any) string { return vals.text[s.(atom)] },
		DescribeOperationMetadata: func(m any) string { return describePair(m.(history.Pair)) },
	}
}

// describePair says who ran an operation, where and when, for the
// visualization's tooltips: porcupine's own times are history indices.
func describePair(p history.Pair) string {
	inv := p.Invoke
	s := fmt.Sprintf("process %d on %s, invoked at %.3f s (entry %d)", inv.Process, inv.Node, inv.Time.Seconds(), inv.Index)
	c := p.Completion
	if c == nil {
		return s + ", never completed"
	}
	s += fmt.Sprintf(", %s at %.3f s (entry %d)", c.Type, c.Time.Seconds(), c.Index)
	if len(c.Error) > 0 {
		s += ": " + strings.Join(c.Error, " ")
	}
	return s
}
