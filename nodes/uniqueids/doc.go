// Package uniqueids is the unique-ids node: hand out ids that are unique
// across the cluster without any coordination, and across crashes too.
//
// An id is "<node>-<boot>-<seq>": the node id makes ids from different
// nodes distinct, seq makes ids from one run of a node distinct, and boot —
// a counter kept in durable storage and bumped at every start — makes ids
// from different runs of the same node distinct. Without boot, a node that
// crashes and restarts counts from zero again and repeats itself, which is
// what BugCounter does.
package uniqueids
