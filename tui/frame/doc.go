// Package frame is what the visualizer draws: a Frame is a snapshot of a
// run at one step — nodes and their exposed state, messages in flight,
// cuts, the trace and the history so far — built either from a live
// sim.Session or, for a stored run that cannot be replayed, from its trace
// (Tape). Components render frames and never touch the simulator.
//
// An Index reads the trace as it grows and answers what the trace alone
// does not say at a glance: the type of the message a delivery carries,
// the send of a message id, each event's Lamport timestamp.
package frame
