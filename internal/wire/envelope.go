package wire

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Envelope is one message as it crosses a wire: Maelstrom's
// {"id": 17, "src": "c3", "dest": "n1", "body": {...}}.
type Envelope struct {
	ID    int64 // Maelstrom's global message counter; ignored when read from a node
	HasID bool
	Src   string
	Dest  string
	Body  []byte // the raw JSON object
}

// AppendEnvelope appends the single-line JSON encoding of an envelope, keys
// in Maelstrom's order (id, src, dest, body). body must be a JSON object.
func AppendEnvelope(dst []byte, id int64, src, dest string, body []byte) []byte {
	dst = append(dst, `{"id":`...)
	dst = strconv.AppendInt(dst, id, 10)
	dst = append(dst, `,"src":`...)
	dst = AppendString(dst, src)
	dst = append(dst, `,"dest":`...)
	dst = AppendString(dst, dest)
	dst = append(dst, `,"body":`...)
	dst = append(dst, body...)
	return append(dst, '}')
}

// AppendMessage appends an envelope without an id, as a node writes it:
// {"src":…,"dest":…,"body":…}.
func AppendMessage(dst []byte, src, dest string, body []byte) []byte {
	dst = append(dst, `{"src":`...)
	dst = AppendString(dst, src)
	dst = append(dst, `,"dest":`...)
	dst = AppendString(dst, dest)
	dst = append(dst, `,"body":`...)
	dst = append(dst, body...)
	return append(dst, '}')
}

// ParseEnvelope decodes one line a node printed, with Maelstrom's closed
// schema: only src, dest, body and an optional integer id; src and dest are
// strings; body is an object whose type is a string. The returned Body
// aliases line. Errors say what was wrong in words a learner can act on.
func ParseEnvelope(line []byte) (Envelope, error) {
	var env Envelope
	if !Valid(line) {
		return env, fmt.Errorf("not well-formed JSON")
	}
	var ferr error
	seen := map[string]bool{}
	err := Fields(line, func(key, val []byte) bool {
		k, err := parseString(key)
		if err != nil {
			ferr = err
			return false
		}
		if seen[k] {
			ferr = fmt.Errorf("key %q appears twice", k)
			return false
		}
		seen[k] = true
		switch k {
		case "id":
			env.ID, env.HasID, ferr = parseInt(val)
		case "src":
			env.Src, ferr = parseString(val)
		case "dest":
			env.Dest, ferr = parseString(val)
		case "body":
			env.Body = val
		default:
			ferr = fmt.Errorf("unexpected top-level key %q (only src, dest, body and id are allowed)", k)
		}
		if ferr != nil && k != "" {
			ferr = fmt.Errorf("%s: %w", k, ferr)
		}
		return ferr == nil
	})
	if err == ErrNotObject {
		return env, fmt.Errorf("not a JSON object")
	}
	if err != nil {
		return env, err
	}
	if ferr != nil {
		return env, ferr
	}
	switch {
	case !seen["src"]:
		return env, fmt.Errorf("missing src")
	case !seen["dest"]:
		return env, fmt.Errorf("missing dest")
	case !seen["body"]:
		return env, fmt.Errorf("missing body")
	}
	h, err := ParseHeader(env.Body)
	if err != nil {
		return env, fmt.Errorf("body: %w", err)
	}
	if h.Type == "" {
		return env, fmt.Errorf("body: missing type")
	}
	return env, nil
}

// AppendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does, so the output is always valid JSON.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
