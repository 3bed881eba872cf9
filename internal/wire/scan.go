package wire

import (
	"errors"
	"fmt"
)

// ErrNotObject is returned when a body is not a JSON object.
var ErrNotObject = errors.New("not a JSON object")

// Fields calls fn for each top-level key of the JSON object in data, with the
// raw (still quoted, still escaped) key and the raw bytes of its value. It
// stops early when fn returns false. Nested values are skipped by structure
// only: the scanner checks brackets and strings, not every literal, so it is
// meant for bytes that are already known to be JSON, and it never panics or
// loops on bytes that are not.
func Fields(data []byte, fn func(key, value []byte) bool) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return ErrNotObject
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return trailing(data, i+1)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return fmt.Errorf("offset %d: expected a key", i)
		}
		end, err := skipString(data, i)
		if err != nil {
			return err
		}
		key := data[i:end]
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return fmt.Errorf("offset %d: expected ':' after key %s", i, key)
		}
		i = skipSpace(data, i+1)
		vend, err := skipValue(data, i)
		if err != nil {
			return err
		}
		if !fn(key, data[i:vend]) {
			return nil
		}
		i = skipSpace(data, vend)
		if i >= len(data) {
			return fmt.Errorf("offset %d: unterminated object", i)
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return trailing(data, i+1)
		default:
			return fmt.Errorf("offset %d: expected ',' or '}'", i)
		}
	}
}

// Elements calls fn for the raw bytes of each element of the JSON array in
// data (null counts as an empty array), stopping early when fn returns
// false. Like Fields, it checks structure, not every literal.
func Elements(data []byte, fn func(elem []byte) bool) error {
	i := skipSpace(data, 0)
	if rest := data[i:]; len(rest) >= 4 && string(rest[:4]) == "null" {
		return trailing(data, i+4)
	}
	if i >= len(data) || data[i] != '[' {
		return fmt.Errorf("not a JSON array")
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return trailing(data, i+1)
	}
	for {
		end, err := skipValue(data, i)
		if err != nil {
			return err
		}
		if !fn(data[i:end]) {
			return nil
		}
		i = skipSpace(data, end)
		if i >= len(data) {
			return fmt.Errorf("offset %d: unterminated array", i)
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case ']':
			return trailing(data, i+1)
		default:
			return fmt.Errorf("offset %d: expected ',' or ']'", i)
		}
	}
}

func trailing(data []byte, i int) error {
	if i = skipSpace(data, i); i != len(data) {
		return fmt.Errorf("offset %d: trailing bytes after object", i)
	}
	return nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the offset just past the string starting at data[i]=='"'.
func skipString(data []byte, i int) (int, error) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("offset %d: unterminated string", i)
}

// skipValue returns the offset just past the value starting at data[i].
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, fmt.Errorf("offset %d: expected a value", i)
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipString(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("offset %d: unterminated value", i)
	default:
		j := i
		for j < len(data) {
			c := data[j]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				break
			}
			j++
		}
		if j == i {
			return 0, fmt.Errorf("offset %d: expected a value", i)
		}
		return j, nil
	}
}
