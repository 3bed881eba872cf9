package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// canonical returns the canonical compact JSON text of a value. Two values
// are equal, in the sense of Clojure's = on what Maelstrom's JSON parser
// (Cheshire) produces, exactly when their canonical texts are equal:
// whitespace and object key order do not matter, string escapes are decoded,
// an integer is written in plain decimal, and a number with a fraction or an
// exponent is a double (so 100.0 and 1e2 are the same value, but not the
// same as 100, as in Clojure where (= 100 100.0) is false). It is the rule
// sim/checker uses for the values it compares.
func canonical(raw []byte) (string, error) {
	if simpleScalar(raw) {
		return string(raw), nil
	}
	v, err := decode(raw)
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

// decode decodes one JSON value, keeping numbers as their text.
func decode(raw []byte) (any, error) {
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

// simpleScalar reports whether raw is already canonical without decoding: a
// string of printable ASCII with nothing escaped, or an integer without
// leading zeros or a minus zero. Most keys and values are.
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
	if isInteger(s) {
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

func isInteger(number string) bool { return !strings.ContainsAny(number, ".eE") }

// prStr renders a canonical value as Clojure's pr-str prints it, which is
// how Maelstrom quotes values in error texts: nil, "strings" in quotes,
// [vectors with spaces], {"maps" 1, "with" 2}, doubles as Java prints them
// (100.0, 1.0E21). Map entries come in key order; Clojure's own order is
// the parser's, which for small maps is the order in the request.
func prStr(text string) string {
	v, err := decode([]byte(text))
	if err != nil {
		return text
	}
	var b strings.Builder
	printClojure(&b, v)
	return b.String()
}

// str renders a canonical value as Clojure's str does: like pr-str, except
// that a string is its bare content and nil is empty.
func str(text string) string {
	v, err := decode([]byte(text))
	switch {
	case err != nil:
		return text
	case v == nil:
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return prStr(text)
}

func printClojure(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("nil")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case json.Number:
		b.WriteString(javaNumber(string(v)))
	case string:
		b.WriteByte('"')
		for _, r := range v {
			switch r {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\t':
				b.WriteString(`\t`)
			case '\r':
				b.WriteString(`\r`)
			case '\f':
				b.WriteString(`\f`)
			case '\b':
				b.WriteString(`\b`)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			printClojure(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			printClojure(b, k)
			b.WriteByte(' ')
			printClojure(b, v[k])
		}
		b.WriteByte('}')
	}
}

// javaNumber prints a JSON number as the JVM does once Cheshire has parsed
// it: an integer in decimal, anything else as Java's Double.toString.
func javaNumber(s string) string {
	if isInteger(s) {
		if i, ok := new(big.Int).SetString(s, 10); ok {
			return i.String()
		}
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	if a := math.Abs(f); a == 0 || (a >= 1e-3 && a < 1e7) {
		t := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(t, ".") {
			t += ".0"
		}
		return t
	}
	t := strconv.FormatFloat(f, 'e', -1, 64) // e.g. 1.5e+21, 1e-05
	mant, exp, _ := strings.Cut(t, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}
