package node

import (
	"encoding/json"
	"fmt"

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
	encoded := false
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
		encoded = true
	}
	// Bytes from the encoder are valid JSON; that they form an object is all
	// there is left to check. Raw bytes from a program get the full check.
	if !encoded || len(b) == 0 || b[0] != '{' {
		if _, err := wire.ParseHeader(b); err != nil {
			return nil, fmt.Errorf("body %.60s: %w", b, err)
		}
	}
	return b, nil
}
