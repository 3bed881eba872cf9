// Package stdio runs one node program as a Maelstrom node process: messages
// arrive as JSON lines on stdin, the node's messages leave as JSON lines on
// stdout, and its log goes to stderr (Maelstrom spec §1).
//
//	func main() { os.Exit(stdio.Main(echo.Program)) }
//
// This is the edge between pure node code and the real world, so it is the
// one place that reads the wall clock, touches files and starts a goroutine.
// The model is still the node contract's: a single event loop runs every
// handler, RPC callback and timer, one at a time and to completion. A reader
// goroutine only turns stdin into lines; it never calls node code.
//
// # Lines
//
// Every stdin line is parsed with Maelstrom's closed envelope schema; the
// envelope "id" Maelstrom adds is accepted and ignored. A malformed line is
// logged to stderr and skipped: one bad line must not take the node down.
// Lines may be up to 64 MiB long. (Maelstrom's own Go library stops at
// bufio.Scanner's 64 KiB default, which large broadcast or kafka messages
// exceed.) A longer line is skipped and logged, like a malformed one.
//
// Stdout carries protocol lines only, each written with one Write call as
// soon as the node sends it: nothing is buffered, so an init_ok never sits
// in a buffer while Maelstrom times out. Bodies are compacted onto one line
// and checked before writing, so a program's raw body cannot break the line
// protocol.
//
// # Ending
//
// At end of stdin, lines already read are handled, then Run returns nil;
// pending timers are abandoned. A panic in node code is a crash: Run logs
// the stack and then a one-line summary (last, because Maelstrom shows only
// the last 32 lines of a crashed node's stderr) and returns an error.
// Errors that are the node's to handle (a handler error on a message that
// expects no reply, a reply nobody awaits) are logged and the loop goes on.
//
// # Storage
//
// n.Storage() is a directory with one file per key. A key's file name is
// the key with every byte outside [a-z0-9._-] (and a leading '.') written
// as %XX, plus ".val": readable with ls, unambiguous, and free of clashes on
// case-insensitive file systems. Put writes a temporary file, fsyncs it,
// renames it over the old value and fsyncs the directory, so a crash at any
// point leaves the old value or the new one, never a torn one.
//
// The directory is Options.DataDir if set. Otherwise it is chosen when the
// node first uses storage, since its name depends on the node id, which only
// init reveals: $EDDY_DATA_DIR/<node-id> if EDDY_DATA_DIR is set, else
// <os.TempDir()>/eddy-<node-id>. That default survives a restart of the
// node, which is its purpose, but also outlives a test run: a later run of
// a node with the same id finds the earlier run's data. The runtime logs the
// directory and how many keys it already holds; set EDDY_DATA_DIR (or
// DataDir) to a fresh directory per test run to start clean.
//
// # Randomness
//
// n.Rand() is stream "node/<id>" of Options.Seed, derived as the simulator
// derives a node's stream. A zero seed is replaced by one from crypto/rand.
// The seed is logged at init, so a run's random choices can be repeated,
// although real-time message order cannot.
package stdio
