// Package trace records a run as JSON lines and reads it back.
//
// A trace is the ground truth of a run: a header line (seed, options, Eddy
// version), one line per event (a message sent, delivered or dropped and
// why, a timer, a fault, a client operation, a node's log line, a crash),
// and an end line carrying the SHA-256 of every line before it. Same seed
// and options give a byte-identical trace, so equal hashes mean equal runs;
// the determinism tests compare exactly that.
//
// Lines are built by appending bytes rather than by reflection, because a
// simulation writes one for every event it processes.
package trace
