// Package workload defines what clients do in a run and how the result is
// judged: Maelstrom's workloads (echo, unique-ids, …), each in its own file.
//
// A Workload generates the operations of the main phase, turns each into a
// request body, reads the reply back into the operation's value (checking
// the reply against Maelstrom's schema for it), names the final-phase
// operations if it has any, and checks the finished history. Everything
// about clients that is the same for all workloads — ids, timeouts, the
// stagger, ok/fail/info — lives in the harness (package sim), so adding a
// workload is a matter of one file and one line in registry.go.
//
// Workloads whose clients keep state between operations, or need several
// requests for one (kafka: a poll, then commit_offsets), implement Clients
// as well, and the harness drives their operations through it.
package workload
