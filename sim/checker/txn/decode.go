package txn

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
)

// atom is an interned JSON value: keys, appended elements and register
// values. Two atoms are equal exactly when their values are, compared as
// decoded JSON (whitespace, escapes and object key order do not matter;
// 1 and 1.0 differ, as they do in Clojure). Atom 0 is null: a missing key,
// a register's initial state.
type atom int32

const null atom = 0

// interner assigns atoms. Integers, by far the commonest values, take a
// fast path.
type interner struct {
	small []atom // small non-negative integers → atom (0: none yet)
	ints  map[int64]atom
	other map[string]atom
	text  []string // canonical JSON text, by atom
}

func newInterner() *interner {
	return &interner{ints: map[int64]atom{}, other: map[string]atom{}, text: []string{"null"}}
}

// integer interns an integer.
func (in *interner) integer(n int64) atom {
	if n >= 0 && n < smallInts {
		if n < int64(len(in.small)) && in.small[n] != 0 {
			return in.small[n]
		}
	} else if a, ok := in.ints[n]; ok {
		return a
	}
	a := atom(len(in.text))
	in.text = append(in.text, strconv.FormatInt(n, 10))
	if n >= 0 && n < smallInts {
		for int64(len(in.small)) <= n {
			in.small = append(in.small, 0)
		}
		in.small[n] = a
	} else {
		in.ints[n] = a
	}
	return a
}

// smallInts are interned through a slice rather than a map.
const smallInts = 1 << 20

// canonical interns a value by its canonical JSON text.
func (in *interner) canonical(text string) atom {
	if text == "null" {
		return null
	}
	if a, ok := in.other[text]; ok {
		return a
	}
	a := atom(len(in.text))
	in.other[text] = a
	in.text = append(in.text, text)
	return a
}

// json returns an atom's JSON text.
func (in *interner) json(a atom) json.RawMessage {
	return json.RawMessage(in.text[a])
}

// mopF is a micro-op's function.
type mopF uint8

const (
	fRead mopF = iota
	fAppend
	fWrite
	fOther
)

// mop is one micro-op [f, k, v].
type mop struct {
	f   mopF
	key atom
	// val is the appended or written value, or a register read's value.
	val atom
	// list is a list-append read's value; nil for null (or not known).
	list []atom
	// known is false for reads whose value is not known: those of
	// invocations, and of info and fail completions.
	known bool
}

var errSyntax = errors.New("not a transaction: want an array of [f, k, v] arrays")

// decoder parses transactions, interning as it goes. Lists read are
// carved out of one growing arena to spare allocations.
type decoder struct {
	in    *interner
	arena []atom
	b     []byte
	i     int
}

// txn parses a transaction's value. Reads are known when known is set.
func (d *decoder) txn(raw []byte, known bool) ([]mop, error) {
	d.b, d.i = raw, 0
	if !d.eat('[') {
		return nil, errSyntax
	}
	var mops []mop
	if d.eat(']') {
		return mops, d.end()
	}
	for {
		m, err := d.mop(known)
		if err != nil {
			return nil, err
		}
		mops = append(mops, m)
		if d.eat(']') {
			return mops, d.end()
		}
		if !d.eat(',') {
			return nil, errSyntax
		}
	}
}

func (d *decoder) end() error {
	d.space()
	if d.i != len(d.b) {
		return errSyntax
	}
	return nil
}

func (d *decoder) mop(known bool) (mop, error) {
	var m mop
	if !d.eat('[') {
		return m, errSyntax
	}
	f, err := d.value()
	if err != nil {
		return m, err
	}
	switch d.in.text[f] {
	case `"r"`:
		m.f = fRead
	case `"append"`:
		m.f = fAppend
	case `"w"`:
		m.f = fWrite
	default:
		m.f = fOther
	}
	if !d.eat(',') {
		return m, errSyntax
	}
	if m.key, err = d.value(); err != nil {
		return m, err
	}
	if !d.eat(',') {
		return m, errSyntax
	}
	d.space()
	if m.f == fRead && d.i < len(d.b) && d.b[d.i] == '[' {
		// A list read: intern its elements.
		d.i++
		start := len(d.arena)
		if !d.eat(']') {
			for {
				e, err := d.value()
				if err != nil {
					return m, err
				}
				d.arena = append(d.arena, e)
				if d.eat(']') {
					break
				}
				if !d.eat(',') {
					return m, errSyntax
				}
			}
		}
		m.list = d.arena[start:len(d.arena):len(d.arena)]
		if m.list == nil {
			m.list = []atom{}
		}
		m.val = listMarker
	} else if m.val, err = d.value(); err != nil {
		return m, err
	}
	m.known = known && m.f == fRead
	if !d.eat(']') {
		return m, errSyntax
	}
	return m, nil
}

