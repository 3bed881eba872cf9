// Package node is Eddy's node contract: what a node program is, and what it
// can do through its environment.
//
// A node program is a Program: a function that runs once when the node
// receives Maelstrom's init message, learns its id and the cluster, and
// registers handlers and timers on the *Node it is given. From then on the
// node is pure event handling. Handlers, RPC callbacks and timers run one at a
// time, each to completion; none of them may block, start goroutines, read
// the wall clock or use global randomness. Time, randomness, messaging and
// durable storage all come from the *Node, which a runtime backs: the stdio
// runtime (nodes/stdio) with a real clock and stdin/stdout, the simulator
// (sim) with a virtual clock and a faulty network. That is why one program
// runs unchanged under the real Maelstrom and, deterministically, in Eddy.
//
//	func Echo(n *node.Node) {
//		n.Handle("echo", func(msg node.Message) error {
//			var body map[string]any
//			if err := msg.Decode(&body); err != nil {
//				return err
//			}
//			body["type"] = "echo_ok"
//			return n.Reply(msg, body)
//		})
//	}
//
// Someone who has used Maelstrom's Go library will find Handle, Send, Reply
// and RPC where they expect them; the differences follow from the
// single-threaded model: RPC takes a callback and a timeout instead of
// blocking, and timers (After, Every) replace sleeping goroutines.
//
// A crash loses everything a program keeps in variables. What it writes to
// Storage survives: after a restart the runtime builds a fresh Node, sends
// init again, and the program can reload its state.
//
// The runtime side of the contract is Host plus Node's Deliver and Fire
// methods; programs never call those.
package node
