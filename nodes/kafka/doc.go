// Package kafka is the kafka node (Gossip Glomers 5a and 5b): append-only
// logs, one per key, that clients send messages to and poll back from any
// node, with committed offsets, correct under partitions, node crashes and
// restarts.
//
// Nodes never talk to each other: every log lives in Maelstrom's lin-kv
// service, which partitions do not reach and crashes do not erase, as one
// JSON array per key ("log/<key>"). A message's offset is its index in that
// array, so offsets are dense from 0 and a poll at offset o returns o, o+1,
// … with no holes to reason about.
//
// A send appends by compare-and-swap of the whole array, from the log as
// the node last saw it to that plus the message, creating the key if the
// log was empty, and answers with the offset once the swap succeeded. A
// swap that finds the log changed (another node appended) re-reads it and
// tries again; only a successful swap makes a message visible, so two
// messages never share an offset and none is lost. Sends to one key that
// arrive while a swap is out wait, and the next swap appends them all: one
// round trip to lin-kv per batch, not per message. A swap that times out
// may or may not have happened, so the sends in it get an indefinite error
// (crash, 13); they are never retried, since a retry could append twice.
//
// Each node caches every log it has read or written: a prefix of the log
// in lin-kv, since logs only grow. A poll is answered from the cache,
// except that keys where the client has read everything cached are re-read
// first (one read in flight per key, shared by the polls that wait for it),
// so a client catching up costs nothing and one at the tip one read per
// key. Committed offsets live in lin-kv as "committed/<key>", written in
// the background only when they rise as far as the node knows; a lost or
// overtaken write can only leave an offset lower than it might be, so a
// client later assigned the key re-reads a few messages, which is allowed,
// and never skips one.
//
// Costs, with constant latency L to lin-kv and no contention: a send is one
// lin-kv round trip (2 messages, 2L; less per message when batched), plus a
// read and another swap for each append another node slipped in first; a
// poll is free from the cache or one read per key at the tip (2L); a
// commit is a write per key it raises, off the client's path; assign's
// list_committed_offsets is a read per key. The price of the design is that
// every append sends the whole log twice (from and to), which is fine for
// Maelstrom's workload (16 messages a key at most) but grows with the log:
// a long-lived log would want chunks, or a per-key offset counter plus one
// lin-kv key per message.
//
// BugBlindWrite is the classic read-modify-write race: it writes instead of
// swapping, so concurrent appends overwrite each other.
package kafka
