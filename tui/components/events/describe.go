package events

import (
	"fmt"
	"slices"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui/frame"
)

// Describe is one event as the log shows it, after its kind.
func Describe(x *frame.Index, ev *trace.Event) string {
	switch ev.Kind {
	case trace.KindSend:
		return fmt.Sprintf("%s→%s %s %s", ev.Src, ev.Dest, x.Type(ev), ev.Body)
	case trace.KindDeliver:
		return fmt.Sprintf("%s→%s %s", ev.Src, ev.Dest, x.Type(ev))
	case trace.KindDrop:
		return fmt.Sprintf("%s→%s %s (%s)", ev.Src, ev.Dest, x.Type(ev), ev.Reason)
	case trace.KindTimer:
		return fmt.Sprintf("%s #%d", ev.Node, ev.Timer)
	case trace.KindFault:
		return fmt.Sprintf("%s %s", ev.Fault, ev.Detail)
	case trace.KindOp:
		var op history.Op
		if wire.Unmarshal(ev.Op, &op) != nil {
			return string(ev.Op)
		}
		s := fmt.Sprintf("%s p%d %s %s", op.Type, op.Process, op.F, op.Value)
		if len(op.Error) > 0 {
			s += fmt.Sprintf(" %v", op.Error)
		}
		return s
	case trace.KindLog:
		return fmt.Sprintf("%s %s", ev.Node, ev.Text)
	case trace.KindCrash:
		return fmt.Sprintf("%s %s", ev.Node, ev.Reason)
	}
	return ""
}

// Matches reports whether an event matches every filter term: an id at
// either end or where it happened, its message type, or its kind.
func Matches(x *frame.Index, ev *trace.Event, terms []string) bool {
	for _, t := range terms {
		if t != ev.Src && t != ev.Dest && t != ev.Node && t != ev.Kind && t != x.Type(ev) && !opBy(ev, t) {
			return false
		}
	}
	return true
}

// opBy reports whether an operation event went to node (or came from client) t.
func opBy(ev *trace.Event, t string) bool {
	if ev.Kind != trace.KindOp {
		return false
	}
	var op struct{ Node, Client string }
	return wire.Unmarshal(ev.Op, &op) == nil && slices.Contains([]string{op.Node, op.Client}, t)
}
