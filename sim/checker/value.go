package checker

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
)

// canonical returns the canonical compact JSON text of a value, so that two
// values are equal, in the sense Maelstrom's Clojure code compares decoded
// JSON, exactly when their canonical texts are equal: whitespace and object
// key order do not matter, string escapes are decoded, an integer is written
// in plain decimal (so -0 is 0), and a number with a fraction or an exponent
// is a double (so 100.0 and 1e2 are the same value, but not the same as 100,
// as in Clojure where (= 100 100.0) is false). ok is false, and text is the
// raw bytes trimmed, when raw is not valid JSON.
func canonical(raw json.RawMessage) (text string, ok bool) {
	if simpleScalar(raw) {
		return string(raw), true
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil || d.More() {
		return string(bytes.TrimSpace(raw)), false
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(canonicalNumbers(v)); err != nil {
		return string(bytes.TrimSpace(raw)), false
	}
	return strings.TrimSuffix(b.String(), "\n"), true
}

// simpleScalar reports whether raw is already canonical without decoding:
// a string of printable ASCII with nothing escaped, or an integer without
// leading zeros or a minus zero. Most ids and echoes are; this is the fast
// path of checking a long history.
func simpleScalar(raw []byte) bool {
	n := len(raw)
	if n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		for _, c := range raw[1 : n-1] {
			if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
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
	if !strings.ContainsAny(s, ".eE") {
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

// displayable returns raw if it is valid JSON, or else raw's text as a JSON
// string, so that a report quoting a malformed value still marshals.
func displayable(raw json.RawMessage) json.RawMessage {
	if raw == nil || json.Valid(raw) {
		return raw
	}
	b, _ := json.Marshal(string(raw)) // a string always marshals
	return b
}
