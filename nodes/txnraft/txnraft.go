package txnraft

import (
	"encoding/json"
	"fmt"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/nodes/raft/rsm"
	"github.com/eddy-sim/eddy/nodes/txn"
)

// Program runs txn-list-append and txn-rw-register transactions through
// Raft; see the package documentation.
func Program(n *node.Node) {
	rep, err := rsm.Start(n, txn.NewMachine(), rsm.DefaultConfig())
	if err != nil {
		// Storage this program wrote cannot be read back: nothing safe
		// is left to do.
		panic(fmt.Sprintf("txnraft: %v", err))
	}
	n.Handle("txn", func(msg node.Message) error {
		c, _, err := txn.ParseRequest(msg)
		if err != nil {
			return err
		}
		cmd, err := wire.Marshal(c)
		if err != nil {
			return err
		}
		rep.Propose(cmd, func(res json.RawMessage, err error) {
			switch {
			case err != nil:
				err = n.ReplyError(msg, err)
			case res == nil:
				n.Logf("txnraft: %s's request %d ran already", c.Client, c.Seq)
			default:
				err = n.Reply(msg, res)
			}
			if err != nil {
				n.Logf("txnraft: %v", err)
			}
		})
		return nil
	})
}
