// Package kafka checks histories of Maelstrom's kafka workload: keyed,
// append-only logs that clients send messages to and poll back, in the
// manner of Jepsen's jepsen.tests.kafka (v0.3.7), which Maelstrom runs. Its
// error names, their meaning and the result's keys are Jepsen's.
//
// # Model
//
// Operations have f "send" or "poll" (or "txn", mixing both), whose values
// are lists of micro-ops, "assign", whose value lists the keys a client
// reads from next, and "crash", which the checker ignores:
//
//	send  invoked [["send", k, v]]        ok [["send", k, [offset, v]]]
//	poll  invoked [["poll"]]              ok [["poll", {k: [[offset, v], …], …}]]
//
// A send that failed or timed out keeps its invocation's value. Every
// (k, v) is sent at most once. Each key's version order is its log as the
// history shows it: every [offset, v] an ok send or a poll returned,
// sorted by offset, the holes between offsets removed, so that a
// message's index is its position among the offsets anyone observed.
//
// # Errors
//
//   - inconsistent-offsets: two messages at one offset of a key.
//   - duplicate: one message at two offsets of a key.
//   - lost-write: a message that ok polls should have returned, since they
//     returned one after it in its key's log, but none did.
//   - poll-skip, nonmonotonic-poll: a process's poll of a key did not
//     begin with the message right after the last one its previous poll of
//     the key returned, but further on (skip), or at or before it. An
//     assign that drops a key starts afresh on it; so does every new
//     process (a crashed client's successor).
//   - int-poll-skip, int-nonmonotonic-poll: the same within one poll.
//   - nonmonotonic-send, int-nonmonotonic-send: a process's send of a key
//     landed at or before its previous one, across operations or within
//     one. int-send-skip (two sends of one operation not adjacent in the
//     log) is allowed: other clients' sends interleave.
//   - G1a: an ok poll returned a message whose send failed.
//   - G1c-realtime: an ok poll returned a message whose send began only
//     after the poll ended: a cycle of a write-read and a real-time
//     dependency, Elle's name for it.
//   - garbage-read: an ok poll returned a message no operation sent.
//     Jepsen stops with an exception there ("no-writer-of-value").
//   - unseen: messages an ok send acknowledged that no ok poll returned by
//     the end of the history (after the final polls).
//
// As in Maelstrom, a history is valid unless it has an error other than
// int-send-skip and Elle's G0 family and PL-1-cycle-exists. The result also
// reports info-txn-causes (why sends and polls timed out or crashed) and
// worst-realtime-lag, the longest a poll was behind the newest message it
// could have known about.
//
// # Cycles
//
// Jepsen runs Elle over the sends and polls, with wr edges (from a send to
// each poll that returned its message) and, since Maelstrom asks for
// strict serializability, real-time edges (T1 completed before T2 was
// invoked); its ww edges are off in Maelstrom. A send has no incoming wr
// edge and a poll no outgoing one. If every poll completed after the
// invocation of each send it read from, every edge leads to a later point
// of the history (a real-time edge from a completion to a later
// invocation, a wr edge from an invocation to a later completion), and no
// cycle can close. So there is a cycle exactly when some ok poll completed
// before the send it read from was invoked, and then the two-edge cycle
// reported as G1c-realtime is one. No graph is built.
//
// # Cost
//
// The check is linear in the size of the history, plus sorting each key's
// observations. Nothing is indexed by offset, so huge or sparse offsets
// cost no more than small dense ones (Maelstrom issue #51: Jepsen's
// analysis builds vectors as long as the largest offset, and ran out of
// memory). Reports list at most MaxErrs cases per error type.
//
// Differences from Jepsen, besides the report trimming: a poll that returns
// an empty list for a key counts as not having read it (Jepsen compares the
// next poll of the key with nothing and so misses a skip after it), and
// precommitted-read is not checked: it needs a transaction that polls and
// sends, which Maelstrom never makes.
package kafka
