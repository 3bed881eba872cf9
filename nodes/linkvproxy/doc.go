// Package linkvproxy is a lin-kv node that keeps no data: it forwards
// every client request to Maelstrom's lin-kv service and relays the
// answer, as Maelstrom's demo lin_kv_proxy.rb does. The service applies
// each request atomically at one instant between its arrival and its
// reply, so every operation takes effect between the client's request and
// the node's answer: the cluster is linearizable because the service is,
// whatever partitions and crashes do to the nodes (services are never
// partitioned). A node that crashes loses only requests in flight, which
// the clients record as timed out: indefinite, as they should be.
//
// Errors are relayed with their codes: 20 (key does not exist) and 22
// (precondition failed) are definite, and a request the service did not
// answer in time is reported as a timeout (code 0), indefinite, since the
// service may have applied it.
//
// BugSeqKV forwards to seq-kv instead, which is only sequentially
// consistent: a node's reads may be served from an older state than
// writes other nodes already had acknowledged. Maelstrom's demo points at
// this swap to show linearizability failures.
package linkvproxy
