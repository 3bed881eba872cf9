package service

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/rng"
)

// The ids of Maelstrom's services, which are also their names.
const (
	LinKV  = "lin-kv"
	LinTSO = "lin-tso"
	LWWKV  = "lww-kv"
	SeqKV  = "seq-kv"
)

// Names lists every service, sorted: the ids Maelstrom starts in every run.
func Names() []string { return []string{LinKV, LinTSO, LWWKV, SeqKV} }

// Service is one of Maelstrom's services attached to a World. It handles
// each request when it is delivered and sends its reply back through the
// World, so replies get the network's latency like any message.
type Service struct {
	id        string
	w         *engine.World
	b         behaviour
	onProblem func(src, text string)
}

// behaviour is what makes one service different from another. handle
// answers a request from src, or reports known=false when the service does
// not handle its type (Maelstrom's service then throws, and never replies).
type behaviour interface {
	handle(src string, req *request) (res result, known bool)
	// types names the request types the service handles, for problem texts.
	types() string
}

// New attaches the service called name to w under that id. Its randomness
// (which state seq-kv reads, which replica lww-kv uses) comes from the
// stream "service/"+name of seed. onProblem, if not nil, is told of each
// request a node should not have sent: one of a type the service does not
// handle, which Maelstrom silently drops, or one missing a field, which
// Maelstrom takes as null.
func New(w *engine.World, name string, seed uint64, onProblem func(src, text string)) (*Service, error) {
	r := rng.Stream(seed, "service/"+name)
	var b behaviour
	switch name {
	case LinKV:
		b = newLinKV()
	case SeqKV:
		b = newSeqKV(r)
	case LWWKV:
		b = newLWWKV(r)
	case LinTSO:
		b = &linTSO{}
	default:
		return nil, fmt.Errorf("unknown service %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	s := &Service{id: name, w: w, b: b, onProblem: onProblem}
	w.Register(name, s)
	return s, nil
}

// Register attaches each named service to w; see New.
func Register(w *engine.World, names []string, seed uint64, onProblem func(src, text string)) error {
	for _, name := range names {
		if _, err := New(w, name, seed, onProblem); err != nil {
			return err
		}
	}
	return nil
}

// ID is the service's id on the network, e.g. "lin-kv".
func (s *Service) ID() string { return s.id }

// Deliver handles one request and sends the reply, if there is one.
func (s *Service) Deliver(p *engine.Packet) {
	req, err := parseRequest(p.Body)
	if err != nil {
		s.problem(p.Src, fmt.Sprintf("sent %s a body it cannot read (%v); Maelstrom's service would throw on it and never reply", s.id, err))
		return
	}
	res, known := s.b.handle(p.Src, req)
	if !known {
		what := "a message with no string \"type\""
		if req.typ != "" {
			what = fmt.Sprintf("a %q request", req.typ)
		}
		s.problem(p.Src, fmt.Sprintf("sent %s %s (msg_id %s), which it does not handle (only %s); like Maelstrom's, it drops it without a reply, so the sender waits in vain",
			s.id, what, req.msgID, s.b.types()))
		return
	}
	for _, name := range req.missing {
		s.problem(p.Src, fmt.Sprintf("sent %s a %q request (msg_id %s) without %q; Maelstrom takes a missing field as null, and so does Eddy",
			s.id, req.typ, req.msgID, name))
	}
	s.w.Send(s.id, p.Src, res.encode(req.msgID))
}

func (s *Service) problem(src, text string) {
	if s.onProblem != nil {
		s.onProblem(src, text)
	}
}

// request is a request body as Maelstrom's services see it: its top-level
// fields, each read on demand.
type request struct {
	typ     string // "" when missing or not a string
	msgID   string // canonical JSON of msg_id; "null" when missing
	fields  map[string]json.RawMessage
	missing []string // fields asked for but absent, in the order asked
}

func parseRequest(body []byte) (*request, error) {
	var fields map[string]json.RawMessage
	if err := wire.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	if fields == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	req := &request{fields: fields, msgID: "null"}
	if raw, ok := fields["type"]; ok && len(raw) > 0 && raw[0] == '"' {
		if err := wire.Unmarshal(raw, &req.typ); err != nil {
			return nil, fmt.Errorf("type: %w", err)
		}
	}
	if raw, ok := fields["msg_id"]; ok {
		// Maelstrom copies msg_id, whatever it is, into in_reply_to.
		id, err := canonical(raw)
		if err != nil {
			return nil, fmt.Errorf("msg_id: %w", err)
		}
		req.msgID = id
	}
	return req, nil
}

// arg returns the canonical JSON of field name, "null" when it is absent
// (as Clojure's (:name body) is nil), and notes the absence.
func (r *request) arg(name string) string {
	raw, ok := r.fields[name]
	if !ok {
		if !slices.Contains(r.missing, name) {
			r.missing = append(r.missing, name)
		}
		return "null"
	}
	v, err := canonical(raw)
	if err != nil { // cannot happen: the body decoded
		return "null"
	}
	return v
}

// truthy reports whether field name is set to anything but null or false,
// which is what makes a value true in Clojure. Its absence is no problem.
func (r *request) truthy(name string) bool {
	raw, ok := r.fields[name]
	if !ok {
		return false
	}
	v, err := canonical(raw)
	return err == nil && v != "null" && v != "false"
}

// result is a reply body without in_reply_to: type plus one field, or an
// error with code and text.
type result struct {
	typ   string
	field string // name of the one extra field ("value", "ts"), or ""
	raw   string // its JSON text
	code  int    // for an error
	text  string // for an error
}

func errorResult(code int, text string) result { return result{typ: "error", code: code, text: text} }

// encode writes the reply with Maelstrom's key order: the handler's keys,
// then in_reply_to (what Clojure's assoc onto a small map gives).
func (r result) encode(inReplyTo string) []byte {
	b := make([]byte, 0, 64+len(r.raw)+len(r.text))
	b = append(b, `{"type":`...)
	b = wire.AppendString(b, r.typ)
	if r.typ == "error" {
		b = append(b, `,"code":`...)
		b = strconv.AppendInt(b, int64(r.code), 10)
		b = append(b, `,"text":`...)
		b = wire.AppendString(b, r.text)
	} else if r.field != "" {
		b = append(b, ',')
		b = wire.AppendString(b, r.field)
		b = append(b, ':')
		b = append(b, r.raw...)
	}
	b = append(b, `,"in_reply_to":`...)
	b = append(b, inReplyTo...)
	return append(b, '}')
}
