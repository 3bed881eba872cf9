// Package broadcast is the broadcast node: every value a client broadcasts
// to any node must reach every node, despite partitions, loss, duplicated
// messages and crashes, and cheaply.
//
// The suggested topology is acknowledged and ignored. Nodes are split, in
// node_ids order, into groups of about √n; the first node of each group is
// its hub. A value travels along a tree over these groups: from the node a
// client gave it to, to its hub; from that hub to its own members and to
// every other hub; from each other hub to its members. Every node is at
// most three hops from every other, and each value crosses each link once.
//
// Links are reliable on top of an unreliable network: a node batches the
// values it owes each neighbour and sends them on a timer tick; the
// neighbour acknowledges the batch; values not acknowledged within the
// retry interval are sent again. Receiving is idempotent (a value seen
// twice changes nothing), so duplicates and retries are harmless. Every
// value is written to durable storage before it is acknowledged to anyone,
// so a node that crashes and restarts still has it; on restart it offers
// everything it has to its neighbours again.
//
// The tick trades messages for latency: Program ticks every 100 ms
// (Gossip Glomers 3e: under 20 server messages per operation), Fast every
// 50 ms (3d: lower latency, more messages).
//
// The planted bugs show what each of those parts is for: BugNoRetry
// forgets values a partition ate, BugNoForward keeps values to itself, and
// BugFlood sends every value to everyone from everyone.
package broadcast
