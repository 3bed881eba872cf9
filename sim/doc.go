// Package sim runs a test: a cluster of nodes, Maelstrom's clients and
// workload, faults, and the checkers' verdict. It is the harness behind
// `eddy test` and the library Go tests use:
//
//	res, err := sim.Run(ctx, sim.Options{
//		Workload:  "unique-ids",
//		Node:      uniqueids.Program,
//		Nodes:     sim.NodeIDs(3),
//		TimeLimit: 10 * time.Second,
//		Nemesis:   []string{"partition", "kill"},
//	})
//	require.NoError(t, err)
//	assert.Equal(t, checker.Valid, res.Valid)
//
// A run has Maelstrom's shape: init every node, run the main phase with the
// nemesis for TimeLimit, and, for workloads with a final phase, heal every
// fault, wait Recovery and run the final operations of each client thread
// (one, or for kafka a crash, an assign and polls); then check. An
// operation is one request, or as many as a workload's stateful clients
// need (see workload.Clients). Nodes run in this process,
// deterministically in virtual time (a Go node.Program), or as real
// processes in real time (Bin). The harness logic is the same for both;
// only the backend that drives the world differs.
//
// The deterministic core lives in the subpackages: engine (clock, events,
// world), network, nemesis, rng, trace, history, workload, checker. This
// package is the edge that wires them together and measures wall time.
package sim
