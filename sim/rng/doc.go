// Package rng derives a run's random streams from its seed.
//
// Each subsystem of a run (the network, the nemesis, the workload, each node)
// draws from its own stream, named and derived from the one seed. Adding a
// draw in one subsystem therefore never reshuffles another's: a new fault
// kind does not change which messages the network loses.
package rng
