// Package engine is the deterministic core of the simulator: a virtual
// clock, one event queue, and the World that owns the network and everything
// attached to it.
//
// Events are ordered by (time, insertion sequence), so two events at the
// same instant always run in the order they were scheduled. Step pops one
// event, moves the clock to its time and runs it to completion; nothing runs
// concurrently. The engine never reads a real clock: in a simulation the
// caller steps as fast as it can, and for real processes (sim/host) a driver
// steps in time with the wall clock and injects what processes print with
// Advance and Send.
//
// Endpoints are whatever has an id on the network: the cluster's nodes, the
// clients, the services. A node running in this process is a Server (see
// server.go), which adapts node.Node to the virtual world and implements
// crash, restart, pause and clock skew.
package engine
