// Package host runs a cluster's nodes as real processes ("process mode"):
// any executable that speaks Maelstrom's protocol, one JSON message per line
// on stdin and stdout, free-form logs on stderr.
//
// # Model
//
// Each node id gets one process at a time (an incarnation, see proc); Kill
// ends it and Restart starts a fresh one under the same id. Every process
// leads its own process group, so ending a node also ends whatever it
// spawned. A Cluster registers its nodes as endpoints of an engine.World and
// implements engine.Node for each, so faults act on processes exactly as
// they act on in-process servers.
//
// The world is single-threaded and processes are not, so the two meet in
// one place: Drive, the real-time loop, runs on the caller's goroutine and
// is the only code that touches the world. Virtual time there is wall time
// since Drive started. Per process, goroutines do the blocking work and never
// touch the world:
//
//   - a writer feeds stdin from an in-memory queue, so a node that stops
//     reading stalls only itself (Deliver never blocks);
//   - two readers split stdout and stderr into lines and post them, in
//     batches, to one bounded inbox that Drive drains;
//   - a waiter notices the exit, kills what is left of the process group,
//     reaps the process, lets the readers drain, and posts the exit last, so
//     a crash report always comes after everything the node printed.
//
// The inbox is bounded, so a node that prints faster than Drive can route is
// slowed down the way a real pipe slows a writer: its writes block. Memory
// stays bounded by the inbox size, the per-node stdin limit and the longest
// line accepted.
//
// # Differences from Maelstrom, on purpose
//
//   - A line on stdout that is not a valid message (bad JSON, an envelope key
//     outside src/dest/body/id, a line over 16 MiB) is reported with the node
//     id and skipped, and reading goes on. Maelstrom stops reading that
//     node's stdout for the rest of the test, which hides every later bug.
//   - A message is routed as coming from the node whose stdout it came from.
//     If its src names someone else, that is reported ("wrong-src"):
//     Maelstrom does not check src and so lets one node impersonate another
//     or a client, which no real network allows and which garbles the net
//     statistics. The pipe is the truth; the claim is only reported.
//   - A process that exits on its own is reported as soon as it happens, with
//     its exit status and the last 32 lines of its stdout and stderr, and the
//     node is down from then on. Maelstrom only notices at teardown.
//   - At teardown stdin is closed first and nodes get a short grace to exit
//     on EOF; then the whole process group is killed, so grandchildren do
//     not linger (Maelstrom kills only the direct child).
//   - Clock skew cannot be applied: a real process reads the real clock.
package host
