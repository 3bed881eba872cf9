// Package gset is the g-set node: a grow-only set, replicated on every node
// as a state-based CRDT (Shapiro et al., "A comprehensive study of
// Convergent and Commutative Replicated Data Types", 2011, §3.3.1).
//
// Each node keeps the set of elements it knows. An add puts the element in
// the local set and in durable storage (one key per element, so a node
// that crashes and restarts still has it), then acknowledges; a read
// answers the local set as it is. Replicas converge by merging: the merge
// of two sets is their union, which is commutative, associative and
// idempotent, so it does not matter in which order, how often, or how late
// states arrive. That is why gossip needs no acknowledgements, no retries
// and no ordering: a message that a partition or a crash ate is simply
// superseded by a later one.
//
// Gossip is delta plus anti-entropy. Every tick (500 ms) a node sends each
// peer one message: on most ticks only the delta, the elements clients
// added at this node since the last tick (nothing at all if there are
// none); on every fourth tick (every 2 s), and on the first tick after a
// start, its whole set. Deltas keep the common case small and quick: an
// element reaches every node within a tick. The periodic full state is the
// anti-entropy that makes the protocol correct: whatever deltas were lost
// to a partition or a crash, two nodes that can talk again agree within
// one full round. Sending the full set every tick would also be correct,
// with the same number of messages but ever larger ones. Both messages go
// to every peer directly, so there is no forwarding and every element
// crosses each link about once in a delta plus once per full round.
//
// Under Maelstrom's g-set workload the final reads come 10 s after the
// network heals, by which time at least four full rounds have run, so
// every final read holds every acknowledged element.
//
// BugDeltaOnly is the same node without the anti-entropy: it sends each
// delta once, so an element whose delta a partition dropped never reaches
// the other side.
package gset
