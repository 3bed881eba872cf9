package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Header is the routing part of a message body: the reserved keys every
// runtime reads before handing the body to a handler.
type Header struct {
	Type         string
	MsgID        int64
	HasMsgID     bool
	InReplyTo    int64
	HasInReplyTo bool
}

// ParseHeader reads type, msg_id and in_reply_to from a body without decoding
// the rest of it. A null msg_id or in_reply_to counts as absent.
func ParseHeader(body []byte) (Header, error) {
	var h Header
	var ferr error
	err := Fields(body, func(key, val []byte) bool {
		switch string(key) {
		case `"type"`:
			h.Type, ferr = parseString(val)
			if ferr != nil {
				ferr = fmt.Errorf("type: %w", ferr)
			}
		case `"msg_id"`:
			h.MsgID, h.HasMsgID, ferr = parseInt(val)
			if ferr != nil {
				ferr = fmt.Errorf("msg_id: %w", ferr)
			}
		case `"in_reply_to"`:
			h.InReplyTo, h.HasInReplyTo, ferr = parseInt(val)
			if ferr != nil {
				ferr = fmt.Errorf("in_reply_to: %w", ferr)
			}
		}
		return ferr == nil
	})
	if err != nil {
		return h, err
	}
	return h, ferr
}

// String decodes a raw JSON string, such as a key Fields passes.
func String(raw []byte) (string, error) { return parseString(raw) }

func parseString(val []byte) (string, error) {
	if len(val) < 2 || val[0] != '"' {
		return "", fmt.Errorf("want a string, got %.40s", val)
	}
	inner := val[1 : len(val)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), nil
	}
	var s string
	if err := json.Unmarshal(val, &s); err != nil {
		return "", err
	}
	return s, nil
}

// parseInt accepts JSON integers, integral floats (1.0, 1e3) and null.
func parseInt(val []byte) (int64, bool, error) {
	if string(val) == "null" {
		return 0, false, nil
	}
	if n, err := strconv.ParseInt(string(val), 10, 64); err == nil {
		return n, true, nil
	}
	f, err := strconv.ParseFloat(string(val), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false, fmt.Errorf("want an integer, got %.40s", val)
	}
	return int64(f), true, nil
}

// SetInt returns body with the top-level key set to v. An existing value is
// replaced in place; otherwise the key is inserted first. The result is a new
// slice; body is not modified.
func SetInt(body []byte, key string, v int64) ([]byte, error) {
	quoted := `"` + key + `"`
	start, end := -1, -1
	err := Fields(body, func(k, val []byte) bool {
		if string(k) == quoted {
			// Keep scanning: with a duplicated key the last one wins, as in
			// every JSON decoder, so that is the one to replace.
			start = offset(body, val)
			end = start + len(val)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(body)+len(quoted)+24)
	if start >= 0 {
		out = append(out, body[:start]...)
		out = strconv.AppendInt(out, v, 10)
		return append(out, body[end:]...), nil
	}
	open := skipSpace(body, 0)
	out = append(out, '{')
	out = append(out, quoted...)
	out = append(out, ':')
	out = strconv.AppendInt(out, v, 10)
	rest := body[skipSpace(body, open+1):]
	if len(rest) > 0 && rest[0] != '}' {
		out = append(out, ',')
	}
	return append(out, rest...), nil
}

// offset returns the index of sub within s; sub must be a subslice of s.
func offset(s, sub []byte) int {
	return cap(s) - cap(sub)
}
