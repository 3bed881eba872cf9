// Package nemesis schedules faults: Maelstrom's partitions, crash-restart
// and pause, and Eddy's one-way partitions and clock skew.
//
// Each enabled fault kind runs its own flip-flop, as Maelstrom's partition
// nemesis does: start a fault, wait a random time uniform in
// [0, 2 × interval], stop it, wait again, and so on until the main phase
// ends. Each kind draws from its own random stream, so enabling one more kind
// does not change when or where the others strike. Every start and stop is
// recorded in the trace with its targets. Heal stops whatever is active,
// which is how the final phase begins.
package nemesis