// listMarker stands in a list read's val; it is never a real atom.
const listMarker atom = -1

func (d *decoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) eat(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// value parses and interns one JSON value of any shape.
func (d *decoder) value() (atom, error) {
	d.space()
	start := d.i
	if d.i < len(d.b) {
		c := d.b[d.i]
		if c == '-' || (c >= '0' && c <= '9') {
			// Integer fast path: -?digits followed by a delimiter.
			j := d.i
			if c == '-' {
				j++
			}
			k := j
			var n int64
			for k < len(d.b) && d.b[k] >= '0' && d.b[k] <= '9' {
				n = n*10 + int64(d.b[k]-'0')
				k++
			}
			if k > j && k-j < 19 && (k == len(d.b) || !isNumberByte(d.b[k])) &&
				(d.b[j] != '0' || k == j+1) {
				if c == '-' {
					n = -n
				}
				d.i = k
				return d.in.integer(n), nil
			}
		}
	}
	for _, lit := range [...]string{"null", "true", "false"} {
		if end := d.i + len(lit); end <= len(d.b) && string(d.b[d.i:end]) == lit &&
			(end == len(d.b) || !isNumberByte(d.b[end]) && !isLetter(d.b[end])) {
			d.i = end
			return d.in.canonical(lit), nil
		}
	}
	if d.i < len(d.b) && d.b[d.i] == '"' {
		// Plain-ASCII string fast path: nothing to unescape, already
		// canonical.
		for j := d.i + 1; j < len(d.b); j++ {
			c := d.b[j]
			if c == '"' {
				d.i = j + 1
				if a, ok := d.in.other[string(d.b[start:d.i])]; ok {
					return a, nil
				}
				return d.in.canonical(string(d.b[start:d.i])), nil
			}
			if c < 0x20 || c > 0x7e || c == '\\' {
				break
			}
		}
	}
	end, err := skipValue(d.b, d.i)
	if err != nil {
		return 0, err
	}
	d.i = end
	text, err := canonicalJSON(d.b[start:end])
	if err != nil {
		return 0, err
	}
	return d.in.canonical(text), nil
}

func isNumberByte(c byte) bool {
	return c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || (c >= '0' && c <= '9')
}

// skipValue returns the end of the JSON value starting at i.
func skipValue(b []byte, i int) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(b[i:]))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return 0, errSyntax
	}
	return i + int(dec.InputOffset()), nil
}

// canonicalJSON returns the canonical text of a JSON value: compact, object
// keys sorted, strings with only the escapes JSON needs, numbers with a
// fraction or exponent as doubles (so 1e2 and 100.0 are one value, but not
// the same value as 100).
func canonicalJSON(raw []byte) (string, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", errSyntax
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(doubles(v)); err != nil {
		return "", errSyntax
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// doubles rewrites numbers with a fraction or exponent as float64s and
// integers as plain decimal.
func doubles(v any) any {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if bytes.ContainsAny([]byte(s), ".eE") {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return v
			}
			t := strconv.FormatFloat(f, 'g', -1, 64)
			if !bytes.ContainsAny([]byte(t), ".eE") {
				t += ".0"
			}
			return json.Number(t)
		}
		if s == "-0" {
			return json.Number("0")
		}
		return v
	case []any:
		for i := range v {
			v[i] = doubles(v[i])
		}
		return v
	case map[string]any:
		for k := range v {
			v[k] = doubles(v[k])
		}
		return v
	}
	return v
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
