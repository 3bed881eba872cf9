package sim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/engine"
)

// client is one of Maelstrom's clients: an endpoint c<N> with at most one
// request in flight. It numbers its requests 1, 2, 3, … and skips any
// message that is not the reply it awaits, as Maelstrom's clients do.
type client struct {
	id        string
	r         *run
	lastMsgID int64
	awaiting  int64 // msg_id of the request in flight, 0 when idle
	onReply   func(node.Message)
}

func (r *run) openClient() *client {
	c := &client{id: "c" + strconv.Itoa(r.clients), r: r}
	r.clients++
	r.w.Register(c.id, c)
	return c
}

func (c *client) close() { c.r.w.Unregister(c.id) }

// call sends body to dest and calls onReply with the reply, or onTimeout if
// none arrives within timeout.
func (c *client) call(dest string, body []byte, timeout time.Duration, onReply func(node.Message), onTimeout func()) error {
	c.lastMsgID++
	id := c.lastMsgID
	body, err := wire.SetInt(body, "msg_id", id)
	if err != nil {
		return fmt.Errorf("client %s: %w", c.id, err)
	}
	c.awaiting, c.onReply = id, onReply
	c.r.w.Send(c.id, dest, body)
	c.r.w.After(timeout, func() {
		if c.awaiting == id {
			c.awaiting = 0
			onTimeout()
		}
	})
	return nil
}

// Deliver implements engine.Endpoint.
func (c *client) Deliver(p *engine.Packet) {
	msg, err := node.NewMessage(p.Src, p.Dest, p.Body)
	if err != nil {
		c.r.problem(p.Src, "malformed-reply", fmt.Sprintf("sent %s a body that is not a valid message: %v", c.id, err))
		return
	}
	if c.awaiting == 0 || msg.InReplyTo != c.awaiting {
		return
	}
	c.awaiting = 0
	c.onReply(msg)
}

// sendInit sends init to a node from a fresh client and reports whether it
// answered init_ok in time.
func (r *run) sendInit(id string, done func(error)) {
	c := r.openClient()
	body, _ := json.Marshal(map[string]any{"type": "init", "node_id": id, "node_ids": r.o.Nodes})
	err := c.call(id, body, initTimeout, func(msg node.Message) {
		c.close()
		if msg.Type != "init_ok" {
			done(fmt.Errorf("node %s answered init with %s: %s", id, msg.Type, msg.Body))
			return
		}
		done(nil)
	}, func() {
		c.close()
		done(fmt.Errorf("node %s did not answer init within %v; does it print init_ok with in_reply_to 1, "+
			"one JSON object per line, and flush stdout after every line?", id, initTimeout))
	})
	if err != nil {
		done(err)
	}
}
