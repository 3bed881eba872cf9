package node

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/eddy-sim/eddy/internal/wire"
)

// Message is one message delivered to a node. Body holds the wire bytes of
// the body object; Type, MsgID and InReplyTo are read from it for routing.
type Message struct {
	Src       string
	Dest      string
	Body      json.RawMessage
	Type      string
	MsgID     int64 // 0 when the body has no msg_id
	InReplyTo int64 // 0 when the body has no in_reply_to

	isRequest bool // the body carried a msg_id, so a reply is expected
}

// NewMessage parses a body's reserved keys and returns the message. Runtimes
// call it on every message they deliver.
func NewMessage(src, dest string, body []byte) (Message, error) {
	h, err := wire.ParseHeader(body)
	if err != nil {
		return Message{}, fmt.Errorf("message from %s: %w", src, err)
	}
	return Message{
		Src: src, Dest: dest, Body: body,
		Type: h.Type, MsgID: h.MsgID, InReplyTo: h.InReplyTo,
		isRequest: h.HasMsgID,
	}, nil
}

// Decode unmarshals the body into v (a pointer to a struct or a map).
func (m Message) Decode(v any) error {
	if err := wire.Unmarshal(m.Body, v); err != nil {
		return Errorf(MalformedRequest, "decoding %s body: %v", m.Type, err)
	}
	return nil
}

// IsRequest reports whether the body carried a msg_id, i.e. whether the
// sender expects a reply.
func (m Message) IsRequest() bool { return m.isRequest }

// replyError returns the *Error an error reply carries, or nil.
func (m Message) replyError() *Error {
	if m.Type != "error" {
		return nil
	}
	e := &Error{Code: Crash}
	if err := wire.Unmarshal(m.Body, e); err != nil {
		e.Text = fmt.Sprintf("malformed error body: %s", m.Body)
	}
	return e
}

// encodeBody turns a program's body value into wire bytes, which must form a
// JSON object.
func encodeBody(body any) ([]byte, error) {
	var b []byte
	switch v := body.(type) {
	case json.RawMessage:
		b = v
	case []byte:
		b = v
	default:
		var err error
		if b, err = wire.Marshal(body); err != nil {
			return nil, fmt.Errorf("encoding body: %w", err)
		}
	}
	if _, isRaw := body.(json.RawMessage); isRaw || isBytes(body) {
		// Raw bytes are the program's: they must be JSON, and the message
		// must not share them, or a reused buffer would rewrite a message
		// already in flight.
		if !wire.Valid(b) {
			return nil, fmt.Errorf("body %.60s: not valid JSON", b)
		}
		b = slices.Clone(b)
	}
	h, err := wire.ParseHeader(b)
	if err == nil && h.Type == "" {
		err = fmt.Errorf("no type")
	}
	if err != nil {
		return nil, fmt.Errorf("body %.60s: %w", b, err)
	}
	return b, nil
}

func isBytes(v any) bool {
	_, ok := v.([]byte)
	return ok
}
