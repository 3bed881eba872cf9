// Package network is the simulated packet network: for each message it
// decides, from its own random stream, whether the message is dropped (and
// why) or when it arrives, and whether it arrives twice.
//
// The model is Maelstrom's, plus faults Maelstrom lacks. Links are of three
// kinds. Client links (an end whose id starts with "c") have no latency and
// no faults: Maelstrom treats clients as co-located, since latency there
// would hide anomalies. Service links (a node talking to lin-kv, say) have
// latency but are never cut. Node links (between two cluster nodes) have
// latency, loss, duplication and partitions. Latency is drawn per message
// from a constant, uniform (0 to 2×mean) or exponential distribution; the
// last two reorder messages. A partition is a set of directed cuts, so a
// one-way partition is just a cut in one direction. Cuts are checked when a
// message is sent, as in Maelstrom: a message already in flight arrives.
package network
