package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Canonical returns the canonical compact JSON text of a value. Two values
// are equal, in the sense of Clojure's = on what Maelstrom's JSON parser
// produces, exactly when their canonical texts are equal: whitespace and
// object key order do not matter, string escapes are decoded, an integer is
// written in plain decimal (so -0 is 0), and a number with a fraction or an
// exponent is a double (so 100.0 and 1e2 are the same value, but not the
// same as 100, as in Clojure where (= 100 100.0) is false). Checkers compare
// values this way, and so do the simulated key-value services.
func Canonical(raw []byte) (string, error) {
	if simpleScalar(raw) {
		return string(raw), nil
	}
	v, err := DecodeNumbers(raw)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(canonicalNumbers(v)); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// DecodeNumbers decodes exactly one JSON value, keeping numbers as
// json.Number so that none loses precision.
func DecodeNumbers(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

// IsInteger reports whether a JSON number's text is an integer (no
// fraction, no exponent), which Clojure reads as a Long, not a Double.
func IsInteger(number string) bool { return !strings.ContainsAny(number, ".eE") }

// simpleScalar reports whether raw is already canonical without decoding:
// a string of printable ASCII with nothing escaped, or an integer without
// leading zeros or a minus zero. Most ids, keys and values are: this is the
// fast path of checking a long history.
func simpleScalar(raw []byte) bool {
	n := len(raw)
	if n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		for _, c := range raw[1 : n-1] {
			if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	digits := raw
	if n > 0 && raw[0] == '-' {
		digits = raw[1:]
	}
	if len(digits) == 0 || (digits[0] == '0' && len(raw) > 1) {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// canonicalNumbers rewrites every number in a decoded value into its
// canonical text. Maps need no work: encoding/json sorts their keys.
func canonicalNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		return canonicalNumber(v)
	case []any:
		for i := range v {
			v[i] = canonicalNumbers(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = canonicalNumbers(v[k])
		}
	}
	return v
}

// canonicalNumber writes an integer in plain decimal and a double in Go's
// shortest form, with ".0" added when that form would read as an integer.
func canonicalNumber(n json.Number) json.Number {
	s := string(n)
	if IsInteger(s) {
		if i, ok := new(big.Int).SetString(s, 10); ok {
			return json.Number(i.String())
		}
		return n
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil { // out of a double's range: keep the text
		return n
	}
	t := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(t, ".e") {
		t += ".0"
	}
	return json.Number(t)
}
