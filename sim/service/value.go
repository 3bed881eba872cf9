package service

import (
	"encoding/json"
	"github.com/eddy-sim/eddy/internal/wire"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// canonical is the services' value equality: see wire.Canonical.
func canonical(raw []byte) (string, error) { return wire.Canonical(raw) }

// prStr renders a canonical value as Clojure's pr-str prints it, which is
// how Maelstrom quotes values in error texts: nil, "strings" in quotes,
// [vectors with spaces], {"maps" 1, "with" 2}, doubles as Java prints them
// (100.0, 1.0E21). Map entries come in key order; Clojure's own order is
// the parser's, which for small maps is the order in the request.
func prStr(text string) string {
	v, err := wire.DecodeNumbers([]byte(text))
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
	v, err := wire.DecodeNumbers([]byte(text))
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
	if wire.IsInteger(s) {
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
